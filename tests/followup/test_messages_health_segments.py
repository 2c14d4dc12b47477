"""The segments of the pairs' health: the members of the pairs in red, and of the pairs needing
attention (amber or red), judged by the dashboard's own rule; a message to them reaches them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from followup.selectors.messages import SEGMENTS, segment_label, segment_recipients
from followup.services.messages import message_send
from tests.factories import ProgrammeFactory, dated_pair, help_requested, meeting_held

pytestmark = pytest.mark.django_db


@pytest.fixture
def colours(personas):
    """A red pair (a help request open), an amber one (seven weeks without a meeting), a green
    one, and pairs with no health (proposed, completed)."""
    programme = personas.programme
    red = dated_pair(programme, "active", accepted_days_ago=30)
    meeting_held(red, days_ago=3)
    help_requested(red, "mentee", days_ago=1)
    amber = dated_pair(programme, "active", accepted_days_ago=100)
    meeting_held(amber, days_ago=49)
    green = dated_pair(programme, "active", accepted_days_ago=40)
    meeting_held(green, days_ago=5)
    dated_pair(programme, "proposed")
    dated_pair(programme, "completed")
    return {"red": red, "amber": amber, "green": green}


def _members(*pairs) -> set[int]:
    return {user for pair in pairs for user in (pair.mentor.user_id, pair.mentee.user_id)}


def _named(programme, code) -> set[int]:
    return set(segment_recipients(programme, code).values_list("pk", flat=True))


def test_the_red_segment_is_both_members_of_each_pair_in_red(personas, colours):
    assert _named(personas.programme, "red") == _members(colours["red"])


def test_the_attention_segment_is_the_members_of_the_amber_and_red_pairs(personas, colours):
    assert _named(personas.programme, "attention") == _members(colours["red"], colours["amber"])


def test_a_switched_off_account_is_in_no_health_segment(personas, colours):
    colours["red"].mentor.user.is_active = False
    colours["red"].mentor.user.save()
    assert _named(personas.programme, "red") == {colours["red"].mentee.user_id}


def test_another_programmes_red_pair_is_not_in_the_segment(personas, colours):
    elsewhere = ProgrammeFactory()
    other = dated_pair(elsewhere, "active", accepted_days_ago=30)
    help_requested(other, "mentor")
    assert _named(elsewhere, "red") == _members(other)
    assert not _members(other) & _named(personas.programme, "red")


def test_the_health_segments_are_labelled_in_french():
    assert segment_label("red") == "Les membres des binômes en rouge"
    assert segment_label("attention") == (
        "Les membres des binômes qui demandent de l’attention (orange ou rouge)"
    )
    assert SEGMENTS["red"].param is None


def test_the_red_segment_is_read_in_a_constant_number_of_queries(personas, colours):
    programme = personas.programme

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            list(segment_recipients(programme, "red"))
        return len(captured)

    before = queries()
    for _ in range(5):
        more = dated_pair(programme, "active", accepted_days_ago=30)
        help_requested(more, "mentor")
    assert queries() == before


def test_a_message_to_the_pairs_in_red_is_sent_to_their_members(personas, colours):
    message = message_send(
        programme=personas.programme,
        by=personas.coordinator,
        segment="red",
        segment_param="",
        subject="Un point ensemble ?",
        body="Bonjour, la coordination vous propose un appel.",
    )
    assert set(message.recipients.values_list("user_id", flat=True)) == _members(colours["red"])
    assert message.recipient_count == 2
