"""The pages' buttons say their form errors as messages: a whole translatable sentence naming
the field, punctuated as each language wants it."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.utils import translation

from matching.views import _form_errors


class Capacity(forms.Form):
    capacity = forms.IntegerField(label="Capacité")
    run = forms.IntegerField(widget=forms.HiddenInput)


def _messages(language: str) -> list[str]:
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    with translation.override(language):
        form = Capacity({"capacity": "beaucoup", "run": "x"})
        assert not form.is_valid()
        _form_errors(request, form)
    return [str(m) for m in get_messages(request)]


def test_a_visible_field_error_names_the_field_with_french_punctuation():
    messages = _messages("fr")
    assert "Capacité : Saisissez un nombre entier." in messages
    # A hidden field cannot be pointed at: its error alone.
    assert "Saisissez un nombre entier." in messages


@pytest.mark.parametrize("language", ["en"])
def test_in_english_the_colon_follows_the_field_name(language):
    assert "Capacité: Enter a whole number." in _messages(language)
