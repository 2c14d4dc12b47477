""" "Receive reminders" on the member's pair page (and on the matching page of a pair still to be
answered, where the pair page leads): a member unticks it, the daily sweep then sends them no
reminder they may refuse; ticking it again brings them back. Only the pair's members may post it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from followup.models import Reminder
from followup.reminder_kinds import charter_not_accepted_due
from followup.reminders import reminders_sweep
from matching.models import PairStatus
from programmes.models import Application
from tests.factories import PairFactory, accepted_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(personas):
    return accepted_pair(
        personas.programme,
        mentor=Application.objects.get(user=personas.mentor),
        mentee=Application.objects.get(user=personas.mentee),
    )


def url(name, pair) -> str:
    return reverse(f"followup:{name}", kwargs={"slug": "programme-test", "pair_id": pair.pk})


def _checkbox(html: str) -> str:
    """The <input> tag of the reminders' checkbox."""
    start = html.index('name="reminders-wants_reminders"')
    return html[html.rindex("<", 0, start) : html.index(">", start)]


def test_the_pair_page_shows_the_reminders_choice_ticked_by_default(client, personas, pair):
    client.force_login(personas.mentee)
    html = client.get(url("pair", pair)).content.decode()
    assert 'id="rappels"' in html
    assert f'action="{url("pair_reminders", pair)}"' in html
    assert "Recevoir les rappels" in html
    assert "checked" in _checkbox(html)


def test_a_member_unticks_reminders_and_is_told_in_french(client, personas, pair):
    client.force_login(personas.mentee)
    response = client.post(url("pair_reminders", pair), {}, follow=True)
    assert response.redirect_chain[-1][0] == url("pair", pair)
    personas.mentee.refresh_from_db()
    assert personas.mentee.wants_reminders is False
    assert "Vous ne recevrez plus de rappels" in response.content.decode()
    assert "checked" not in _checkbox(response.content.decode())  # unticked on the page now


def test_a_member_ticks_reminders_again(client, personas, pair):
    personas.mentor.wants_reminders = False
    personas.mentor.save()
    client.force_login(personas.mentor)
    client.post(url("pair_reminders", pair), {"reminders-wants_reminders": "on"})
    personas.mentor.refresh_from_db()
    assert personas.mentor.wants_reminders is True


def test_the_partner_keeps_their_own_choice(client, personas, pair):
    client.force_login(personas.mentee)
    client.post(url("pair_reminders", pair), {})
    personas.mentor.refresh_from_db()
    assert personas.mentor.wants_reminders is True


def test_nobody_but_the_members_may_set_it(client, personas, pair):
    for user, status in (
        (personas.coordinator, 403),
        (personas.referent, 403),
        (personas.outsider, 404),
    ):
        client.force_login(user)
        assert client.post(url("pair_reminders", pair), {}).status_code == status
    client.force_login(personas.mentee)
    other = PairFactory(programme=personas.programme, status=PairStatus.ACTIVE)
    assert client.post(url("pair_reminders", other), {}).status_code == 404
    personas.coordinator.refresh_from_db()
    assert personas.coordinator.wants_reminders is True


def test_a_member_who_opted_out_on_the_page_gets_no_reminder_their_partner_does(
    client, personas, pair
):
    # The pair was accepted 30 days ago and the charter is still not accepted: due to both.
    client.force_login(personas.mentee)
    client.post(url("pair_reminders", pair), {})
    result = reminders_sweep(today=timezone.localdate(), kinds=["charter-not-accepted"])
    assert result.as_dict() == {"sent": 1, "skipped": 1}
    assert list(Reminder.objects.values_list("recipient_id", flat=True)) == [personas.mentor.pk]


def test_a_proposed_pair_leads_to_the_matching_page_where_the_choice_is_too(client, personas):
    proposed = PairFactory(
        programme=personas.programme,
        mentor=Application.objects.get(user=personas.mentor),
        mentee=Application.objects.get(user=personas.mentee),
    )
    client.force_login(personas.mentee)
    # The e-mail's "how to stop" link: the pair page, which leads to the matching page.
    response = client.get(url("pair", proposed), follow=True)
    my_pair = reverse("matching:my_pair", kwargs={"slug": "programme-test"})
    assert response.redirect_chain[-1][0] == my_pair
    html = response.content.decode()
    assert 'id="rappels"' in html and f'action="{url("pair_reminders", proposed)}"' in html
    response = client.post(url("pair_reminders", proposed), {}, follow=True)
    assert response.redirect_chain[-1][0] == my_pair
    personas.mentee.refresh_from_db()
    assert personas.mentee.wants_reminders is False


def test_the_reminder_emails_link_to_the_pair_page_to_stop(settings, pair):
    due = list(charter_not_accepted_due(timezone.localdate() + timedelta(days=1)))
    assert len(due) == 2
    assert {d.context["stop_url"] for d in due} == {
        f"{settings.SITE_URL}{url('pair', pair)}#rappels"
    }
