"""seed_demo shows a programme with a published matching and a few answers, and seeding again
changes nothing."""

import pytest
from django.core import mail

from matching.models import DeclineReason, MatchingRun, Pair, PairStatus, Response
from mentorat.front.demo import DEMO_SLUG, seed_demo
from programmes.models import Membership, Role

pytestmark = pytest.mark.django_db


def test_the_demo_programme_has_a_published_matching_with_answers(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo()
    run = MatchingRun.objects.get(programme__slug=DEMO_SLUG)
    assert run.published_at is not None and run.published_by is not None
    pairs = Pair.objects.filter(run=run)
    assert pairs.count() == run.summary["matched"] >= 20
    assert pairs.filter(status=PairStatus.ACCEPTED).count() == 3
    [declined] = pairs.filter(status=PairStatus.DECLINED)
    assert declined.decline_reason == DeclineReason.UNAVAILABLE
    waiting = pairs.filter(status=PairStatus.PROPOSED)
    assert waiting.count() == pairs.count() - 4
    assert waiting.filter(mentor_response=Response.ACCEPTED).count() == 1
    # Both members of every pair were e-mailed once, and of each accepted pair once more (the
    # pair is confirmed: how to reach each other, the charter); each coordinator of the declined
    # one once.
    coordinators = Membership.objects.filter(programme=run.programme, role=Role.COORDINATOR)
    assert coordinators.exists()
    emails = 2 * pairs.count() + 2 * 3 + coordinators.count()
    assert len(mail.outbox) == emails

    with django_capture_on_commit_callbacks(execute=True):
        seed_demo()
    assert MatchingRun.objects.filter(programme=run.programme).count() == 1
    assert Pair.objects.filter(programme=run.programme).count() == pairs.count()
    assert len(mail.outbox) == emails
