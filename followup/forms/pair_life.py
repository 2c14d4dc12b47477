"""Forms of a pair's life. None has a field for what a pair says: a meeting is a date, a duration
and a mode; a help request is a channel (tests/followup/test_pair_life_privacy.py holds the
list of fields)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from matching.models import EndReason
from programmes.models import bounds_of

from ..models import HelpChannel, Meeting, MeetingMode, PlannedMeeting

_duration = Meeting._meta.get_field("duration_minutes")
LOW, HIGH = bounds_of(_duration)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _duration_field(initial=None) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=LOW,
        max_value=HIGH,
        initial=initial,
        help_text=_("Between %(low)d and %(high)d minutes.") % {"low": LOW, "high": HIGH},
    )


class MeetingLogForm(forms.Form):
    """A meeting that happened: date, duration, mode. Nothing else, by design."""

    prefix = "meeting"

    held_on = forms.DateField(label=_("Date of the meeting"), widget=DateInput())
    duration_minutes = _duration_field(initial=60)
    mode = forms.ChoiceField(
        label=_("How you met"), choices=MeetingMode.choices, widget=forms.RadioSelect
    )


class PlannedMeetingForm(forms.Form):
    """The next meeting: when (Europe/Paris), how long, how."""

    prefix = "planned"

    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )
    duration_minutes = _duration_field(
        initial=PlannedMeeting._meta.get_field("duration_minutes").default
    )
    mode = forms.ChoiceField(
        label=_("How you will meet"), choices=MeetingMode.choices, widget=forms.RadioSelect
    )


class HelpRequestForm(forms.Form):
    """ "I wish to be contacted by the coordination": how, never why."""

    prefix = "help"

    channel = forms.ChoiceField(
        label=_("How would you like to be contacted?"),
        choices=HelpChannel.choices,
        widget=forms.RadioSelect,
        initial=HelpChannel.EMAIL,
    )


class PhoneForm(forms.ModelForm):
    """My phone number, and whether my partner may see it (off unless I choose)."""

    prefix = "phone"

    class Meta:
        model = get_user_model()
        fields = ["phone", "share_phone"]


class PairEndForm(forms.Form):
    """The coordination ends a pair early: a reason from the list, no free text."""

    prefix = "end"

    reason = forms.ChoiceField(label=_("Reason"), choices=EndReason.choices)
