"""response_submit: the anonymous response and the invitation marked answered in one
transaction, every value checked, rare attributes stored as "autre", the contact request named
and apart."""

import pytest
from django.core.exceptions import ValidationError

from evaluation.models import OTHER, Response, SurveyInvitation
from evaluation.selectors.answering import CLOSED, USED, AnswerRefused
from evaluation.services.answering import response_submit
from followup.models import HelpChannel, HelpRequest
from programmes.models import Role
from tests.factories import (
    OrganisationFactory,
    accepted_pair,
    accepted_participant,
    invited,
    wave_of,
)

pytestmark = pytest.mark.django_db


def _questions(wave, role="mentee"):
    return {
        q.code: q
        for q in wave.questionnaire.questions.filter(audience__in=("both", role)).order_by("pk")
    }


def test_it_stores_the_response_and_marks_the_invitation_answered(personas):
    wave = wave_of(personas.programme)
    invitation = invited(wave, personas.mentee)
    questions = _questions(wave)
    response = response_submit(
        invitation=invitation,
        answers={questions["mentee-change"].pk: 4, questions["mentee-hours"].pk: 39},
    )
    invitation.refresh_from_db()
    assert invitation.answered
    stored = Response.objects.get()
    assert stored.pk == response.pk
    assert stored.wave == wave
    assert stored.role == Role.MENTEE
    assert stored.answers == {
        str(questions["mentee-change"].pk): 4,
        str(questions["mentee-hours"].pk): 39,
    }


def test_items_left_unanswered_are_absent(personas):
    wave = wave_of(personas.programme)
    invitation = invited(wave, personas.mentee)
    response_submit(invitation=invitation, answers={})
    assert Response.objects.get().answers == {}


def test_it_refuses_a_second_answer(personas):
    wave = wave_of(personas.programme)
    invitation = invited(wave, personas.mentee)
    response_submit(invitation=invitation, answers={})
    with pytest.raises(AnswerRefused) as refused:
        response_submit(invitation=SurveyInvitation.objects.get(pk=invitation.pk), answers={})
    assert refused.value.reason == USED
    assert Response.objects.count() == 1


def test_it_refuses_the_stale_copy_of_an_invitation_answered_meanwhile(personas):
    # The lock reads the invitation again: a copy loaded before the first answer is refused.
    wave = wave_of(personas.programme)
    invitation = invited(wave, personas.mentee)
    stale = SurveyInvitation.objects.get(pk=invitation.pk)
    response_submit(invitation=invitation, answers={})
    with pytest.raises(AnswerRefused):
        response_submit(invitation=stale, answers={})
    assert Response.objects.count() == 1


@pytest.mark.parametrize("status", ["scheduled", "closed"])
def test_it_refuses_a_wave_that_is_not_open(personas, status):
    wave = wave_of(personas.programme, status=status)
    invitation = invited(wave, personas.mentee)
    with pytest.raises(AnswerRefused) as refused:
        response_submit(invitation=invitation, answers={})
    assert refused.value.reason == CLOSED
    assert not Response.objects.exists()


def test_it_refuses_a_wave_past_its_closing_date_even_if_still_marked_open(personas):
    from datetime import timedelta

    from django.utils import timezone

    wave = wave_of(personas.programme)
    wave.opens_on = timezone.localdate() - timedelta(days=30)
    wave.closes_on = timezone.localdate() - timedelta(days=1)
    wave.save()
    invitation = invited(wave, personas.mentee)
    with pytest.raises(AnswerRefused):
        response_submit(invitation=invitation, answers={})


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("mentee-change", 0),
        ("mentee-change", 6),
        ("mentee-change", True),
        ("mentee-change", "4"),
        ("mentee-new-practice", 4),
        ("mentee-hours", 81),
        ("mentee-hours", -1),
        ("mentee-hours", 10**30),
    ],
)
def test_it_refuses_a_value_out_of_bounds_and_saves_nothing(personas, code, value):
    wave = wave_of(personas.programme)
    invitation = invited(wave, personas.mentee)
    with pytest.raises(ValidationError):
        response_submit(invitation=invitation, answers={_questions(wave)[code].pk: value})
    invitation.refresh_from_db()
    assert not invitation.answered
    assert not Response.objects.exists()


def test_it_refuses_a_question_of_another_audience(personas):
    wave = wave_of(personas.programme)
    invitation = invited(wave, personas.mentee)
    mentor_only = wave.questionnaire.questions.get(code="mentor-expects-to-learn")
    with pytest.raises(ValidationError):
        response_submit(invitation=invitation, answers={mentor_only.pk: 3})
    assert not Response.objects.exists()


def test_it_refuses_a_question_of_another_questionnaire(personas):
    wave = wave_of(personas.programme)
    pulse = wave_of(personas.programme, "pulse")
    invitation = invited(wave, personas.mentee)
    other = pulse.questionnaire.questions.first()
    with pytest.raises(ValidationError):
        response_submit(invitation=invitation, answers={other.pk: 3})
    with pytest.raises(ValidationError):
        response_submit(invitation=invitation, answers={"1": 3})
    assert not Response.objects.exists()


def test_a_value_shared_by_k_invited_people_is_kept_and_a_rare_one_is_stored_as_autre(personas):
    programme = personas.programme  # k = 5 by default
    assert programme.min_group_size == 5
    wave = wave_of(programme)
    common = OrganisationFactory(sector="Industrie", departement="25", size_band="10-49")
    people = [accepted_participant(programme, Role.MENTEE, common) for _ in range(5)]
    rare = OrganisationFactory(sector="Numérique", departement="39", size_band="250+")
    loner = accepted_participant(programme, Role.MENTEE, rare)
    for application in [*people, loner]:
        invited(wave, application.user)
    response_submit(invitation=wave.invitations.get(user=people[0].user), answers={})
    response_submit(invitation=wave.invitations.get(user=loner.user), answers={})
    rows = set(Response.objects.values_list("sector_group", "departement", "size_band"))
    assert rows == {("industrie", "25", "10-49"), (OTHER, OTHER, OTHER)}


def test_the_contact_request_is_a_named_help_request_and_the_response_stays_anonymous(personas):
    mentee = personas.programme.applications.get(user=personas.mentee)
    mentor = personas.programme.applications.get(user=personas.mentor)
    pair = accepted_pair(personas.programme, mentor, mentee)
    wave = wave_of(personas.programme, "pulse")
    invitation = invited(wave, personas.mentee)
    response_submit(invitation=invitation, answers={}, contact=HelpChannel.PHONE)
    request = HelpRequest.objects.get()
    assert (request.pair, request.requested_by, request.channel) == (
        pair,
        personas.mentee,
        HelpChannel.PHONE,
    )
    # The response holds the role and coarse attributes only: nothing of the request nor of
    # the person (tests/evaluation/test_anonymity.py holds its fields).
    response = Response.objects.values().get()
    assert set(response) == {
        "id",
        "wave_id",
        "role",
        "sector_group",
        "departement",
        "size_band",
        "answers",
    }
    assert response["answers"] == {}


def test_a_contact_request_without_a_pair_that_goes_on_is_refused_before_anything_is_saved(
    personas,
):
    wave = wave_of(personas.programme, "pulse")
    invitation = invited(wave, personas.mentee)
    with pytest.raises(ValidationError):
        response_submit(invitation=invitation, answers={}, contact=HelpChannel.PHONE)
    assert not Response.objects.exists()
    assert not HelpRequest.objects.exists()


def test_an_unknown_contact_channel_is_refused(personas):
    wave = wave_of(personas.programme, "pulse")
    invitation = invited(wave, personas.mentee)
    with pytest.raises(ValidationError):
        response_submit(invitation=invitation, answers={}, contact="pigeon")
    assert not Response.objects.exists()


def _in_threads(calls) -> list:
    """Run each call in its own thread and connection, started together; their outcomes."""
    import threading

    from django.db import connection

    start = threading.Barrier(len(calls))
    outcomes: list = []

    def run(call):
        try:
            start.wait(timeout=30)
            call()
            outcomes.append("ok")
        except AnswerRefused as refused:
            outcomes.append(refused.reason)
        except BaseException as exc:  # reported by the test, not lost in the thread
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_people_answering_the_same_wave_at_once_all_get_in(personas):
    from django.db import connection

    wave = wave_of(personas.programme)
    invitations = [
        invited(wave, accepted_participant(personas.programme, Role.MENTEE).user) for _ in range(6)
    ]
    outcomes = _in_threads(
        [lambda i=i: response_submit(invitation=i, answers={}) for i in invitations]
    )
    assert outcomes == ["ok"] * 6
    assert Response.objects.filter(wave=wave).count() == 6
    assert wave.invitations.filter(answered=True).count() == 6
    # Answered at once, still none shares its transaction id with its own invitation alone.
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text FROM evaluation_response")
        responses = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT xmin::text FROM evaluation_surveyinvitation")
        invitations = [row[0] for row in cursor.fetchall()]
    for xmin in responses:
        assert invitations.count(xmin) in (0, len(invitations))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_same_invitation_sent_twice_at_once_is_answered_once(personas):
    wave = wave_of(personas.programme)
    invitation = invited(wave, personas.mentee)
    copies = [SurveyInvitation.objects.get(pk=invitation.pk) for _ in range(3)]
    outcomes = _in_threads([lambda c=c: response_submit(invitation=c, answers={}) for c in copies])
    assert sorted(outcomes) == ["ok", USED, USED]
    assert Response.objects.count() == 1
