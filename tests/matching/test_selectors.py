"""Reads of the matching pages: runs, proposal rows with filters and sorts, alternatives,
mentors' loads, unmatched mentees and a participant's pair; constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from matching_factories import mentee, mentor, programme_with_topics

from matching import engine
from matching.models import (
    IncompatibleOrganisations,
    MatchingRun,
    Pair,
    PairRule,
    PairRuleKind,
    PairStatus,
    ProposedPair,
    RunStatus,
)
from matching.problem import build_problem
from matching.selectors import (
    alternatives_for,
    earlier_pairs,
    earlier_pairs_counts,
    incompatibilities_of,
    latest_run,
    mentor_loads_page,
    open_pairs_of,
    pair_answers,
    pair_rules,
    pairs_for_participant,
    proposal_rows,
    runs_for,
    unmatched_rows,
)
from matching.services import pair_respond, proposal_publish, run_start
from tests.factories import OrganisationFactory, PairFactory, UserFactory

pytestmark = pytest.mark.django_db


def _run(programme, django_capture_on_commit_callbacks) -> MatchingRun:
    with django_capture_on_commit_callbacks(execute=True):
        run = run_start(programme=programme, by=None)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.issues
    return run


def _programme_with(n: int, *, unmatched: int = 0):
    """n mentors of capacity 1 and n + unmatched mentees, all of distinct organisations."""
    programme = programme_with_topics()
    for i in range(n):
        mentor(programme, topics=("Dialogue social",), experience_years=10 + i)
    for i in range(n + unmatched):
        mentee(programme, topics=("Dialogue social",), experience_years=i % 5)
    return programme


@pytest.fixture
def computed(django_capture_on_commit_callbacks):
    def make(n: int, *, unmatched: int = 0) -> MatchingRun:
        return _run(_programme_with(n, unmatched=unmatched), django_capture_on_commit_callbacks)

    return make


def _queries(function) -> int:
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def test_runs_are_listed_newest_first_with_who_started_them(django_capture_on_commit_callbacks):
    programme = _programme_with(2)
    coordinator = UserFactory()
    assert latest_run(programme) is None
    with django_capture_on_commit_callbacks(execute=True):
        first = run_start(programme=programme, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        second = run_start(programme=programme, by=coordinator, fairness=True)
    runs = list(runs_for(programme))
    assert runs == [second, first]
    assert latest_run(programme) == second
    with CaptureQueriesContext(connection) as queries:
        rows = [(run.created_by.email, run.parameters["fairness"]) for run in runs_for(programme)]
    assert rows == [(coordinator.email, True), (coordinator.email, False)]
    assert len(queries) == 1  # runs joined with who started and who published them


def test_proposal_rows_take_one_query_for_2_or_20_pairs(computed):
    small, large = computed(2), computed(20)

    def read(run):
        # One query: pairs joined with both applications, their users and organisations.
        for row in proposal_rows(run):
            _ = (row.mentor.user.email, row.mentor.organisation.name)
            _ = (row.mentee.user.email, row.mentee.organisation.name)

    assert _queries(lambda: read(small)) == _queries(lambda: read(large)) == 1


def test_proposal_rows_filter_and_sort(computed):
    run = computed(6)
    rows = list(proposal_rows(run))
    scores = [row.score for row in rows]
    assert scores == sorted(scores, reverse=True)
    assert [r.score for r in proposal_rows(run, sort="score")] == sorted(scores)
    assert list(proposal_rows(run, sort="nonsense")) == rows

    by_mentee = [r.mentee.user.last_name for r in proposal_rows(run, sort="mentee")]
    assert by_mentee == sorted(by_mentee)

    one = rows[2]
    assert list(proposal_rows(run, organisation_id=one.mentee.organisation_id)) == [one]
    one.mentor.user.email = "anne.unique@exemple.fr"
    one.mentor.user.save()
    one.mentee.organisation.name = "Scierie Unique"
    one.mentee.organisation.save()
    assert list(proposal_rows(run, search="ANNE.UNIQUE")) == [one]
    assert list(proposal_rows(run, search="scierie unique")) == [one]
    middle = sorted(scores)[len(scores) // 2]
    assert all(r.score >= middle for r in proposal_rows(run, min_score=middle))
    assert all(r.score <= middle for r in proposal_rows(run, max_score=middle))
    assert len(proposal_rows(run, min_score=middle)) + len(
        proposal_rows(run, max_score=middle)
    ) == len(rows) + scores.count(middle)


def test_unmatched_rows_take_one_query_for_2_or_20_mentees(computed):
    small, large = computed(1, unmatched=2), computed(2, unmatched=20)
    assert small.unmatched.count() == 2 and large.unmatched.count() == 20

    def read(run):
        # One query: unmatched mentees joined with their applications, users and organisations.
        for row in unmatched_rows(run):
            _ = (row.code, row.mentee.user.email, row.mentee.organisation.name)

    assert _queries(lambda: read(small)) == _queries(lambda: read(large)) == 1


def mentor_loads(run) -> list[dict]:
    return list(mentor_loads_page(run, 1, per_page=1000).object_list)


def _figures(row: dict) -> tuple[int, int, int, int, int]:
    return (row["assigned"], row["earlier"], row["load"], row["capacity"], row["room"])


def test_mentor_loads_count_the_pairs_of_every_round(computed, django_capture_on_commit_callbacks):
    small = computed(2)
    # (this run, earlier rounds, load, capacity, room in this run)
    assert [_figures(row) for row in mentor_loads(small)] == [(1, 0, 1, 1, 1)] * 2

    # After publication: the run's own pairs do not count twice.
    with django_capture_on_commit_callbacks(execute=True):
        proposal_publish(run=small, by=None)
    small.refresh_from_db()
    assert [_figures(row) for row in mentor_loads(small)] == [(1, 0, 1, 1, 1)] * 2
    newcomer = mentor(small.programme, capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        mentee(small.programme)
        newer = run_start(programme=small.programme, by=None)
    newer.refresh_from_db()
    rows = {row["mentor"].pk: row for row in mentor_loads(newer)}
    assert _figures(rows[newcomer.pk]) == (1, 0, 1, 2, 2)
    # The mentors full from the first round read "1 / 1", not "0 / 0".
    assert [_figures(row) for pk, row in rows.items() if pk != newcomer.pk] == [(0, 1, 1, 1, 0)] * 2

    # A declined pair of the first round no longer weighs on its mentor, in either round.
    first = Pair.objects.filter(run=small).order_by("pk").first()
    pair_respond(pair=first, user=first.mentee.user, accept=False, reason="distance")
    assert _figures(
        next(row for row in mentor_loads(newer) if row["mentor"].pk == first.mentor_id)
    ) == (0, 0, 0, 1, 1)
    assert _figures(
        next(row for row in mentor_loads(small) if row["mentor"].pk == first.mentor_id)
    ) == (0, 0, 0, 1, 1)


def test_the_pairs_of_earlier_rounds_are_listed_and_counted_for_a_new_round(
    computed, django_capture_on_commit_callbacks
):
    first = computed(2)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_publish(run=first, by=None)
    declined = Pair.objects.filter(run=first).order_by("pk").first()
    pair_respond(pair=declined, user=declined.mentor.user, accept=False, reason="unavailable")
    mentor(first.programme)
    with django_capture_on_commit_callbacks(execute=True):
        second = run_start(programme=first.programme, by=None)
    second.refresh_from_db()
    assert set(earlier_pairs(second)) == set(Pair.objects.filter(run=first))
    assert earlier_pairs_counts(second) == {"proposed": 1, "declined": 1}
    assert list(earlier_pairs(first)) == [] and earlier_pairs_counts(first) == {}


def test_alternatives_are_the_best_other_mentors_with_their_load(computed):
    run = computed(5)
    pair = proposal_rows(run).first()
    found = alternatives_for(run, pair.mentee)

    assert len(found) == 3
    assert pair.mentor not in [row["mentor"] for row in found]
    scores = [row["score"] for row in found]
    assert scores == sorted(scores, reverse=True)
    problem = build_problem(run.programme, run.parameters).problem
    for row in found:
        explanation = engine.explain(problem, row["mentor"].pk, pair.mentee_id)
        assert row["score"] == pytest.approx(explanation.score, abs=0.01)
        assert row["criteria"] == [c.as_dict() for c in explanation.criteria]
        assert row["load"] == ProposedPair.objects.filter(run=run, mentor=row["mentor"]).count()
        assert row["capacity"] == 1
    assert len(alternatives_for(run, pair.mentee, n=10)) == 4


def test_alternatives_leave_out_forbidden_mentors(django_capture_on_commit_callbacks):
    programme = programme_with_topics()
    same = OrganisationFactory()
    colleague = mentor(programme, same)
    allowed = mentor(programme)
    waiting = mentee(programme, same)
    run = _run(programme, django_capture_on_commit_callbacks)
    assert ProposedPair.objects.get(run=run, mentee=waiting).mentor == allowed
    assert alternatives_for(run, waiting) == []  # the only allowed mentor is theirs already
    other = mentee(programme, allowed.organisation)
    assert [row["mentor"] for row in alternatives_for(run, other)] == [colleague]


def test_a_participant_sees_their_open_pairs_before_older_ones():
    programme = _programme_with(0)
    person = UserFactory()
    mine = mentee(programme, user=person)
    first_mentor, second_mentor = mentor(programme), mentor(programme)
    assert pairs_for_participant(person, programme) == []
    declined = PairFactory(
        programme=programme, mentor=first_mentor, mentee=mine, status=PairStatus.DECLINED
    )
    assert pairs_for_participant(person, programme) == [declined]
    current = PairFactory(programme=programme, mentor=second_mentor, mentee=mine)
    Pair.objects.filter(pk=declined.pk).update(created_at=current.created_at)  # same instant
    assert pairs_for_participant(person, programme) == [current, declined]
    assert pairs_for_participant(second_mentor.user, programme) == [current]
    assert pairs_for_participant(UserFactory(), programme) == []
    assert pairs_for_participant(person, programme_with_topics()) == []


def test_a_mentor_gets_every_pair_of_theirs():
    programme = _programme_with(0)
    guide = mentor(programme)
    one, two = mentee(programme), mentee(programme)
    first = PairFactory(programme=programme, mentor=guide, mentee=one)
    second = PairFactory(programme=programme, mentor=guide, mentee=two)
    assert set(pairs_for_participant(guide.user, programme)) == {first, second}
    assert open_pairs_of(guide.user) == {programme.pk: [first, second]}
    assert open_pairs_of(one.user) == {programme.pk: [first]}


def test_a_page_of_mentor_loads_reads_as_the_whole_list_in_a_constant_number_of_queries(
    computed, django_capture_on_commit_callbacks
):
    small, large = computed(3), computed(20)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_publish(run=large, by=None)  # earlier pairs, counted for a new run
    with django_capture_on_commit_callbacks(execute=True):
        mentee(large.programme)
        newer = run_start(programme=large.programme, by=None)
    newer.refresh_from_db()

    def read(run, number):
        # The mentors' count, the page's mentors (users, organisations, programme joined), the
        # mentees the run gives them, their open pairs of earlier runs: four queries.
        page = mentor_loads_page(run, number, per_page=5)
        for row in page.object_list:
            _ = (row["mentor"].user.email, row["mentor"].organisation.name)
        return page

    assert _queries(lambda: read(small, 1)) == _queries(lambda: read(newer, 2)) == 4
    for run in (small, newer):
        whole = mentor_loads(run)
        pages = [read(run, n).object_list for n in range(1, -(-len(whole) // 5) + 1)]
        assert [row for page in pages for row in page] == whole
    assert read(newer, "not a number").number == 1
    assert read(newer, 99).number == 4


def _rules_world(n: int):
    programme = _programme_with(0)
    mentors = [mentor(programme) for _ in range(n)]
    mentees = [mentee(programme) for _ in range(n)]
    for i, (a, b) in enumerate(zip(mentors, mentees, strict=True)):
        kind = PairRuleKind.LOCK if i % 2 else PairRuleKind.EXCLUDE
        PairRule.objects.create(programme=programme, mentor=a, mentee=b, kind=kind)
        IncompatibleOrganisations.objects.create(
            programme=programme, organisation_a=a.organisation, organisation_b=b.organisation
        )
    return programme, mentors, mentees


def test_rules_and_incompatibilities_take_one_query_for_2_or_20(db):
    small, large = _rules_world(2), _rules_world(20)

    def read(world):
        programme, _mentors, mentees = world
        # One query each: the rules with both people and organisations; the incompatibilities
        # with both organisations; the rules of one mentee.
        for rule in pair_rules(programme):
            _ = (rule.mentor.user.email, rule.mentee.organisation.name)
        for row in incompatibilities_of(programme):
            _ = (row.organisation_a.name, row.organisation_b.name)
        for rule in pair_rules(programme, mentees[0]):
            _ = rule.mentor.organisation.name

    assert _queries(lambda: read(small)) == _queries(lambda: read(large)) == 3
    programme, _mentors, mentees = large
    kinds = [rule.kind for rule in pair_rules(programme)]
    assert kinds == sorted(kinds) and len(kinds) == 20  # locks ("lock") before exclusions
    assert [rule.mentee for rule in pair_rules(programme, mentees[3])] == [mentees[3]]
    names = [
        (r.organisation_a.name, r.organisation_b.name) for r in incompatibilities_of(programme)
    ]
    assert names == sorted(names)


def test_answers_count_the_pairs_by_status_and_list_the_declined_in_two_queries(db):
    def world(n):
        programme = _programme_with(0)
        run = MatchingRun.objects.create(programme=programme, status=RunStatus.DONE)
        for i in range(n):
            PairFactory(
                programme=programme,
                run=run,
                mentor=mentor(programme),
                mentee=mentee(programme),
                status=PairStatus.DECLINED if i % 2 else PairStatus.PROPOSED,
            )
        return run

    small, large = world(2), world(20)

    def read(run):
        counts, declined = pair_answers(run)
        for pair in declined:
            _ = (pair.mentor.user.email, pair.mentee.organisation.name)

    assert _queries(lambda: read(small)) == _queries(lambda: read(large)) == 2
    counts, declined = pair_answers(large)
    assert counts == {"proposed": 10, "declined": 10}
    assert len(declined) == 10 and {p.status for p in declined} == {PairStatus.DECLINED}
