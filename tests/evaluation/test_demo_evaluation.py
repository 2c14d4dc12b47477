"""seed_demo shows a programme at evaluation with enough answers for a full report, a small one
where the rule of small groups shows, and open waves in the pilot for the demo mentee."""

from collections import Counter
from statistics import mean

import pytest
from django.core.management import call_command
from django.urls import reverse

from evaluation.demo import FINISHED_SLUG, SMALL_SLUG
from evaluation.models import Kind, Response, SurveyInvitation, Wave, WaveStatus
from followup.models import HelpRequest, Meeting
from matching.models import Pair, PairStatus
from mentorat.front.demo import (
    COORDINATOR_EMAILS,
    PILOT_SLUG,
    _demo_password_hash,
    demo_delete,
    seed_demo,
)
from programmes.models import Phase, Programme

ATTRIBUTES = ("sector_group", "departement", "size_band")


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo, built once for this file (seeding takes seconds): committed, then each test
    runs in a transaction rolled back, and the database is emptied after the last one."""
    with django_db_blocker.unblock():
        logins = seed_demo()
    # The demo's password hash is cached; made here, outside the tests' fast hasher, it must not
    # be reused by the next tests (which know only that hasher).
    _demo_password_hash.cache_clear()
    yield logins
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(seeded, db):
    return seeded


def _waves(slug: str):
    return Wave.objects.filter(questionnaire__programme__slug=slug).select_related("questionnaire")


def _figures(wave: Wave) -> list[dict]:
    return wave.results["figures"]


def _whole_respondents(wave: Wave) -> dict:
    (figure,) = [
        f
        for f in _figures(wave)
        if f["ventilation"] == "ensemble" and f["statistic"] == "répondants" and not f["question"]
    ]
    return figure


def test_the_programme_at_evaluation_has_its_waves_closed_and_frozen(demo):
    programme = Programme.objects.get(slug=FINISHED_SLUG)
    assert programme.current_phase == Phase.EVALUATION
    waves = list(_waves(FINISHED_SLUG))
    kinds = Counter(w.questionnaire.kind for w in waves)
    assert kinds == {Kind.BASELINE: 1, Kind.PULSE: 4, Kind.FINAL: 1}
    for wave in waves:
        assert wave.status == WaveStatus.CLOSED
        assert wave.closed_on == wave.closes_on
        assert wave.results is not None, wave
        assert wave.results["k"] == programme.min_group_size == 5


def test_the_programme_at_evaluation_has_enough_answers_for_a_full_report(demo):
    k = Programme.objects.get(slug=FINISHED_SLUG).min_group_size
    answered = {}
    for wave in _waves(FINISHED_SLUG):
        whole = _whole_respondents(wave)
        assert not whole["masked"]
        assert whole["n"] == wave.responses.count() >= 7 * k
        published = [f for f in _figures(wave) if not f["masked"]]
        # Every breakdown has figures that show: the report is full, not a page of "< 5".
        assert {f["ventilation"] for f in published} == {
            "ensemble",
            "rôle",
            "secteur",
            "département",
            "taille",
        }
        assert all(f["n"] >= k for f in published if f["n"] is not None)
        answered[(wave.questionnaire.kind, wave.number)] = whole["n"]
    assert answered[(Kind.BASELINE, 1)] == 52
    assert answered[(Kind.FINAL, 1)] == 48
    assert all(35 <= answered[(Kind.PULSE, n)] <= 45 for n in range(1, 5))


def test_its_pairs_met_over_the_months_most_completed_a_few_ended_early(demo):
    pairs = Pair.objects.filter(programme__slug=FINISHED_SLUG)
    statuses = Counter(pairs.values_list("status", flat=True))
    assert statuses == {PairStatus.COMPLETED: 25, PairStatus.ENDED: 5}
    meetings = Meeting.objects.filter(pair__programme__slug=FINISHED_SLUG)
    assert meetings.count() >= 30 * 4
    assert len({m.held_on.month for m in meetings}) >= 6
    assert all(m.held_on.weekday() < 5 for m in meetings)
    assert HelpRequest.objects.filter(pair__programme__slug=FINISHED_SLUG).count() >= 5
    participants = programme_participants(FINISHED_SLUG)
    assert len(participants) == 60
    assert len({a.organisation.departement for a in participants}) == 8


def programme_participants(slug: str):
    return list(Programme.objects.get(slug=slug).applications.select_related("organisation").all())


def _item_mean(wave: Wave, code: str) -> float:
    question = wave.questionnaire.questions.get(code=code)
    values = [r.answers.get(str(question.pk)) for r in wave.responses.all()]
    return mean(v for v in values if v is not None)


def test_the_answers_show_the_mentees_gaining_confidence_from_baseline_to_final(demo):
    waves = {w.questionnaire.kind: w for w in _waves(FINISHED_SLUG).filter(number=1)}
    baseline, final = waves[Kind.BASELINE], waves[Kind.FINAL]
    assert _item_mean(final, "mentee-change") > _item_mean(baseline, "mentee-change") + 0.5
    assert _item_mean(final, "mentee-isolation") < _item_mean(baseline, "mentee-isolation") - 0.5


def test_the_small_programme_masks_its_groups_under_k(demo):
    k = Programme.objects.get(slug=SMALL_SLUG).min_group_size
    for wave in _waves(SMALL_SLUG):
        assert wave.status == WaveStatus.CLOSED and wave.results is not None
        assert wave.responses.count() < 2 * k
        masked = [f for f in _figures(wave) if f["masked"]]
        roles = [f for f in _figures(wave) if f["ventilation"] == "rôle"]
        # Four mentors and four mentees: no group of a role reaches five.
        assert roles and all(f["masked"] for f in roles)
        assert masked
        for figure in _figures(wave):
            assert figure["masked"] or figure["n"] is None or figure["n"] >= k
            if figure["masked"]:
                assert figure["value"] is None and figure["n"] is None


def test_the_small_programmes_report_says_less_than_five(demo, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(email=COORDINATOR_EMAILS[0]))
    page = client.get(reverse("evaluation:report", kwargs={"slug": SMALL_SLUG}))
    assert page.status_code == 200
    assert "&lt; 5" in page.content.decode() or "< 5" in page.content.decode()


def test_each_wave_has_as_many_responses_as_answered_invitations_and_no_more(demo):
    for wave in Wave.objects.all():
        answered = wave.invitations.filter(answered=True).count()
        assert wave.responses.count() == answered, wave
        # Invited on the day the wave opened: an invitation says no more than the day.
        assert set(wave.invitations.values_list("invited_on", flat=True)) <= {wave.opens_on}
    assert Response.objects.count() == SurveyInvitation.objects.filter(answered=True).count()


def test_a_response_carries_no_person_and_keeps_only_attributes_shared_by_k_invited(demo):
    fields = {f.name for f in Response._meta.get_fields()}
    assert fields == {"id", "wave", "role", *ATTRIBUTES, "answers"}
    for wave in _waves(FINISHED_SLUG):
        k = wave.results["k"]
        for attribute in ATTRIBUTES:
            invited = Counter(wave.invitations.values_list(attribute, flat=True))
            for value in set(wave.responses.values_list(attribute, flat=True)):
                assert value == "autre" or invited[value] >= k, (wave, attribute, value)


def test_the_responses_are_not_stored_in_the_order_of_the_invitations(demo):
    """The roles of a wave's responses, in the database's order, are not those of its answered
    invitations in theirs: a row order shared by both would pair them."""
    wave = _waves(FINISHED_SLUG).get(questionnaire__kind=Kind.BASELINE)
    roles = list(
        wave.invitations.filter(answered=True).order_by("pk").values_list("role", flat=True)
    )
    # Mentors were invited first, then mentees: the responses are shuffled.
    responses = [
        r.role
        for r in Response.objects.raw(
            "SELECT * FROM evaluation_response WHERE wave_id = %s", [wave.pk]
        )
    ]
    assert sorted(responses) == sorted(roles)
    assert responses != roles


def test_the_pilot_has_an_open_check_in_and_baseline_for_the_demo_mentee(demo):
    waves = {w.questionnaire.kind: w for w in _waves(PILOT_SLUG)}
    assert set(waves) == {Kind.PULSE, Kind.BASELINE}
    for wave in waves.values():
        assert wave.is_open
        invitation = wave.invitations.get(user__email=demo.meeting_mentee)
        assert not invitation.answered
        assert not wave.responses.exists()


def test_seeding_twice_changes_nothing_in_the_evaluation(demo):
    before = sorted(Response.objects.values_list("id", flat=True))
    waves = list(Wave.objects.order_by("pk").values_list("pk", "status", "results"))
    invitations = SurveyInvitation.objects.count()
    seed_demo()
    assert sorted(Response.objects.values_list("id", flat=True)) == before
    assert list(Wave.objects.order_by("pk").values_list("pk", "status", "results")) == waves
    assert SurveyInvitation.objects.count() == invitations


def test_the_demo_is_deleted_with_its_answers(demo):
    demo_delete()
    assert not Programme.objects.filter(slug__in=[FINISHED_SLUG, SMALL_SLUG]).exists()
    assert not Response.objects.exists()
    assert not SurveyInvitation.objects.exists()


def test_the_demo_mentee_finds_the_check_in_and_the_baseline_on_the_pair_page(demo, client):
    from django.contrib.auth import get_user_model

    mentee = get_user_model().objects.get(email=demo.meeting_mentee)
    pair = Pair.objects.get(
        programme__slug=PILOT_SLUG, mentee__user=mentee, status=PairStatus.ACTIVE
    )
    client.force_login(mentee)
    page = client.get(reverse("followup:pair", kwargs={"slug": PILOT_SLUG, "pair_id": pair.pk}))
    assert page.status_code == 200
    for wave in _waves(PILOT_SLUG):
        invitation = wave.invitations.get(user=mentee)
        url = reverse(
            "evaluation:answer", kwargs={"slug": PILOT_SLUG, "invitation_id": invitation.pk}
        )
        assert f'href="{url}"' in page.content.decode(), wave
        assert client.get(url).status_code == 200


def test_the_pulse_over_time_shows_a_mean_for_every_check_in(demo):
    for wave in _waves(FINISHED_SLUG).filter(questionnaire__kind=Kind.PULSE):
        questions = {str(q.pk) for q in wave.questionnaire.questions.all()}
        means = [
            f
            for f in _figures(wave)
            if f["ventilation"] == "ensemble" and f["statistic"] == "moyenne"
        ]
        assert {str(f["question"]) for f in means} == questions
        assert not [f for f in means if f["masked"]], wave
