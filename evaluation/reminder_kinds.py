"""The evaluation's reminder kinds, registered in the follow-up's sweep by
``EvaluationConfig.ready()`` (see ``followup/reminders.py``).

- ``checkin-due``: the pulse check-ins;
- ``questionnaire-open``: the baseline, mid-term and final questionnaires.

For each open wave, each invitation not answered of an active person: period "0" from the day
the wave opens (or the person was invited, if later: the invitation itself), "1" seven days
later, "2" fourteen days later (at most two reminders), never after the wave's closing date.
Each e-mail carries the signed link (built here, when the due is built), the closing date in
the recipient's language, and how to stop the reminders. None is essential.

One query for the whole day, whatever the number of people: the invitations with their wave,
questionnaire, programme and person.
"""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from followup.reminders import Due, ReminderKind, by_email, register_reminder_kind
from mentorat.core.french import long_date

from .models import Kind, SurveyInvitation, WaveStatus
from .tokens import answer_token

# Days after the invitation of the first and the second reminder.
REMINDER_DAYS = (7, 14)


def _period(today: date, start: date) -> str:
    days = (today - start).days
    first, second = REMINDER_DAYS
    if days >= second:
        return "2"
    if days >= first:
        return "1"
    return "0"


def _invitations_due(today: date, *, pulse: bool):
    invitations = SurveyInvitation.objects.filter(
        answered=False,
        user__is_active=True,
        wave__status=WaveStatus.OPEN,
        wave__opens_on__lte=today,
        wave__closes_on__gte=today,
        invited_on__lte=today,
    ).select_related("wave__questionnaire__programme", "user")
    if pulse:
        invitations = invitations.filter(wave__questionnaire__kind=Kind.PULSE)
    else:
        invitations = invitations.exclude(wave__questionnaire__kind=Kind.PULSE)
    return invitations.order_by("pk")


def _dues(today: date, *, pulse: bool) -> Iterable[Due]:
    for invitation in _invitations_due(today, pulse=pulse).iterator(chunk_size=1000):
        wave = invitation.wave
        programme = wave.questionnaire.programme
        user = invitation.user
        start = max(wave.opens_on, invitation.invited_on)
        period = _period(today, start)
        # Rendered later by a worker: the date is written in the recipient's language now.
        with translation.override(user.language):
            closes_on = long_date(wave.closes_on)
        yield Due(
            recipient=user,
            subject=f"wave:{wave.pk}",
            period=period,
            context={
                "programme_name": programme.name,
                "title": wave.questionnaire.title,
                "closes_on": closes_on,
                "reminder": int(period),
                "min_group_size": programme.min_group_size,
                "url": settings.SITE_URL
                + reverse("evaluation:answer_link", kwargs={"token": answer_token(invitation.pk)}),
                # "Receive reminders" is set on the member's pair page (the matching page
                # leads to it).
                "stop_url": settings.SITE_URL
                + reverse("matching:my_pair", kwargs={"slug": programme.slug}),
            },
        )


def checkin_due(today: date) -> Iterable[Due]:
    return _dues(today, pulse=True)


def questionnaire_open_due(today: date) -> Iterable[Due]:
    return _dues(today, pulse=False)


KINDS = (
    ReminderKind(
        code="checkin-due",
        essential=False,
        due=checkin_due,
        send=by_email("reminder_checkin_due"),
    ),
    ReminderKind(
        code="questionnaire-open",
        essential=False,
        due=questionnaire_open_due,
        send=by_email("reminder_questionnaire_open"),
    ),
)


def register() -> None:
    for kind in KINDS:
        register_reminder_kind(kind)
