"""Closed waves with their anonymous responses and invitations, frozen as at closing, for the
tests of the results, the report and its CSV."""

from itertools import cycle

from django.contrib.auth import get_user_model
from django.utils import timezone

from evaluation.models import Response, SurveyInvitation, WaveStatus
from evaluation.services.results import wave_results_freeze
from tests.factories import wave_of


def people(count: int, prefix: str = "invite") -> list:
    """``count`` plain users, created at once (invitations need a person)."""
    User = get_user_model()
    start = User.objects.count()
    User.objects.bulk_create(User(email=f"{prefix}{start + i}@exemple.fr") for i in range(count))
    return list(User.objects.order_by("-pk")[:count])


def respond(wave, count: int, *, role: str = "mentee", answers: dict | None = None, **attributes):
    """``count`` responses to ``wave``; ``answers`` maps a question code to a value or to a list
    of values taken in turn."""
    questions = {q.code: q.pk for q in wave.questionnaire.questions.all()}
    turns = {
        code: cycle(value if isinstance(value, list) else [value])
        for code, value in (answers or {}).items()
    }
    Response.objects.bulk_create(
        Response(
            wave=wave,
            role=role,
            sector_group=attributes.get("sector_group", "autre"),
            departement=attributes.get("departement", "autre"),
            size_band=attributes.get("size_band", "autre"),
            answers={str(questions[code]): next(turn) for code, turn in turns.items()},
        )
        for _ in range(count)
    )


def invite(wave, count: int, *, answered: int, role: str = "mentee", users=None):
    """``count`` invitations to ``wave`` (the first ``answered`` of them answered)."""
    users = users if users is not None else people(count)
    SurveyInvitation.objects.bulk_create(
        SurveyInvitation(
            wave=wave,
            user=user,
            role=role,
            answered=i < answered,
            invited_on=timezone.localdate(),
        )
        for i, user in enumerate(users[:count])
    )


def closed_wave(programme, kind: str = "baseline", *, number: int = 1):
    wave = wave_of(programme, kind, status=WaveStatus.CLOSED, number=number)
    wave.closed_on = timezone.localdate()
    wave.save(update_fields=["closed_on"])
    return wave


def frozen(wave):
    wave_results_freeze(wave=wave)
    wave.refresh_from_db()
    return wave
