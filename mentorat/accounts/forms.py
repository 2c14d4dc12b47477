from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _


class SignupForm(forms.Form):
    """Extra fields of allauth's sign-up form: people are addressed by their name."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def signup(self, request, user) -> None:
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save()


class RemindersForm(forms.Form):
    """Whether I receive the reminders I may refuse (a meeting tomorrow, the charter, a pair
    waiting for my answer). What the programme needs is always sent. The field is the model's
    (its label and help text); the form saves nothing: ``user_reminders_set`` does."""

    prefix = "reminders"

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = get_user_model()._meta.get_field("wants_reminders").formfield()
        field.initial = user.wants_reminders
        self.fields["wants_reminders"] = field
