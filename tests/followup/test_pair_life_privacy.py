"""Promise 1 by construction: no model of the follow-up has a field where content of the
exchanges could be written, and the forms of a pair's life ask exactly their listed fields."""

from django.apps import apps
from django.db import models

from followup.forms.pair_life import (
    HelpRequestForm,
    MeetingLogForm,
    PairEndForm,
    PhoneForm,
    PlannedMeetingForm,
)

# Every free-text field of the follow-up, by model. Nothing of a pair's life: a CharField there is
# allowed only with choices (a mode, a channel, a role). The others are the platform's own
# words: a reminder's technical key, and the coordination's message to a segment (what the
# coordination writes to people, never what a pair says).
FREE_TEXT_ALLOWED: dict[str, set[str]] = {
    "Reminder": {"kind", "subject", "period"},
    "Message": {"segment", "segment_param", "subject", "body"},
}

FORM_FIELDS = {
    MeetingLogForm: {"held_on", "duration_minutes", "mode"},
    PlannedMeetingForm: {"starts_at", "duration_minutes", "mode"},
    HelpRequestForm: {"channel"},
    PairEndForm: {"reason"},
    PhoneForm: {"phone", "share_phone"},  # the person's own number, not about a meeting
}


def test_no_followup_model_has_a_free_text_field():
    found = {}
    for model in apps.get_app_config("followup").get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField | models.JSONField):
                found.setdefault(model.__name__, set()).add(field.name)
            elif isinstance(field, models.CharField) and not field.choices:
                found.setdefault(model.__name__, set()).add(field.name)
    assert found == FREE_TEXT_ALLOWED


def test_the_meeting_is_a_date_a_duration_and_a_mode_nothing_else():
    meeting = apps.get_model("followup", "Meeting")
    own = {f.name for f in meeting._meta.get_fields() if f.concrete}
    assert own == {"id", "pair", "held_on", "duration_minutes", "mode", "logged_by", "logged_at"}


def test_the_forms_of_a_pair_life_ask_only_their_listed_fields():
    for form, fields in FORM_FIELDS.items():
        assert set(form.base_fields) == fields, form.__name__


def test_no_form_of_a_pair_life_takes_free_text_about_the_pair():
    for form in (MeetingLogForm, PlannedMeetingForm, HelpRequestForm, PairEndForm):
        for name, field in form.base_fields.items():
            assert not (type(field).__name__ == "CharField"), (form.__name__, name)
