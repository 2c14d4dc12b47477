"""Data for the tests of the matching pages: accepted participants, and proposals stored as a
run would store them (so that the pages are tested apart from the engine's choices)."""

from django.urls import reverse
from django.utils import timezone

from matching.models import MatchingRun, Pair, ProposedPair, RunStatus, UnmatchedMentee
from matching.problem import parameters_for
from programmes.models import Role
from tests.factories import OrganisationFactory, PairFactory, accepted_participant

# A pair's criteria as the engine stores them (Criterion.as_dict()): 81 points in all.
CRITERIA = [
    {
        "criterion": "topics",
        "code": "topics_shared",
        "shared": ["Management d'équipe"],
        "sought": 2,
        "offered": 3,
        "value": 0.5,
        "weight": 40.0,
        "points": 20.0,
    },
    {
        "criterion": "experience",
        "code": "experience_ahead",
        "mentor_years": 12,
        "mentee_years": 2,
        "ahead": 10,
        "value": 1.0,
        "weight": 20.0,
        "points": 20.0,
    },
    {
        "criterion": "mode",
        "code": "mode_same",
        "mentor_mode": "presentiel",
        "mentee_mode": "presentiel",
        "value": 1.0,
        "weight": 15.0,
        "points": 15.0,
    },
    {
        "criterion": "distance",
        "code": "distance_same_departement",
        "mentor_departement": "25",
        "mentee_departement": "25",
        "km": 0,
        "neighbours": False,
        "value": 1.0,
        "weight": 15.0,
        "points": 15.0,
    },
    {
        "criterion": "sector",
        "code": "sector_different",
        "preference": "different",
        "mentor_sector": "Industrie",
        "mentee_sector": "Transport",
        "value": 1.0,
        "weight": 10.0,
        "points": 10.0,
    },
]
SCORE = 80.0


def url(name: str, programme, **kwargs) -> str:
    return reverse(f"matching:{name}", kwargs={"slug": programme.slug, **kwargs})


def participant(programme, role: str, organisation, *, topics=(), **fields):
    """An accepted participant, as recruitment leaves them (tests/factories.py)."""
    return accepted_participant(programme, role, organisation, topics=topics, **fields)


def people(programme, n_pairs: int, *, unmatched: int = 0):
    """``n_pairs`` mentors and mentees of two organisations, and ``unmatched`` more mentees."""
    a = OrganisationFactory()
    b = OrganisationFactory(sector="Transport")
    programme.organisations.add(a, b)
    mentors = [participant(programme, Role.MENTOR, a) for _ in range(n_pairs)]
    mentees = [participant(programme, Role.MENTEE, b) for _ in range(n_pairs + unmatched)]
    return mentors, mentees


def done_run(programme, pairs, *, by=None, unmatched=(), published: bool = False) -> MatchingRun:
    """A finished run holding ``pairs`` [(mentor, mentee)] and ``unmatched`` mentees."""
    now = timezone.now()
    run = MatchingRun.objects.create(
        programme=programme,
        created_by=by,
        status=RunStatus.DONE,
        progress=100,
        finished_at=now,
        parameters=parameters_for(programme),
        summary={
            "matched": len(pairs),
            "unmatched": len(unmatched),
            "total_score": SCORE * len(pairs),
            "mean_score": SCORE if pairs else None,
            "lowest_score": SCORE if pairs else None,
            "mentors": len({mentor.pk for mentor, _ in pairs}),
            "mentees": len(pairs) + len(unmatched),
            "slots": 2 * len({mentor.pk for mentor, _ in pairs}),
        },
        published_at=now if published else None,
        published_by=by if published else None,
    )
    ProposedPair.objects.bulk_create(
        ProposedPair(run=run, mentor=mentor, mentee=mentee, score=SCORE, criteria=CRITERIA)
        for mentor, mentee in pairs
    )
    UnmatchedMentee.objects.bulk_create(
        UnmatchedMentee(
            run=run,
            mentee=mentee,
            code="all_compatible_mentors_full",
            params={"compatible": 2, "with_topics": 1},
        )
        for mentee in unmatched
    )
    return run


def published_pair(programme, mentor, mentee, **fields) -> Pair:
    return PairFactory(
        programme=programme, mentor=mentor, mentee=mentee, score=SCORE, criteria=CRITERIA, **fields
    )


def computed_run(programme, by=None, *, capture) -> MatchingRun:
    """Run matching through the service, its task run inline once the transaction commits."""
    from matching import services

    with capture(execute=True):
        run = services.run_start(programme=programme, by=by)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.issues
    return run


def small_world(programme):
    """Three mentors and two mentees of four organisations, with topics: every mentee has at
    least two allowed mentors, so that alternatives and swaps have something to offer."""
    a = OrganisationFactory(name="Atelier Alpha", departement="25", sector="Industrie")
    b = OrganisationFactory(name="Boulangerie Beta", departement="25", sector="Commerce")
    c = OrganisationFactory(name="Conseil Gamma", departement="39", sector="Services")
    d = OrganisationFactory(name="Distribution Delta", departement="70", sector="Transport")
    programme.organisations.add(a, b, c, d)
    mentors = [
        participant(
            programme,
            Role.MENTOR,
            a,
            topics=["Recrutement", "Management"],
            experience_years=12,
            capacity=1,
            job_title="Directrice",
        ),
        participant(
            programme,
            Role.MENTOR,
            b,
            topics=["Management"],
            experience_years=6,
            capacity=1,
            job_title="Gérant",
        ),
        participant(
            programme,
            Role.MENTOR,
            c,
            topics=["Finances"],
            experience_years=20,
            capacity=2,
            job_title="Associé",
        ),
    ]
    mentees = [
        participant(
            programme,
            Role.MENTEE,
            d,
            topics=["Recrutement", "Management"],
            experience_years=1,
            job_title="Cheffe d'équipe",
        ),
        participant(
            programme,
            Role.MENTEE,
            d,
            topics=["Finances"],
            experience_years=2,
            job_title="Responsable logistique",
        ),
    ]
    return mentors, mentees
