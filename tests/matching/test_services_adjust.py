"""Adjusting a proposal: swapping a mentee's mentor, locking and excluding pairs, declaring
incompatible organisations, and running again with those rules kept."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from matching_factories import mentee, mentor, programme_with_topics

from matching import engine
from matching.explanations import describe_unmatched
from matching.models import (
    IncompatibleOrganisations,
    MatchingRun,
    PairRule,
    ProposedPair,
    RunStatus,
    UnmatchedMentee,
)
from matching.problem import build_problem
from matching.services import (
    incompatibility_add,
    incompatibility_remove,
    pair_rule_remove,
    pair_rule_set,
    proposal_remove,
    proposal_swap,
    run_start,
)
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

TOPIC = "Gestion des priorités"


@pytest.fixture
def run_now(django_capture_on_commit_callbacks):
    def run(programme) -> MatchingRun:
        with django_capture_on_commit_callbacks(execute=True):
            started = run_start(programme=programme, by=None)
        started.refresh_from_db()
        assert started.status == RunStatus.DONE, started.issues
        return started

    return run


@pytest.fixture
def world(db):
    """One mentee and two mentors of other organisations: `good` offers the mentee's topic,
    `other` does not. Everyone meets remotely, so distance never forbids a pair."""
    programme = programme_with_topics()
    organisations = {name: OrganisationFactory(name=name) for name in ("A", "B", "C", "D")}
    people = {
        "good": mentor(programme, organisations["A"], topics=(TOPIC,), meeting_mode="distanciel"),
        "other": mentor(programme, organisations["B"], meeting_mode="distanciel"),
        "mentee": mentee(programme, organisations["D"], topics=(TOPIC,), meeting_mode="distanciel"),
    }
    return programme, organisations, people


def _score(programme, run, mentor_app, mentee_app) -> float:
    problem = build_problem(programme, run.parameters).problem
    return round(engine.explain(problem, mentor_app.pk, mentee_app.pk).score, 2)


def _french(error: pytest.ExceptionInfo) -> str:
    with translation.override("fr"):
        return " ".join(error.value.messages)


# --- swap --------------------------------------------------------------------------------------


def test_a_swap_moves_the_mentee_and_shows_the_score_it_costs(world, run_now):
    programme, _, people = world
    run = run_now(programme)
    before = ProposedPair.objects.get(run=run, mentee=people["mentee"])
    assert before.mentor == people["good"]

    pair = proposal_swap(run=run, mentee=people["mentee"], mentor=people["other"], by=None)

    new_score = _score(programme, run, people["other"], people["mentee"])
    assert pair.pk == before.pk
    assert pair.mentor == people["other"]
    assert pair.manual is True and pair.locked is False
    assert pair.score == new_score
    assert pair.score_cost == pytest.approx(before.score - new_score)
    assert pair.score_cost > 0
    assert {c["criterion"] for c in pair.criteria} == {
        "topics",
        "experience",
        "mode",
        "distance",
        "sector",
    }
    run.refresh_from_db()
    assert run.summary["total_score"] == pytest.approx(new_score)
    assert run.summary["lowest_score"] == pytest.approx(new_score)
    assert run.summary["matched"] == 1


def test_swapping_back_costs_nothing_against_the_engine_choice(world, run_now):
    programme, _, people = world
    run = run_now(programme)
    proposal_swap(run=run, mentee=people["mentee"], mentor=people["other"], by=None)
    pair = proposal_swap(run=run, mentee=people["mentee"], mentor=people["good"], by=None)
    assert pair.score_cost == pytest.approx(0.0)


def test_a_swap_to_the_same_mentor_changes_nothing(world, run_now):
    programme, _, people = world
    run = run_now(programme)
    pair = proposal_swap(run=run, mentee=people["mentee"], mentor=people["good"], by=None)
    assert pair.manual is False and pair.score_cost is None


def test_an_unmatched_mentee_can_be_given_a_mentor_recruited_after_the_run(world, run_now):
    programme, organisations, people = world
    people["other"].delete()
    waiting = mentee(programme, organisations["C"], meeting_mode="distanciel")
    run = run_now(programme)
    assert UnmatchedMentee.objects.filter(run=run).count() == 1
    [unmatched] = UnmatchedMentee.objects.filter(run=run)
    late = mentor(programme, organisations["B"], meeting_mode="distanciel")

    pair = proposal_swap(run=run, mentee=unmatched.mentee, mentor=late, by=None)

    assert pair.manual and pair.mentor == late and pair.mentee == unmatched.mentee
    assert not UnmatchedMentee.objects.filter(run=run).exists()
    # Against the best mentor the engine would give them, whatever that mentor's load.
    problem = build_problem(programme, run.parameters).problem
    best = engine.alternatives(problem, unmatched.mentee_id, n=1)[0].score
    assert pair.score_cost == pytest.approx(best - pair.score, abs=0.01)
    run.refresh_from_db()
    assert run.summary["matched"] == 2 and run.summary["unmatched"] == 0
    assert waiting.pk in {unmatched.mentee_id, people["mentee"].pk}


def test_a_swap_within_one_organisation_is_refused_in_french(world, run_now):
    programme, organisations, people = world
    colleague = mentor(programme, organisations["D"])
    run = run_now(programme)
    with pytest.raises(ValidationError) as error:
        proposal_swap(run=run, mentee=people["mentee"], mentor=colleague, by=None)
    assert "travaillent tous deux chez D" in _french(error)
    assert ProposedPair.objects.get(run=run).mentor == people["good"]


def test_a_swap_between_incompatible_organisations_is_refused(world, run_now):
    programme, organisations, people = world
    IncompatibleOrganisations.objects.create(
        programme=programme, organisation_a=organisations["B"], organisation_b=organisations["D"]
    )
    run = run_now(programme)
    with pytest.raises(ValidationError) as error:
        proposal_swap(run=run, mentee=people["mentee"], mentor=people["other"], by=None)
    assert "B et D sont déclarées incompatibles" in _french(error)


def test_a_swap_to_an_excluded_pair_is_refused(world, run_now):
    programme, _, people = world
    PairRule.objects.create(
        programme=programme, mentor=people["other"], mentee=people["mentee"], kind="exclude"
    )
    run = run_now(programme)
    with pytest.raises(ValidationError) as error:
        proposal_swap(run=run, mentee=people["mentee"], mentor=people["other"], by=None)
    assert "La coordination a exclu ce binôme" in _french(error)


def test_a_swap_breaking_the_proximity_rule_is_refused(world, run_now):
    programme, _, people = world
    programme.proximity_required = True
    programme.save()
    people["mentee"].meeting_mode = "presentiel"
    people["mentee"].departement = "25"
    people["mentee"].save()
    far = mentor(programme, OrganisationFactory(departement="13"), meeting_mode="presentiel")
    run = run_now(programme)
    with pytest.raises(ValidationError) as error:
        proposal_swap(run=run, mentee=people["mentee"], mentor=far, by=None)
    assert "ne sont ni identiques ni voisins" in _french(error)


def test_a_swap_to_a_full_mentor_is_refused(world, run_now):
    programme, organisations, people = world
    second = mentee(programme, organisations["C"], meeting_mode="distanciel")
    run = run_now(programme)
    assert ProposedPair.objects.filter(run=run).count() == 2  # both mentors take one
    other_mentor = ProposedPair.objects.get(run=run, mentee=second).mentor
    target = people["good"] if other_mentor == people["other"] else people["other"]
    with pytest.raises(ValidationError) as error:
        proposal_swap(run=run, mentee=second, mentor=target, by=None)
    assert _french(error) == (
        "Ce mentor est complet : retirez d’abord l’un de ses mentorés de la proposition, ou "
        "verrouillez ce binôme puis relancez l’appariement."
    )


def test_removing_a_mentee_frees_their_mentor_for_a_swap_when_every_place_is_taken(world, run_now):
    programme, organisations, people = world
    second = mentee(programme, organisations["C"], meeting_mode="distanciel")
    run = run_now(programme)
    assert run.summary["slots"] == run.summary["matched"] == 2  # every place is taken
    other_mentor = ProposedPair.objects.get(run=run, mentee=second).mentor
    target = people["good"] if other_mentor == people["other"] else people["other"]
    holder = ProposedPair.objects.get(run=run, mentor=target).mentee

    removed = proposal_remove(run=run, mentee=holder, by=None)
    assert (removed.code, removed.params["mentor_id"]) == ("removed_by_coordinator", target.pk)
    assert not ProposedPair.objects.filter(run=run, mentee=holder).exists()
    run.refresh_from_db()
    assert (run.summary["matched"], run.summary["unmatched"]) == (1, 1)
    with translation.override("fr"):
        assert "La coordination a retiré ce mentoré de la proposition" in describe_unmatched(
            removed.code, removed.params
        )

    proposal_swap(run=run, mentee=second, mentor=target, by=None)
    assert ProposedPair.objects.get(run=run, mentee=second).mentor == target
    # The removed mentee may then take the place the swap freed.
    proposal_swap(run=run, mentee=holder, mentor=other_mentor, by=None)
    run.refresh_from_db()
    assert (run.summary["matched"], run.summary["unmatched"]) == (2, 0)
    assert not UnmatchedMentee.objects.filter(run=run).exists()


def test_removing_needs_a_proposed_mentee_of_an_unpublished_proposal(world, run_now):
    programme, organisations, people = world
    run = run_now(programme)
    stranger = mentee(programme_with_topics(), organisations["C"])
    with pytest.raises(ValidationError) as error:
        proposal_remove(run=run, mentee=stranger, by=None)
    assert "n’a pas de mentor dans cette proposition" in _french(error)
    MatchingRun.objects.filter(pk=run.pk).update(published_at="2026-01-01T00:00Z")
    with pytest.raises(ValidationError) as error:
        proposal_remove(run=run, mentee=people["mentee"], by=None)
    assert "Cette proposition est publiée" in _french(error)
    assert ProposedPair.objects.filter(run=run, mentee=people["mentee"]).exists()


def test_a_swap_needs_a_mentee_of_the_run_and_an_accepted_mentor(world, run_now):
    programme, organisations, people = world
    run = run_now(programme)
    stranger = mentee(programme_with_topics(), organisations["C"])
    with pytest.raises(ValidationError) as error:
        proposal_swap(run=run, mentee=stranger, mentor=people["other"], by=None)
    assert "n’est pas un mentoré de cette proposition" in _french(error)
    with pytest.raises(ValidationError) as error:
        proposal_swap(run=run, mentee=people["mentee"], mentor=people["mentee"], by=None)
    assert "n’est pas un mentor accepté de ce programme" in _french(error)


def test_a_published_or_superseded_proposal_cannot_be_changed(world, run_now):
    programme, _, people = world
    old = run_now(programme)
    run_now(programme)
    with pytest.raises(ValidationError) as error:
        proposal_swap(run=old, mentee=people["mentee"], mentor=people["other"], by=None)
    assert "Une proposition plus récente existe" in _french(error)

    latest = MatchingRun.objects.latest()
    MatchingRun.objects.filter(pk=latest.pk).update(published_at="2026-01-01T00:00Z")
    with pytest.raises(ValidationError) as error:
        proposal_swap(run=latest, mentee=people["mentee"], mentor=people["other"], by=None)
    assert "Cette proposition est publiée" in _french(error)


# --- locks and exclusions ----------------------------------------------------------------------


def test_a_pair_rule_is_set_and_replaced_then_removed(world):
    programme, _, people = world
    by = UserFactory()
    rule = pair_rule_set(
        programme=programme, mentor=people["other"], mentee=people["mentee"], kind="lock", by=by
    )
    assert rule.kind == "lock" and rule.created_by == by
    rule = pair_rule_set(
        programme=programme, mentor=people["other"], mentee=people["mentee"], kind="exclude", by=by
    )
    assert PairRule.objects.get().kind == "exclude"
    pair_rule_remove(programme=programme, mentor=people["other"], mentee=people["mentee"], by=by)
    assert not PairRule.objects.exists()
    # Removing a rule that is not there is harmless.
    pair_rule_remove(programme=programme, mentor=people["other"], mentee=people["mentee"], by=by)


def test_a_lock_within_one_organisation_is_refused_in_french(world):
    programme, organisations, people = world
    colleague = mentor(programme, organisations["D"])
    with pytest.raises(ValidationError) as error:
        pair_rule_set(
            programme=programme, mentor=colleague, mentee=people["mentee"], kind="lock", by=None
        )
    assert "ne peut pas être verrouillé" in _french(error)
    assert "travaillent tous deux chez D" in _french(error)
    # Excluding such a pair is harmless, hence allowed.
    pair_rule_set(
        programme=programme, mentor=colleague, mentee=people["mentee"], kind="exclude", by=None
    )


def test_a_lock_between_incompatible_organisations_is_refused(world):
    programme, organisations, people = world
    incompatibility_add(
        programme=programme,
        organisation_a=organisations["D"],
        organisation_b=organisations["A"],
        by=None,
    )
    with pytest.raises(ValidationError) as error:
        pair_rule_set(
            programme=programme,
            mentor=people["good"],
            mentee=people["mentee"],
            kind="lock",
            by=None,
        )
    assert "sont déclarées incompatibles" in _french(error)


def test_a_mentee_is_locked_with_one_mentor_at_most(world):
    programme, _, people = world
    pair_rule_set(
        programme=programme, mentor=people["good"], mentee=people["mentee"], kind="lock", by=None
    )
    with pytest.raises(ValidationError) as error:
        pair_rule_set(
            programme=programme,
            mentor=people["other"],
            mentee=people["mentee"],
            kind="lock",
            by=None,
        )
    assert "est déjà verrouillé avec" in _french(error)


def test_a_mentor_cannot_be_locked_beyond_their_capacity(world):
    programme, organisations, people = world
    pair_rule_set(
        programme=programme, mentor=people["good"], mentee=people["mentee"], kind="lock", by=None
    )
    second = mentee(programme, organisations["C"])
    with pytest.raises(ValidationError) as error:
        pair_rule_set(
            programme=programme, mentor=people["good"], mentee=second, kind="lock", by=None
        )
    assert "ne peut accueillir que 1 mentoré" in _french(error)


def test_a_rule_needs_a_known_kind_and_accepted_participants_of_the_programme(world):
    programme, organisations, people = world
    with pytest.raises(ValidationError) as error:
        pair_rule_set(
            programme=programme, mentor=people["good"], mentee=people["mentee"], kind="x", by=None
        )
    assert "Choisissez de verrouiller ou d’exclure" in _french(error)
    elsewhere = mentee(programme_with_topics(), organisations["C"])
    with pytest.raises(ValidationError) as error:
        pair_rule_set(
            programme=programme, mentor=people["good"], mentee=elsewhere, kind="lock", by=None
        )
    assert "n’est pas un mentoré accepté de ce programme" in _french(error)


def test_running_again_keeps_locks_and_exclusions(world, run_now):
    programme, organisations, people = world
    first = run_now(programme)
    assert ProposedPair.objects.get(run=first).mentor == people["good"]
    pair_rule_set(
        programme=programme, mentor=people["good"], mentee=people["mentee"], kind="exclude", by=None
    )
    second = run_now(programme)
    assert ProposedPair.objects.get(run=second).mentor == people["other"]

    third_mentor = mentor(programme, organisations["C"], meeting_mode="distanciel")
    pair_rule_set(
        programme=programme, mentor=third_mentor, mentee=people["mentee"], kind="lock", by=None
    )
    third = run_now(programme)
    pair = ProposedPair.objects.get(run=third)
    assert pair.mentor == third_mentor and pair.locked


# --- incompatible organisations ----------------------------------------------------------------


def test_incompatible_organisations_are_unique_in_either_order(world):
    programme, organisations, _ = world
    a, b = organisations["A"], organisations["B"]
    first = incompatibility_add(
        programme=programme, organisation_a=b, organisation_b=a, by=None, reason=" Concurrents "
    )
    assert (first.organisation_a, first.organisation_b) == (a, b)  # stored in one order
    assert first.reason == "Concurrents"
    with pytest.raises(ValidationError) as error:
        incompatibility_add(programme=programme, organisation_a=a, organisation_b=b, by=None)
    assert "A et B sont déjà déclarées incompatibles" in _french(error)
    # Another programme has its own list.
    incompatibility_add(
        programme=programme_with_topics(), organisation_a=a, organisation_b=b, by=None
    )
    incompatibility_remove(incompatibility=first, by=None)
    assert IncompatibleOrganisations.objects.filter(programme=programme).count() == 0


def test_an_organisation_cannot_be_incompatible_with_itself(world):
    programme, organisations, _ = world
    with pytest.raises(ValidationError) as error:
        incompatibility_add(
            programme=programme,
            organisation_a=organisations["A"],
            organisation_b=organisations["A"],
            by=None,
        )
    assert "deux organisations différentes" in _french(error)


def test_organisations_joined_by_a_lock_cannot_be_declared_incompatible(world):
    programme, organisations, people = world
    pair_rule_set(
        programme=programme, mentor=people["good"], mentee=people["mentee"], kind="lock", by=None
    )
    with pytest.raises(ValidationError) as error:
        incompatibility_add(
            programme=programme,
            organisation_a=organisations["A"],
            organisation_b=organisations["D"],
            by=None,
        )
    assert "1 binôme verrouillé réunit" in _french(error)


def test_a_run_never_pairs_incompatible_organisations(world, run_now):
    programme, organisations, people = world
    incompatibility_add(
        programme=programme,
        organisation_a=organisations["A"],
        organisation_b=organisations["D"],
        by=None,
    )
    run = run_now(programme)
    assert ProposedPair.objects.get(run=run).mentor == people["other"]
