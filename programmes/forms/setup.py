"""Forms of programme setup: one per step, formsets for the lists, organisations, people."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from france.departements import DEPARTEMENT_CHOICES

from ..models import (
    CALENDAR_PHASES,
    RESERVED_SLUGS,
    WEIGHT_FIELDS,
    Organisation,
    Phase,
    Programme,
    SizeBand,
    bounds_of,
    validate_objectives,
)
from ..programme_file import MAX_FILE_BYTES, too_large_message
from ..services.setup import siret_clean

__all__ = [
    "CalendarFormSet",
    "CharterForm",
    "CoordinatorForm",
    "GeneralForm",
    "IndicatorFormSet",
    "MatchingForm",
    "OrganisationForm",
    "OrganisationsAddForm",
    "PhaseDatesForm",
    "ProgrammeCreateForm",
    "ReferentForm",
    "ReportsForm",
    "TemplateUploadForm",
    "TopicFormSet",
]


class ProgrammeCreateForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "slug", "description"]
        help_texts = {"slug": _("Lowercase letters, digits and hyphens, e.g. mentorat-bfc-2027.")}

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise ValidationError(
                _("“%(slug)s” is reserved by the platform: choose another short name.")
                % {"slug": slug}
            )
        return slug


class GeneralForm(forms.ModelForm):
    objectives = forms.CharField(
        label=_("Objectives"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One objective per line."),
    )

    class Meta:
        model = Programme
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["objectives"] = "\n".join(self.instance.objectives or [])

    def clean_objectives(self) -> list[str]:
        objectives = [
            line.strip() for line in self.cleaned_data["objectives"].splitlines() if line.strip()
        ]
        validate_objectives(objectives)
        return objectives


class PhaseDatesForm(forms.Form):
    """The dates of one phase of the calendar (its phase is given by the formset's initial)."""

    phase = forms.ChoiceField(
        choices=[(p, Phase(p).label) for p in CALENDAR_PHASES], widget=forms.HiddenInput
    )
    starts_on = forms.DateField(
        label=_("Starts on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    ends_on = forms.DateField(
        label=_("Ends on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date is before the start date."))
        return cleaned


class _FixedFormSet(forms.BaseFormSet):
    """A formset whose rows are fixed: its number of forms comes from its initial data."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra = 0


CalendarFormSet = forms.formset_factory(
    PhaseDatesForm, formset=_FixedFormSet, extra=0, max_num=len(CALENDAR_PHASES), validate_max=True
)


class TopicForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(
        label=_("Topic"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class IndicatorForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(
        label=_("Indicator"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    measure = forms.CharField(
        label=_("How it is measured"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    target = forms.CharField(
        label=_("Target"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class _ListFormSet(forms.BaseFormSet):
    """A list edited in place: each row may be reordered (its position) or removed; a row left
    empty is ignored. ``rows()`` gives the kept rows' cleaned data in their new order."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].label = _("Position")
        form.fields["ORDER"].widget.attrs.update({"class": "form-control", "min": 1})
        form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def rows(self) -> list[dict]:
        kept = [
            (f.cleaned_data.get("ORDER"), i, f.cleaned_data)
            for i, f in enumerate(self.forms)
            if f.cleaned_data.get("name", "").strip() and not f.cleaned_data.get("DELETE")
        ]
        # Rows without a position keep their place after the numbered ones.
        kept.sort(key=lambda row: (row[0] is None, row[0] or 0, row[1]))
        return [data for _order, _index, data in kept]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seen = set()
        for data in self.rows():
            key = " ".join(data["name"].split()).casefold()
            if key in seen:
                raise ValidationError(
                    _("“%(name)s” appears twice in the list.") % {"name": data["name"].strip()}
                )
            seen.add(key)


TopicFormSet = forms.formset_factory(
    TopicForm,
    formset=_ListFormSet,
    extra=3,
    can_order=True,
    can_delete=True,
    max_num=200,
    validate_max=True,
)
IndicatorFormSet = forms.formset_factory(
    IndicatorForm,
    formset=_ListFormSet,
    extra=2,
    can_order=True,
    can_delete=True,
    max_num=50,
    validate_max=True,
)


class CharterForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "charter",
            "checkin_cadence_days",
            "default_mentor_capacity",
            "meeting_rhythm_days",
            "attention_after_weeks",
            "alert_after_weeks",
            "charter_within_days",
        ]
        widgets = {"charter": forms.Textarea(attrs={"rows": 12})}
        help_texts = {"charter": _("Participants accept this text before their pair starts.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bounded_inputs(self)
        low, high = bounds_of(Programme._meta.get_field("checkin_cadence_days"))
        self.fields["checkin_cadence_days"].help_text = _(
            "How often participants are asked whether their pair is useful (%(min)s to %(max)s "
            "days)."
        ) % {"min": low, "max": high}
        low, high = bounds_of(Programme._meta.get_field("default_mentor_capacity"))
        self.fields["default_mentor_capacity"].help_text = _(
            "How many mentees a mentor follows when they do not say (%(min)s to %(max)s)."
        ) % {"min": low, "max": high}
        # The follow-up's thresholds: the rule of the pairs' health, shown on the dashboard.
        helps = {
            "meeting_rhythm_days": _(
                "The pairs are asked to meet this often; the dashboard counts their meetings "
                "against it (%(min)s to %(max)s days)."
            ),
            "attention_after_weeks": _(
                "A pair without a meeting for this many weeks is amber: it needs attention "
                "(%(min)s to %(max)s weeks)."
            ),
            "alert_after_weeks": _(
                "A pair without a meeting for this many weeks is red; at least the weeks of "
                "the attention (%(min)s to %(max)s weeks)."
            ),
            "charter_within_days": _(
                "A pair whose charter is not accepted by both members this many days after "
                "they accepted the pair is amber (%(min)s to %(max)s days)."
            ),
        }
        for name, text in helps.items():
            low, high = bounds_of(Programme._meta.get_field(name))
            self.fields[name].help_text = text % {"min": low, "max": high}


def _bounded_inputs(form: forms.ModelForm) -> None:
    """The browser's min/max of each number field, from its model field's validators (the model
    checks them; this only helps the person typing)."""
    for name, field in form.fields.items():
        if isinstance(field, forms.IntegerField):
            low, high = bounds_of(form._meta.model._meta.get_field(name))
            if low is not None:
                field.widget.attrs["min"] = low
            if high is not None:
                field.widget.attrs["max"] = high


class MatchingForm(forms.ModelForm):
    """The weights' bounds and "at least one weight above zero" are the model's rules
    (validators and ``Programme.clean``), checked when the form validates the instance."""

    class Meta:
        model = Programme
        fields = [*WEIGHT_FIELDS, "sector_preference", "proximity_required"]
        widgets = {"sector_preference": forms.RadioSelect}
        labels = {"sector_preference": _("Sectors of mentor and mentee")}
        help_texts = {
            "proximity_required": _(
                "Pairs meeting remotely may be anywhere: this rule is only for in-person pairs."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bounded_inputs(self)
        low, high = bounds_of(Programme._meta.get_field("weight_topics"))
        self.fields["weight_topics"].help_text = _(
            "Weights are relative: a weight twice as high counts twice as much (%(min)s to "
            "%(max)s)."
        ) % {"min": low, "max": high}


class ReportsForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["min_group_size"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        floor = settings.MENTORAT_MIN_GROUP_SIZE_FLOOR
        field = self.fields["min_group_size"]
        field.min_value = floor
        field.widget.attrs["min"] = floor
        field.help_text = _(
            "No figure is shown for fewer respondents than this, so that no answer can be traced "
            "back to a person. It cannot be set below %(floor)s."
        ) % {"floor": floor}
        field.error_messages["min_value"] = _(
            "The minimum group size cannot be below %(limit_value)s: smaller groups could let "
            "someone recognise an answer."
        )


class RetentionForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["retention_months"]
        help_texts = {
            "retention_months": _(
                "Months after the end of the programme's last phase; the personal data of its "
                "participants is then deleted (their anonymous answers stay, nobody's)."
            )
        }


class OrganisationForm(forms.ModelForm):
    departement = forms.ChoiceField(
        label=_("Département"), required=False, choices=[("", "—"), *DEPARTEMENT_CHOICES]
    )

    join_programme = forms.BooleanField(label=_("Takes part in this programme"), required=False)

    class Meta:
        model = Organisation
        fields = ["name", "sector", "departement", "siret", "size_band"]
        help_texts = {
            "sector": _("For example: manufacturing, health and social care, digital."),
            "siret": _("Optional: 14 digits, spaces allowed."),
        }

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["join_programme"]
        # Room for the spaces people type when copying a SIRET ("123 456 789 00012").
        self.fields["siret"].max_length = 20
        self.fields["siret"].widget.attrs["maxlength"] = 20
        self.fields["siret"].validators = []
        self.fields["siret"].widget.attrs["inputmode"] = "numeric"
        self.fields["size_band"].choices = [("", "—"), *SizeBand.choices]

    def clean_siret(self) -> str:
        return siret_clean(self.cleaned_data["siret"])


class OrganisationsAddForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations to add to the programme"),
        queryset=Organisation.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if queryset is not None:
            self.fields["organisations"].queryset = queryset


class _PersonForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)


class CoordinatorForm(_PersonForm):
    pass


class ReferentForm(_PersonForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )

    field_order = ["organisation", "email", "first_name", "last_name"]

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if queryset is not None:
            self.fields["organisation"].queryset = queryset


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Programme template (.json)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".json"):
            raise ValidationError(_("Choose a .json file exported from a programme."))
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(too_large_message(upload.size))
        return upload
