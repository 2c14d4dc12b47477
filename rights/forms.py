"""The small forms of "Mon compte", each saved by one service."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _


class ProfileForm(forms.Form):
    """My name, as pages, e-mails and my partner show it."""

    prefix = "profile"

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)


class LanguageForm(forms.Form):
    """The language of my pages and e-mails (sent to Django's language switcher, which also
    keeps it on my account)."""

    language = forms.ChoiceField(label=_("Language of the pages and e-mails"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = get_user_model()._meta.get_field("language")
        self.fields["language"].choices = [
            (code, "Français" if code == "fr" else "English") for code, _name in settings.LANGUAGES
        ]
        self.fields["language"].initial = user.language or field.default
        # The navigation's switcher has id "language-select": this one has its own.
        self.fields["language"].widget.attrs["id"] = "account-language"
