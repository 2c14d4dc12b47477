"""The follow-up's activity for the reports: per started pair, its status, meetings and help
requests, in one query, neither count multiplying the other."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from followup.models import HelpRequest, Meeting
from followup.selectors.activity import PairCounts, pair_activity
from matching.models import PairStatus
from programmes.models import Role
from tests.factories import OrganisationFactory, PairFactory, ProgrammeFactory, accepted_participant

pytestmark = pytest.mark.django_db


def _meetings(pair, count):
    for _ in range(count):
        Meeting.objects.create(pair=pair, held_on="2026-11-02", duration_minutes=60, mode="video")


def test_each_started_pair_has_its_own_counts_in_one_query():
    programme = ProgrammeFactory()
    busy = PairFactory(programme=programme, status=PairStatus.ACTIVE)
    _meetings(busy, 3)
    for channel in ("phone", "email"):
        HelpRequest.objects.create(pair=busy, role=Role.MENTEE, channel=channel)
    PairFactory(programme=programme, status=PairStatus.COMPLETED)
    PairFactory(programme=programme, status=PairStatus.DECLINED)  # never started
    PairFactory(programme=programme, status=PairStatus.PROPOSED)
    PairFactory(status=PairStatus.ACTIVE)  # another programme's
    with CaptureQueriesContext(connection) as queries:
        rows = pair_activity(programme)
    assert len(queries) == 1
    assert sorted(rows, key=lambda r: r.status) == [
        PairCounts("active", 3, 2),
        PairCounts("completed", 0, 0),
    ]


def test_a_referent_s_organisations_keep_only_their_pairs():
    programme = ProgrammeFactory()
    ours = OrganisationFactory()
    mentee = accepted_participant(programme, Role.MENTEE, ours)
    mentor = accepted_participant(programme, Role.MENTOR, ours)
    _meetings(PairFactory(programme=programme, mentee=mentee, status=PairStatus.ACTIVE), 2)
    PairFactory(programme=programme, mentor=mentor, status=PairStatus.ENDED)
    PairFactory(programme=programme, status=PairStatus.ACTIVE)
    rows = pair_activity(programme, organisation_ids={ours.pk})
    assert sorted(rows, key=lambda r: r.status) == [
        PairCounts("active", 2, 0),
        PairCounts("ended", 0, 0),
    ]
    assert pair_activity(programme, organisation_ids=set()) == []
