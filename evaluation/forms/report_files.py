"""The form of the comparison of two kept reports."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Report, ReportStatus


class _ReportChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Report) -> str:
        from mentorat.core.french import long_datetime

        return long_datetime(obj.finished_at or obj.created_at)


class ReportCompareForm(forms.Form):
    """Two reports of the programme that are built (``?a=<id>&b=<id>``)."""

    a = _ReportChoice(queryset=Report.objects.none(), label=_("First report"))
    b = _ReportChoice(queryset=Report.objects.none(), label=_("Second report"))

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        reports = (
            Report.objects.filter(programme=programme, status=ReportStatus.DONE)
            .defer("data")
            .order_by("-created_at", "-pk")
        )
        for name in ("a", "b"):
            self.fields[name].queryset = reports
            self.fields[name].error_messages["invalid_choice"] = _(
                "Choose a report of this programme that is ready."
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("a") and cleaned.get("a") == cleaned.get("b"):
            raise forms.ValidationError(_("Choose two different reports."))
        return cleaned
