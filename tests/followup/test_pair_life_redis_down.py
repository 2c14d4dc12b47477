"""With Redis unreachable (cache, broker and result backend together), a member still accepts
the charter, logs a meeting and asks the coordination to call: each answers fast, is kept, and
the coordinators' e-mail waits in the outbox until the broker is back, then leaves once."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from followup.models import CharterAcceptance, HelpRequest, Meeting
from mentorat.core.models import EmailStatus, SentEmail
from mentorat.core.tasks import send_pending_emails
from programmes.models import Application
from tests.factories import accepted_pair
from tests.unreachable import redis_unreachable

FAST = 2.0  # seconds: a request never waits on Redis' retries


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    def act(method, path, data=None):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = method(path, data or {})
        elapsed = time.monotonic() - started
        assert response.status_code < 500, f"{path} answered {response.status_code}"
        assert elapsed < FAST, f"{path} took {elapsed:.1f} s"
        return response

    return act


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db
def test_the_pair_life_is_kept_while_redis_is_away_and_its_emails_leave_once_it_is_back(
    client, personas, act
):
    pair = accepted_pair(
        personas.programme,
        mentor=Application.objects.get(user=personas.mentor),
        mentee=Application.objects.get(user=personas.mentee),
    )

    def url(name):
        return reverse(f"followup:{name}", kwargs={"slug": "programme-test", "pair_id": pair.pk})

    client.force_login(personas.mentee)
    with redis_unreachable():
        page = url("pair")
        assert act(client.post, url("pair_charter_accept"))["Location"] == page
        response = act(
            client.post,
            url("pair_meeting_log"),
            {
                "meeting-held_on": timezone.localdate().isoformat(),
                "meeting-duration_minutes": "60",
                "meeting-mode": "in_person",
            },
        )
        assert response["Location"] == page
        assert act(client.post, url("pair_help"), {"help-channel": "phone"})["Location"] == page
        assert act(client.get, page).status_code == 200

        assert CharterAcceptance.objects.filter(pair=pair, user=personas.mentee).exists()
        assert Meeting.objects.filter(pair=pair, duration_minutes=60).exists()
        assert HelpRequest.objects.filter(pair=pair, requested_by=personas.mentee).exists()
        # Nothing left yet: the coordinator's e-mail is recorded, waiting for the broker.
        assert mail.outbox == []
        waiting = SentEmail.objects.filter(status=EmailStatus.PENDING)
        assert [e.to for e in waiting] == [personas.coordinator.email]

    # The broker is back (tasks inline again); the beat's next pass, a few minutes later.
    SentEmail.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    assert send_pending_emails() == 1
    assert [m.to for m in mail.outbox] == [[personas.coordinator.email]]
    assert send_pending_emails() == 0
    assert len(mail.outbox) == 1
