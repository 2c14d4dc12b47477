"""The filters of the list of all pairs (every one optional, read from the query string)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programmes.forms.recruitment import QuickSelect
from programmes.models import ApplicationStatus, Organisation, Programme

from ..selectors.dashboard import HEALTH_LABELS, NO_HEALTH, SORTS, STATUS_ORDER


class PairFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    health = forms.ChoiceField(label=_("Health"), required=False)
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            ("", _("All")),
            *((s.value, s.label) for s in STATUS_ORDER),
        ]
        self.fields["health"].choices = [
            ("", _("All")),
            *((colour.value, label) for colour, label in HEALTH_LABELS.items()),
            (NO_HEALTH, _("None (pair not going on)")),
        ]
        self.fields["sort"].choices = [
            ("", ""),
            *((key, key) for name in SORTS for key in (name, f"-{name}")),
        ]
        # The organisations of the programme's pairs' members (not only its current list).
        organisations = Organisation.objects.filter(
            pk__in=Organisation.objects.filter(
                applications__programme=programme, applications__status=ApplicationStatus.ACCEPTED
            ).values("pk")
        ).order_by("name")
        self.fields["organisation"].queryset = organisations
        for name in ("status", "organisation", "health"):
            field = self.fields[name]
            field.widget = QuickSelect(attrs={"class": "form-select"}, choices=field.choices)
        self.fields["organisation"].widget.choices = [
            ("", _("All")),
            *organisations.values_list("pk", "name"),
        ]

    def filters(self) -> dict:
        """The valid filters, by name; an invalid value is ignored rather than failing."""
        self.is_valid()
        return {
            name: value for name, value in self.cleaned_data.items() if value and name != "sort"
        }

    def sort_key(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("sort") or ""
