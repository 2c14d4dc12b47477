"""The e-mail task: recorded first, sent after commit, once per key, in the recipient's language,
and never lost when the broker is down."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone, translation

from mentorat.celery import app
from mentorat.core.emails import email_claim, email_deliver, email_enqueue, email_enqueue_many
from mentorat.core.models import EmailStatus, SentEmail
from mentorat.core.tasks import send_email, send_pending_emails
from tests.factories import UserFactory

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth counts password resets per address in the cache, which outlives a test.
    from django.core.cache import cache

    cache.clear()


def _welcome(key: str = "welcome:1", language: str = "fr", to: str = "claire@exemple.fr"):
    return email_enqueue(
        key=key, to=to, template="welcome", context={"first_name": "Claire"}, language=language
    )


@pytest.mark.django_db
def test_an_email_is_sent_only_after_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        email = _welcome()
        assert mail.outbox == []
        assert SentEmail.objects.get(pk=email.pk).status == EmailStatus.PENDING
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.sent_at is not None and email.attempts == 1


@pytest.mark.django_db
def test_nothing_is_recorded_nor_sent_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _welcome()
            raise RuntimeError("the rest of the work failed")
    assert callbacks == []
    assert not SentEmail.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_same_key_twice_sends_one_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _welcome(key="welcome:42")
        second = _welcome(key="welcome:42")
    assert first is not None and second is None
    assert SentEmail.objects.filter(key="welcome:42").count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_it_is_rendered_in_the_recipients_language_not_the_senders(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        _welcome(key="welcome:fr", language="fr", to="claire@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True), translation.override("fr"):
        _welcome(key="welcome:en", language="en", to="john@example.org")
    french, english = mail.outbox
    assert french.to == ["claire@exemple.fr"]
    assert french.subject == "[Mentorat] Votre compte Mentorat est prêt"
    assert french.body.startswith("Bonjour Claire,")
    assert "L’équipe Mentorat" in french.body
    assert english.subject == "[Mentorat] Your Mentorat account is ready"
    assert english.body.startswith("Hello Claire,")
    assert SentEmail.objects.get(key="welcome:fr").subject == french.subject


@pytest.mark.django_db
def test_a_second_delivery_of_the_same_task_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():  # not published: we deliver it by hand below
        email = _welcome()
    assert send_email.apply(args=[email.pk]).get() == "sent"
    assert send_email.apply(args=[email.pk]).get() == "skipped"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_two_workers_cannot_claim_the_same_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        email = _welcome()
    assert email_claim(email.pk) is not None
    assert email_claim(email.pk) is None
    assert SentEmail.objects.get(pk=email.pk).status == EmailStatus.SENDING


@pytest.mark.django_db
def test_an_email_left_by_a_dead_worker_is_claimed_again_only_after_the_timeout(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks():
        email = _welcome()
    recently = timezone.now() - timedelta(minutes=1)
    SentEmail.objects.filter(pk=email.pk).update(status=EmailStatus.SENDING, claimed_at=recently)
    assert email_claim(email.pk) is None
    long_ago = timezone.now() - timedelta(minutes=11)
    SentEmail.objects.filter(pk=email.pk).update(claimed_at=long_ago)
    assert email_claim(email.pk) is not None


@pytest.mark.django_db
def test_a_failed_send_puts_the_email_back_to_pending_with_the_error(
    settings, django_capture_on_commit_callbacks
):
    # A real SMTP backend pointed at a closed port: the send fails as it would in production.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    with django_capture_on_commit_callbacks():
        email = _welcome()
    claimed = email_claim(email.pk)
    with pytest.raises(OSError):
        email_deliver(claimed)
    email.refresh_from_db()
    assert email.status == EmailStatus.PENDING
    assert email.attempts == 1
    assert email.error


@pytest.fixture
def broker_down(settings):
    """Publishing goes to a broker that refuses connections (Redis on a closed port)."""
    saved = (app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool)
    settings.CELERY_BROKER_URL = CLOSED_PORT_BROKER
    app.conf.broker_url = CLOSED_PORT_BROKER
    app.conf.task_always_eager = False
    app._pool = app.amqp._producer_pool = None
    yield
    # Not closed: kombu shares one pool per broker address with every later user of it.
    app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool = saved


@pytest.mark.django_db
def test_with_the_broker_down_the_request_succeeds_and_the_email_waits(
    client, broker_down, django_capture_on_commit_callbacks
):
    UserFactory(email="claire@exemple.fr")
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/comptes/password/reset/", {"email": "claire@exemple.fr"})
    assert time.monotonic() - started < 10
    assert response.status_code == 302
    email = SentEmail.objects.get(to="claire@exemple.fr")
    assert email.status == EmailStatus.PENDING
    assert mail.outbox == []


@pytest.mark.django_db
def test_send_pending_emails_sends_what_waited_for_the_broker(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():  # published to a broker that was down: lost
        waiting = _welcome(key="welcome:waiting")
        fresh = _welcome(key="welcome:fresh")
        sent = _welcome(key="welcome:sent")
    a_while_ago = timezone.now() - timedelta(minutes=5)
    SentEmail.objects.filter(pk__in=[waiting.pk, sent.pk]).update(created_at=a_while_ago)
    SentEmail.objects.filter(pk=sent.pk).update(status=EmailStatus.SENT)

    assert send_pending_emails.apply().get() == 1
    assert [m.to for m in mail.outbox] == [["claire@exemple.fr"]]
    assert SentEmail.objects.get(pk=waiting.pk).status == EmailStatus.SENT
    # Just recorded: its own publication is probably on its way, so it is left alone for now.
    assert SentEmail.objects.get(pk=fresh.pk).status == EmailStatus.PENDING
    assert send_pending_emails.apply().get() == 0


@pytest.mark.django_db
def test_send_pending_emails_waits_email_resend_after_seconds(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_RESEND_AFTER = 3  # the production smoke run's (bench/smoke_production.py)
    with django_capture_on_commit_callbacks():  # published to a broker that was down: lost
        waiting = _welcome(key="welcome:waiting")
    assert send_pending_emails.apply().get() == 0
    SentEmail.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(seconds=4))
    assert send_pending_emails.apply().get() == 1


def test_beat_sweeps_pending_emails_every_email_sweep_seconds(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["send-pending-emails"]
    assert entry["schedule"] == settings.EMAIL_SWEEP_SECONDS == 300
    assert settings.EMAIL_RESEND_AFTER == 120


def test_celery_is_configured_so_that_no_task_is_lost_or_run_late():
    conf = app.conf
    # A worker killed mid-task: the message is redelivered, not acknowledged.
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_serializer == "json" and conf.accept_content == ["json"]
    visibility = conf.broker_transport_options["visibility_timeout"]
    # No countdown nor schedule may outlast Redis's visibility timeout (it would redeliver).
    assert send_email.default_retry_delay < visibility
    for entry in conf.beat_schedule.values():
        # A crontab entry (the daily reminders) is sent at its hour, with no countdown.
        if isinstance(entry["schedule"], int | float):
            assert entry["schedule"] < visibility
    assert "mentorat.core.tasks.send_email" in app.tasks


@pytest.mark.django_db
def test_email_enqueue_many_records_each_new_key_once_and_publishes_after_commit(
    django_capture_on_commit_callbacks,
):
    email_enqueue(key="many:1", to="a@exemple.fr", template="welcome", context={})
    items = [
        {"key": f"many:{n}", "to": f"p{n}@exemple.fr", "template": "welcome", "context": {}}
        for n in (1, 2, 3, 3)
    ]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert email_enqueue_many(items) == 2  # many:1 was there, many:3 is asked twice
    assert len(callbacks) == 1  # the two new ones, published together
    assert sorted(m.to[0] for m in mail.outbox) == ["p2@exemple.fr", "p3@exemple.fr"]
    assert email_enqueue_many(items) == 0
    assert email_enqueue_many([]) == 0


@pytest.mark.django_db
def test_email_enqueue_many_stops_publishing_at_the_first_broker_failure(
    django_capture_on_commit_callbacks, monkeypatch
):
    calls = []

    def broker_down(email_id):
        calls.append(email_id)
        raise ConnectionError("down")

    monkeypatch.setattr("mentorat.core.tasks.send_email.delay", broker_down)
    items = [
        {"key": f"down:{n}", "to": f"p{n}@exemple.fr", "template": "welcome", "context": {}}
        for n in range(5)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assert email_enqueue_many(items) == 5
    assert len(calls) == 1  # one try, not five timeouts: the beat task publishes them later
    assert (
        SentEmail.objects.filter(key__startswith="down:", status=EmailStatus.PENDING).count() == 5
    )
