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
    of values taken in turn (a code the questionnaire does not ask is left out)."""
    questions = {q.code: q.pk for q in wave.questionnaire.questions.all()}
    turns = {
        code: cycle(value if isinstance(value, list) else [value])
        for code, value in (answers or {}).items()
        if code in questions
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


def evaluated(programme, *, small_group: int = 0):
    """A programme at its evaluation: a closed and frozen baseline and final (20 mentees of two
    sector groups, départements and sizes, 10 mentors), two closed pulse waves, an open
    mid-term. With ``small_group``, that many mentees of a third sector group ("santé-social")
    answered each questionnaire as well: fewer than k, their figures must never appear."""
    waves = {}
    for kind, values in (("baseline", [2, 3, 4]), ("final", [4, 5, 3])):
        wave = closed_wave(programme, kind)
        for sector, departement, size in (("industrie", "25", "10-49"), ("services", "21", "1-9")):
            respond(
                wave,
                10,
                role="mentee",
                answers={"mentee-change": values, "satisfaction": [4, 5], "mentee-hours": 40},
                sector_group=sector,
                departement=departement,
                size_band=size,
            )
        respond(wave, 10, role="mentor", answers={"satisfaction": [5, 4, 4]})
        if small_group:
            respond(
                wave,
                small_group,
                role="mentee",
                answers={"mentee-change": 1, "satisfaction": 1},
                sector_group="sante-social",
                departement="25",
                size_band="10-49",
            )
        invite(wave, 40, answered=30 + small_group)
        waves[kind] = frozen(wave)
    for number, useful in ((1, [3, 4]), (2, [4, 4, 3])):
        wave = closed_wave(programme, "pulse", number=number)
        respond(wave, 12, answers={"pulse-useful": useful, "pulse-rhythm": 3})
        invite(wave, 20, answered=12)
        waves[f"pulse{number}"] = frozen(wave)
    waves["midterm"] = wave_of(programme, "midterm", status=WaveStatus.OPEN)
    return waves
