"""Declining a proposed pair: a reason of the short list, kept on the pair and its history; each
coordinator of the programme is e-mailed (text and HTML, in their language) who declined and why;
the mentee returns to the pool, never to be proposed the same mentor again."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation
from matching_factories import mentee, mentor, programme_with_topics

from matching.models import DeclineReason, MatchingRun, Pair, PairStatus, ProposedPair, RunStatus
from matching.services import pair_respond, proposal_publish, run_start
from mentorat.core.models import SentEmail
from programmes.models import Role
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _run(programme, capture) -> MatchingRun:
    with capture(execute=True):
        run = run_start(programme=programme, by=None)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.issues
    return run


@pytest.fixture
def pair(personas, django_capture_on_commit_callbacks) -> Pair:
    """The personas' pair, published; the mentor and the mentee were e-mailed, the outbox is
    emptied."""
    run = _run(personas.programme, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_publish(run=run, by=personas.coordinator)
    mail.outbox.clear()
    return Pair.objects.get(mentee__user=personas.mentee)


def decline(pair, user, capture, reason=DeclineReason.DISTANCE) -> Pair:
    with capture(execute=True):
        return pair_respond(pair=pair, user=user, accept=False, reason=reason)


def test_the_reason_is_kept_on_the_pair_and_in_its_history(
    personas, pair, django_capture_on_commit_callbacks
):
    declined = decline(pair, personas.mentee, django_capture_on_commit_callbacks)
    assert declined.status == PairStatus.DECLINED
    pair.refresh_from_db()
    assert pair.decline_reason == DeclineReason.DISTANCE
    step = pair.transitions.last()
    assert (step.from_status, step.to_status, step.reason, step.by) == (
        PairStatus.PROPOSED,
        PairStatus.DECLINED,
        DeclineReason.DISTANCE,
        personas.mentee,
    )


def test_each_coordinator_is_emailed_who_declined_and_why_in_french(
    personas, pair, django_capture_on_commit_callbacks
):
    second = UserFactory(first_name="Odile", email="odile@exemple.fr")
    MembershipFactory(programme=personas.programme, user=second, role=Role.COORDINATOR)
    # Neither the referent, nor a coordinator of another programme, nor the members are told.
    MembershipFactory(user=UserFactory(email="ailleurs@exemple.fr"), role=Role.COORDINATOR)

    decline(pair, personas.mentor, django_capture_on_commit_callbacks, DeclineReason.UNAVAILABLE)

    assert sorted(m.to[0] for m in mail.outbox) == ["coordination@exemple.fr", "odile@exemple.fr"]
    [email] = [m for m in mail.outbox if m.to == ["odile@exemple.fr"]]
    mentor_name, mentee_name = personas.mentor.get_full_name(), personas.mentee.get_full_name()
    assert email.subject == (
        f"[Mentorat] Un binôme a été décliné dans « Programme de test » : "
        f"{mentor_name} – {mentee_name}"
    )
    body = email.body
    assert "Bonjour Odile," in body
    assert f"{mentor_name}, mentor, a décliné le binôme proposé" in body
    assert f"Mentor : {mentor_name}, de Transports Test" in body
    assert f"Mentoré : {mentee_name}, de Fromagerie Test" in body
    assert "Motif donné : « Je ne suis pas disponible en ce moment »." in body
    assert "/appariement/programme-test/" in body
    [(html, kind)] = email.alternatives
    assert kind == "text/html"
    assert '<html lang="fr">' in html
    assert "Motif donné : « Je ne suis pas disponible en ce moment »." in html
    assert f"{mentor_name}, mentor, a décliné" in html


def test_a_coordinator_who_reads_english_gets_it_in_english(
    personas, pair, django_capture_on_commit_callbacks
):
    personas.coordinator.language = "en"
    personas.coordinator.save()
    decline(pair, personas.mentee, django_capture_on_commit_callbacks)
    [email] = mail.outbox
    assert email.subject.startswith("[Mentorat] A pair was declined in « Programme de test »")
    assert "the mentee, declined the pair" in email.body
    assert "Reason given: Too far away to meet." in email.body


def test_the_email_is_recorded_once_per_pair_and_coordinator(
    personas, pair, django_capture_on_commit_callbacks
):
    decline(pair, personas.mentee, django_capture_on_commit_callbacks)
    assert SentEmail.objects.filter(key__startswith=f"pair-declined:{pair.pk}:").count() == 1
    # A second answer is refused and sends nothing more.
    with translation.override("fr"), pytest.raises(ValidationError):
        pair_respond(pair=pair, user=personas.mentor, accept=False, reason="other")
    assert len(mail.outbox) == 1


def test_a_reason_outside_the_list_is_refused_and_nothing_changes(personas, pair):
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        pair_respond(pair=pair, user=personas.mentee, accept=False, reason="bored")
    assert error.value.messages == ["Ce motif ne fait pas partie de la liste."]
    pair.refresh_from_db()
    assert (pair.status, pair.mentee_response, pair.decline_reason) == ("proposed", "", "")
    assert not SentEmail.objects.filter(key__startswith="pair-declined:").exists()


def test_the_declined_mentee_is_proposed_another_mentor_in_the_next_round(
    django_capture_on_commit_callbacks,
):
    # Two mentors with room for two; the mentee's first mentor keeps a free place after the
    # refusal, and still is never proposed to them again.
    programme = programme_with_topics()
    first_mentor = mentor(programme, OrganisationFactory(), capacity=2, experience_years=30)
    second_mentor = mentor(programme, OrganisationFactory(), capacity=2, experience_years=3)
    waiting = mentee(programme, OrganisationFactory(), experience_years=1)
    run = _run(programme, django_capture_on_commit_callbacks)
    assert ProposedPair.objects.get(run=run, mentee=waiting).mentor == first_mentor
    with django_capture_on_commit_callbacks(execute=True):
        [pair] = proposal_publish(run=run, by=None)
    decline(pair, waiting.user, django_capture_on_commit_callbacks, DeclineReason.PROFILE)

    again = _run(programme, django_capture_on_commit_callbacks)
    assert ProposedPair.objects.get(run=again, mentee=waiting).mentor == second_mentor
    with django_capture_on_commit_callbacks(execute=True):
        [second] = proposal_publish(run=again, by=None)
    assert (second.mentee, second.mentor) == (waiting, second_mentor)
    assert Pair.objects.filter(mentee=waiting).count() == 2
