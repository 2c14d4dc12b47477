"""The erasure's one form: the person ticks that they understand it cannot be undone."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ErasureConfirmForm(forms.Form):
    understood = forms.BooleanField(
        label=_("I understand that my account and my personal data will be erased for good."),
        required=True,
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )
