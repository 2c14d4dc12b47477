"""Publishing a proposal: pairs are created, both members are e-mailed in their language with
their partner and why, never a score; they accept or decline, and a declined mentee goes back to
the pool."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation
from matching_factories import mentee, mentor, programme_with_topics

from matching.models import (
    MatchingRun,
    Pair,
    PairRule,
    PairStatus,
    ProposedPair,
    Response,
    RunStatus,
)
from matching.services import pair_respond, proposal_publish, run_start
from mentorat.core.models import SentEmail
from programmes.models import Application, Organisation, Phase, Programme
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_now(django_capture_on_commit_callbacks):
    def run(programme) -> MatchingRun:
        with django_capture_on_commit_callbacks(execute=True):
            started = run_start(programme=programme, by=None)
        started.refresh_from_db()
        return started

    return run


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    def do(run, by=None) -> list[Pair]:
        with django_capture_on_commit_callbacks(execute=True):
            return proposal_publish(run=run, by=by)

    return do


@pytest.fixture
def proposal(personas, run_now):
    """The personas' programme with a second mentee, who reads English; computed, unpublished.
    The mentor (capacity 2) takes both mentees."""
    programme = personas.programme
    english = UserFactory(language="en", first_name="Winifred", last_name="Quackenbush")
    mentee(
        programme,
        OrganisationFactory(name="Scierie du Jura", departement="39"),
        user=english,
        topics=("Gestion des priorités",),
    )
    run = run_now(programme)
    assert ProposedPair.objects.filter(run=run).count() == 2
    return run


def test_the_email_names_the_partner_s_organisation_with_de_elided_or_contracted(
    personas, proposal, publish
):
    Organisation.objects.filter(name="Transports Test").update(name="Auxerre Imprimerie")
    Organisation.objects.filter(name="Fromagerie Test").update(name="Les Ateliers du Jura")
    publish(proposal)

    [to_mentee] = [m for m in mail.outbox if m.to == [personas.mentee.email]]
    assert ", d’Auxerre Imprimerie, comme mentor" in to_mentee.body
    to_mentor = [m for m in mail.outbox if m.to == [personas.mentor.email]]
    about_mentee = next(m for m in to_mentor if personas.mentee.last_name in m.subject)
    assert ", des Ateliers du Jura, comme mentor" in about_mentee.body
    assert "de Les" not in about_mentee.body
    english = Application.objects.get(user__last_name="Quackenbush").user
    [to_english] = [m for m in mail.outbox if m.to == [english.email]]
    assert ", of Auxerre Imprimerie, as your mentor" in to_english.body


def test_publishing_creates_the_pairs_and_marks_the_run(personas, proposal, publish):
    pairs = publish(proposal, by=personas.coordinator)

    assert len(pairs) == 2
    proposed = {p.mentee_id: p for p in ProposedPair.objects.filter(run=proposal)}
    for pair in Pair.objects.filter(programme=personas.programme):
        assert pair.status == PairStatus.PROPOSED
        assert pair.run == proposal
        assert pair.score == proposed[pair.mentee_id].score
        assert pair.criteria == proposed[pair.mentee_id].criteria
        assert pair.mentor_response == pair.mentee_response == Response.PENDING
    proposal.refresh_from_db()
    assert proposal.published_at is not None
    assert proposal.published_by == personas.coordinator


def test_both_members_receive_an_email_in_french_with_partner_and_reasons(
    personas, proposal, publish
):
    publish(proposal)

    assert len(mail.outbox) == 4
    mentee_app = Application.objects.get(user=personas.mentee)
    pair = Pair.objects.get(mentee=mentee_app)
    mentor_user, mentee_user = personas.mentor, personas.mentee
    [to_mentee] = [m for m in mail.outbox if m.to == [mentee_user.email]]
    assert to_mentee.subject == (
        f"[Mentorat] Votre binôme de mentorat dans « Programme de test » : "
        f"{mentor_user.get_full_name()}"
    )
    body = to_mentee.body
    assert f"Bonjour {mentee_user.first_name}," in body
    assert f"vous propose {mentor_user.get_full_name()}, de Transports Test, comme mentor" in body
    assert "Pourquoi ce binôme :" in body
    assert "http://testserver" not in body
    assert "/appariement/programme-test/mon-binome/" in body
    # No score of anyone, nothing about who else was considered.
    assert "score" not in body.lower()
    assert f"{pair.score:.2f}" not in body and f"{pair.score:.1f}" not in body
    assert "Winifred" not in body and "Quackenbush" not in body

    to_mentor = [m for m in mail.outbox if m.to == [mentor_user.email]]
    assert len(to_mentor) == 2  # one per mentee, each about one person only
    about_mentee = next(m for m in to_mentor if mentee_user.last_name in m.subject)
    assert "vous propose d’accompagner" in about_mentee.body
    assert "de Fromagerie Test" in about_mentee.body
    assert "Winifred" not in about_mentee.body


def test_a_member_who_reads_english_gets_the_email_in_english(proposal, publish):
    publish(proposal)
    [to_winifred] = [
        m for m in mail.outbox if "Winifred" in m.body and m.subject.startswith("[Mentorat] Your")
    ]
    assert "Your mentoring pair in « Programme de test »" in to_winifred.subject
    assert "Hello Winifred," in to_winifred.body
    assert "Why this pair:" in to_winifred.body
    assert SentEmail.objects.get(to=to_winifred.to[0]).language == "en"


def test_publishing_twice_creates_nothing_more(proposal, publish):
    assert len(publish(proposal)) == 2
    assert publish(proposal) == []
    assert Pair.objects.count() == 2
    assert len(mail.outbox) == 4
    assert set(SentEmail.objects.values_list("key", flat=True)) == {
        f"pair-proposed:{pair.pk}:{role}"
        for pair in Pair.objects.all()
        for role in ("mentor", "mentee")
    }


def test_only_the_latest_computed_proposal_can_be_published(personas, proposal, run_now, publish):
    newer = run_now(personas.programme)
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        publish(proposal)
    assert "Une proposition plus récente existe" in error.value.messages[0]
    assert not Pair.objects.exists() and not mail.outbox
    assert len(publish(newer)) == 2


def test_a_failed_run_cannot_be_published(run_now, publish):
    programme = programme_with_topics()
    mentee(programme)
    failed = run_now(programme)
    assert failed.status == RunStatus.FAILED
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        publish(failed)
    assert "n’est pas prête" in error.value.messages[0]


def test_a_proposal_without_pairs_cannot_be_published(run_now, publish):
    programme = programme_with_topics()
    acme = OrganisationFactory()
    only = mentor(programme, acme)
    mentee(programme, acme)
    PairRule.objects.create(
        programme=programme, mentor=only, mentee=mentee(programme), kind="exclude"
    )
    run = run_now(programme)
    assert run.status == RunStatus.DONE and run.summary["matched"] == 0
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        publish(run)
    assert "aucun binôme à publier" in error.value.messages[0]


# --- answers -----------------------------------------------------------------------------------


@pytest.fixture
def pair(personas, proposal, publish):
    publish(proposal)
    return Pair.objects.get(mentee__user=personas.mentee)


def test_the_pair_is_accepted_once_both_accept(personas, pair):
    pair = pair_respond(pair=pair, user=personas.mentee, accept=True)
    assert pair.mentee_response == Response.ACCEPTED
    assert pair.status == PairStatus.PROPOSED
    pair = pair_respond(pair=pair, user=personas.mentor, accept=True)
    assert pair.mentor_response == Response.ACCEPTED
    assert pair.status == PairStatus.ACCEPTED
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACCEPTED


def test_one_refusal_declines_the_pair(personas, pair):
    pair_respond(pair=pair, user=personas.mentee, accept=True)
    pair = pair_respond(pair=pair, user=personas.mentor, accept=False)
    assert pair.status == PairStatus.DECLINED
    assert pair.mentor_response == Response.DECLINED
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        pair_respond(pair=pair, user=personas.mentee, accept=True)
    assert "n’attend plus de réponse" in error.value.messages[0]


@pytest.mark.parametrize("who", ["coordinator", "staff", "referent", "outsider"])
def test_the_service_refuses_an_answer_from_anyone_but_the_two_members(personas, pair, who):
    # Views let only the members through (get_pair_for); the service holds the line too.
    with pytest.raises(ValueError):
        pair_respond(pair=pair, user=getattr(personas, who), accept=True)
    pair.refresh_from_db()
    assert pair.mentor_response == pair.mentee_response == Response.PENDING


def test_a_declined_mentee_returns_to_the_pool_without_that_mentor(personas, pair, run_now):
    programme = personas.programme
    second_mentor = mentor(programme, OrganisationFactory(name="Menuiserie"), capacity=1)
    pair_respond(pair=pair, user=personas.mentee, accept=False)

    run = run_now(programme)

    assert run.status == RunStatus.DONE
    [again] = ProposedPair.objects.filter(run=run)
    assert again.mentee == pair.mentee
    assert again.mentor == second_mentor  # not the mentor of the declined pair
    # The other mentee's pair is still open: they are not in this run.
    assert run.summary["mentees"] == 1


def test_a_declined_mentee_with_no_other_mentor_is_unmatched(personas, pair, run_now):
    pair_respond(pair=pair, user=personas.mentor, accept=False)
    run = run_now(personas.programme)
    assert run.status == RunStatus.DONE
    assert run.summary["matched"] == 0 and run.summary["unmatched"] == 1
    assert run.unmatched.get().code == "excluded_all"


# --- The programme's phase -----------------------------------------------------------------


@pytest.mark.parametrize("phase", [Phase.SETUP, Phase.RECRUITMENT])
def test_publishing_moves_the_programme_to_its_matching_phase(personas, proposal, publish, phase):
    Programme.objects.filter(pk=personas.programme.pk).update(current_phase=phase)
    proposal.refresh_from_db()
    publish(proposal)
    personas.programme.refresh_from_db()
    assert personas.programme.current_phase == Phase.MATCHING
    # Profiles are read by matching: from now on, nobody may change them.
    assert not personas.programme.profiles_editable


@pytest.mark.parametrize("phase", [Phase.MATCHING, Phase.RUNNING])
def test_publishing_leaves_a_later_phase_alone(personas, proposal, publish, phase):
    Programme.objects.filter(pk=personas.programme.pk).update(current_phase=phase)
    proposal.refresh_from_db()
    publish(proposal)
    personas.programme.refresh_from_db()
    assert personas.programme.current_phase == phase


@pytest.mark.parametrize("phase", [Phase.CLOSING, Phase.EVALUATION])
def test_a_closing_programme_refuses_to_publish_or_run_in_french(
    personas, proposal, publish, phase
):
    Programme.objects.filter(pk=personas.programme.pk).update(current_phase=phase)
    personas.programme.refresh_from_db()
    proposal.refresh_from_db()
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        publish(proposal)
    assert "l’appariement ne peut plus être lancé ni publié" in refused.value.messages[0]
    assert not Pair.objects.exists()
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        run_start(programme=personas.programme, by=None)
    assert "ne peut plus être lancé" in refused.value.messages[0]
    assert MatchingRun.objects.filter(programme=personas.programme).count() == 1
    personas.programme.refresh_from_db()
    assert personas.programme.current_phase == phase


@pytest.mark.parametrize("phase", [Phase.SETUP, Phase.RECRUITMENT, Phase.MATCHING])
def test_matching_may_be_run_as_a_preview_before_the_pairs_run(personas, run_now, phase):
    Programme.objects.filter(pk=personas.programme.pk).update(current_phase=phase)
    personas.programme.refresh_from_db()
    assert run_now(personas.programme).status == RunStatus.DONE
    personas.programme.refresh_from_db()
    assert personas.programme.current_phase == phase  # running does not move the phase
