from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Programme

__all__ = ["ProgrammeCreateForm"]


class ProgrammeCreateForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "slug", "description"]
        help_texts = {"slug": _("Lowercase letters, digits and hyphens, e.g. mentorat-bfc-2027.")}
