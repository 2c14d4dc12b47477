"""Forms of recruitment: applications and profiles, invitations, review, imports."""

import re
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.forms.utils import flatatt
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from france.departements import DEPARTEMENT_CHOICES

from ..models import (
    MENTOR_CAPACITY,
    PARTICIPANT_ROLES,
    Application,
    ApplicationNote,
    ApplicationStatus,
    MeetingMode,
    Organisation,
    Programme,
    Role,
    Topic,
)
from ..services.recruitment import DECISIONS, ApplicationProfile

__all__ = [
    "ApplicationForm",
    "DecisionForm",
    "ImportUploadForm",
    "InvitationForm",
    "NoteForm",
    "ProfileForm",
    "ReviewFilterForm",
]

ROLE_CHOICES = [(role.value, role.label) for role in PARTICIPANT_ROLES]
IMPORT_EXTENSIONS = (".csv", ".txt", ".xlsx")
MAX_INVITATIONS = 200


class ProfileForm(forms.Form):
    """What a participant says about themselves: what matching needs and what they want to
    say. Used to apply and, until matching starts, to edit one's profile."""

    organisation = forms.ModelChoiceField(
        label=_("My organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— My organisation is not in the list —"),
    )
    new_organisation = forms.CharField(
        label=_("Name of my organisation, if it is not in the list"),
        max_length=200,
        required=False,
    )
    sector = forms.CharField(
        label=_("Sector of activity"),
        max_length=120,
        required=False,
        help_text=_("For example: industry, health and social care, transport."),
    )
    departement = forms.ChoiceField(
        label=_("Département where I work"),
        choices=[("", _("— Choose —")), *DEPARTEMENT_CHOICES],
    )
    job_title = forms.CharField(label=_("Job title"), max_length=150)
    experience_years = forms.IntegerField(
        label=_("Years of management experience"),
        min_value=0,
        max_value=60,
        help_text=_("A whole number; 0 if you are new to management."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    meeting_mode = forms.ChoiceField(
        label=_("Preferred way to meet"),
        choices=MeetingMode.choices,
        widget=forms.RadioSelect,
    )
    capacity = forms.IntegerField(
        label=_("How many mentees I can follow"),
        required=False,
        # The model's bounds, which the database holds too.
        validators=Application._meta.get_field("capacity").validators,
        help_text=_("Between %(min)s and %(max)s. Leave empty for the programme's default.")
        % dict(zip(("min", "max"), MENTOR_CAPACITY, strict=True)),
    )
    availability = forms.CharField(
        label=_("Availability"),
        max_length=300,
        required=False,
        help_text=_("For example: one slot a month, rather at the end of the day."),
    )
    # The model's fields give the limit and the message that names the field and the limit.
    expectations = Application._meta.get_field("expectations").formfield(
        label=_("What I expect from the programme"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    offer = Application._meta.get_field("offer").formfield(
        label=_("What I can offer"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, programme: Programme, role: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme, self.role = programme, role
        self.fields["organisation"].queryset = programme.organisations.order_by("name")
        self.fields["topics"].queryset = programme.topics.all()
        if role == Role.MENTOR:
            self.fields["topics"].label = _("Topics on which I can support a mentee")
        else:
            self.fields["topics"].label = _("Topics on which I am looking for support")
            del self.fields["capacity"]

    @classmethod
    def initial_from(cls, application: Application) -> dict:
        return {
            "organisation": application.organisation_id,
            "departement": application.departement,
            "sector": application.organisation.sector,
            "job_title": application.job_title,
            "experience_years": application.experience_years,
            "topics": [topic.pk for topic in application.topics.all()],
            "meeting_mode": application.meeting_mode,
            "capacity": application.capacity,
            "availability": application.availability,
            "expectations": application.expectations,
            "offer": application.offer,
        }

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("organisation") and not (data.get("new_organisation") or "").strip():
            self.add_error(
                "new_organisation", _("Choose your organisation in the list or type its name.")
            )
        return data

    def profile(self) -> ApplicationProfile:
        data = self.cleaned_data
        return ApplicationProfile(
            organisation=data.get("organisation"),
            new_organisation=data.get("new_organisation", ""),
            sector=data.get("sector", ""),
            departement=data["departement"],
            job_title=data["job_title"],
            experience_years=data["experience_years"],
            topics=list(data["topics"]),
            meeting_mode=data["meeting_mode"],
            capacity=data.get("capacity"),
            availability=data.get("availability", ""),
            expectations=data.get("expectations", ""),
            offer=data.get("offer", ""),
        )


class ApplicationForm(ProfileForm):
    """The application: the profile, the person's identity when they have no account yet, and
    their consent to the processing of their data (the notice is shown above the form)."""

    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not too common."),
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I have read how my data is processed (above) and I agree to it for this programme."
        ),
        error_messages={"required": _("Your consent is needed to apply.")},
    )

    field_order = ["email", "first_name", "last_name", "password1", "password2"]

    def __init__(self, *args, with_account: bool, fixed_email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.with_account = with_account
        if not with_account:
            for name in ("email", "first_name", "last_name", "password1", "password2"):
                del self.fields[name]
        elif fixed_email:
            # A personal invitation: the address is the one the invitation was sent to.
            self.fields["email"].initial = fixed_email
            self.fields["email"].disabled = True
        self.order_fields(
            [*self.field_order, *[n for n in self.fields if n not in self.field_order]]
        )

    def clean(self) -> dict:
        data = super().clean()
        if self.with_account:
            password1, password2 = data.get("password1"), data.get("password2")
            if password1 and password2 and password1 != password2:
                self.add_error("password2", _("The two passwords differ."))
            elif password1:
                try:
                    password_validation.validate_password(password1)
                except ValidationError as error:
                    self.add_error("password1", error)
        return data


class InvitationForm(forms.Form):
    role = forms.ChoiceField(label=_("Invite as"), choices=ROLE_CHOICES, widget=forms.RadioSelect)
    emails = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One address per line (or separated by commas or semicolons)."),
    )

    def clean_emails(self) -> list[str]:
        lines = [line for line in re.split(r"[\s,;]+", self.cleaned_data["emails"]) if line]
        if len(lines) > MAX_INVITATIONS:
            raise ValidationError(
                _("At most %(max)s addresses at a time."), params={"max": MAX_INVITATIONS}
            )
        invalid = []
        for value in lines:
            try:
                validate_email(value)
            except ValidationError:
                invalid.append(value)
        if invalid:
            raise ValidationError(
                _("These addresses are not valid: %(list)s."),
                params={"list": ", ".join(f"« {value} »" for value in invalid)},
            )
        if not lines:
            raise ValidationError(_("Type at least one e-mail address."))
        return [value.lower() for value in lines]


class DecisionForm(forms.Form):
    status = forms.ChoiceField(choices=[(s.value, s.label) for s in DECISIONS])


class NoteForm(forms.Form):
    text = ApplicationNote._meta.get_field("text").formfield(
        label=_("New internal note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Seen by the programme's coordinators only, never by the applicant. Keep to "
            "recruitment: no sensitive personal data."
        ),
    )


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Participants file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV (separated by ; or ,) or Excel workbook (.xlsx), at most %(size)s."
        ) % {"size": filesizeformat(settings.MAX_UPLOAD_SIZE)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_SIZE:
            raise ValidationError(
                _("The file is too large (%(size)s); the limit is %(limit)s."),
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.MAX_UPLOAD_SIZE),
                },
            )
        if Path(upload.name).suffix.lower() not in IMPORT_EXTENSIONS:
            raise ValidationError(
                _("Send a .csv or .xlsx file (this one is « %(name)s »)."),
                params={"name": upload.name},
            )
        return upload


class QuickSelect(forms.Select):
    """A select built in Python rather than with one template per option: the organisation
    filter of a large programme has hundreds of options, which Django's widget templates take
    a tenth of a second to render."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = str(value) if value not in (None, "") else ""
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if str(key) == selected else "", label)
                for key, label in ((str(k), str(v)) for k, v in self.choices)
            ),
        )
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


class ReviewFilterForm(forms.Form):
    """The filters of the review list (every one optional, read from the query string)."""

    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All")), *ROLE_CHOICES], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *ApplicationStatus.choices],
        required=False,
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    departement = forms.ChoiceField(
        label=_("Département"),
        choices=[("", _("All")), *DEPARTEMENT_CHOICES],
        required=False,
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        # The organisations of the applicants (not only the programme's list, which may change).
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=Application.objects.filter(programme=programme).values("organisation_id")
        )
        self.fields["topic"].queryset = programme.topics.all()
        for field in self.fields.values():
            field.widget = QuickSelect(attrs={"class": "form-select"}, choices=field.choices)
        # Plain (id, name) pairs: building hundreds of Organisation objects only for a label
        # would cost more than the page's own rows.
        self.fields["organisation"].widget.choices = [
            ("", _("All")),
            *self.fields["organisation"].queryset.values_list("pk", "name"),
        ]

    def filters(self) -> dict:
        """The valid filters, by name; an invalid value is ignored rather than failing."""
        self.is_valid()  # cleaned_data then holds the fields that are valid.
        return {name: value for name, value in self.cleaned_data.items() if value}
