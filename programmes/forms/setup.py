"""Forms of programme setup: one per step, formsets for the lists, organisations, people."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from ..departements import DEPARTEMENT_CHOICES
from ..models import Organisation, Phase, Programme, SizeBand
from ..services.setup import CALENDAR_PHASES, RESERVED_SLUGS, siret_clean

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
        return [
            line.strip() for line in self.cleaned_data["objectives"].splitlines() if line.strip()
        ]


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
        fields = ["charter", "checkin_cadence_days", "default_mentor_capacity"]
        widgets = {"charter": forms.Textarea(attrs={"rows": 12})}
        help_texts = {
            "charter": _("Participants accept this text before their pair starts."),
            "checkin_cadence_days": _(
                "How often participants are asked whether their pair is useful (at least 7 days)."
            ),
            "default_mentor_capacity": _(
                "How many mentees a mentor follows when they do not say (1 to 5)."
            ),
        }


class MatchingForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "weight_topics",
            "weight_experience",
            "weight_mode",
            "weight_distance",
            "weight_sector",
            "sector_preference",
            "proximity_required",
        ]
        widgets = {"sector_preference": forms.RadioSelect}
        labels = {"sector_preference": _("Sectors of mentor and mentee")}
        help_texts = {
            "proximity_required": _(
                "Pairs meeting remotely may be anywhere: this rule is only for in-person pairs."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields[:5]:
            self.fields[name].widget.attrs.update({"min": 0, "max": 100})
            self.fields[name].validators.append(MaxValueValidator(100))
        self.fields["weight_topics"].help_text = _(
            "Weights are relative: a weight twice as high counts twice as much (0 to 100)."
        )

    def clean(self):
        cleaned = super().clean()
        weights = [cleaned.get(name) for name in self.Meta.fields[:5]]
        if all(w is not None for w in weights) and not any(weights):
            raise ValidationError(_("At least one matching weight must be above zero."))
        return cleaned


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
        if upload.size > settings.MAX_UPLOAD_SIZE:
            raise ValidationError(
                _("The file is too large (%(size)s KB); the limit is %(limit)s KB.")
                % {"size": upload.size // 1024, "limit": settings.MAX_UPLOAD_SIZE // 1024}
            )
        return upload
