"""Forms of the matching pages: run, review filters, adjustments, publication, answers.

The hidden-field forms only parse ids posted by buttons; they restrict every choice to the
programme of the page, so that an id of another programme is "not a valid choice", never a leak.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from programmes.models import Application, ApplicationStatus, Organisation, Programme, Role

from .models import DeclineReason, MatchingRun

SORT_CHOICES = [
    ("-score", _("Score, highest first")),
    ("score", _("Score, lowest first")),
    ("mentor", _("Mentor, A to Z")),
    ("-mentor", _("Mentor, Z to A")),
    ("mentee", _("Mentee, A to Z")),
    ("-mentee", _("Mentee, Z to A")),
]


def programme_organisations(programme: Programme):
    return Organisation.objects.filter(programmes=programme).order_by("name")


def programme_applications(programme: Programme, role: str):
    return Application.objects.filter(
        programme=programme, role=role, status=ApplicationStatus.ACCEPTED
    )


class RunStartForm(forms.Form):
    fairness = forms.BooleanField(
        label=_("Fairness: favour the least well matched pair"),
        required=False,
        help_text=_(
            "Ticked, the proposal first raises the lowest score of all pairs, then the total. "
            "Unticked, it makes the total of the scores as high as possible, even if one pair "
            "is less well matched."
        ),
    )


class ProposalFilterForm(forms.Form):
    """The GET parameters of the proposal table. Bad values are reported and then ignored."""

    search = forms.CharField(label=_("Name or e-mail"), required=False, max_length=100)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All organisations"),
    )
    min_score = forms.FloatField(
        label=_("Lowest score"), required=False, min_value=0, max_value=100
    )
    max_score = forms.FloatField(
        label=_("Highest score"), required=False, min_value=0, max_value=100
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = programme_organisations(programme)

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_score"), cleaned.get("max_score")
        if low is not None and high is not None and low > high:
            self.add_error(
                "max_score", _("The highest score must be greater than or equal to the lowest.")
            )
        return cleaned

    def filters(self) -> dict:
        """The arguments of ``selectors.proposal_rows`` from the valid fields only."""
        data = self.cleaned_data if self.is_bound else {}
        valid = {name: value for name, value in data.items() if name not in self.errors}
        organisation = valid.get("organisation")
        return {
            "sort": valid.get("sort") or "-score",
            "organisation_id": organisation.pk if organisation else None,
            "min_score": valid.get("min_score"),
            "max_score": valid.get("max_score"),
            "search": (valid.get("search") or "").strip(),
        }


class _ProgrammeForm(forms.Form):
    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme


class RunChoiceForm(_ProgrammeForm):
    """A button that acts on one run of the programme (publish)."""

    run = forms.ModelChoiceField(queryset=MatchingRun.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, programme=programme, **kwargs)
        self.fields["run"].queryset = MatchingRun.objects.filter(programme=programme)


class SwapForm(RunChoiceForm):
    """Choose this mentor for the mentee of the page, in the run the page showed."""

    mentor = forms.ModelChoiceField(queryset=Application.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, programme=programme, **kwargs)
        self.fields["mentor"].queryset = programme_applications(programme, Role.MENTOR)


class PairForm(_ProgrammeForm):
    """A (mentor, mentee) pair of the programme, for the lock, exclude and remove buttons."""

    mentor = forms.ModelChoiceField(queryset=Application.objects.none(), widget=forms.HiddenInput)
    mentee = forms.ModelChoiceField(queryset=Application.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, programme=programme, **kwargs)
        self.fields["mentor"].queryset = Application.objects.filter(
            programme=programme, role=Role.MENTOR
        )
        self.fields["mentee"].queryset = Application.objects.filter(
            programme=programme, role=Role.MENTEE
        )


class IncompatibilityForm(_ProgrammeForm):
    organisation_a = forms.ModelChoiceField(
        label=_("First organisation"), queryset=Organisation.objects.none()
    )
    organisation_b = forms.ModelChoiceField(
        label=_("Second organisation"), queryset=Organisation.objects.none()
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=200,
        help_text=_("For the coordination only, e.g. “competitors” or “client and supplier”."),
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, programme=programme, **kwargs)
        for name in ("organisation_a", "organisation_b"):
            self.fields[name].queryset = programme_organisations(programme)

    def clean(self):
        cleaned = super().clean()
        a, b = cleaned.get("organisation_a"), cleaned.get("organisation_b")
        if a is not None and a == b:
            raise ValidationError(_("Choose two different organisations."))
        return cleaned


class DeclineForm(forms.Form):
    """Why a member declines a proposed pair: one reason of a short list, never free text (the
    coordination learns why without reading anyone)."""

    reason = forms.ChoiceField(
        label=_("Why do you decline this pair?"),
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the reason that fits best.")},
        help_text=_("The coordination is told this reason, to propose a better pair next time."),
    )
