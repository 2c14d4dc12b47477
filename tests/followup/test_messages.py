"""Messages to a segment: each segment names the right people, the preview counts them and
sends nothing, sending fixes the recipients and e-mails each of them once (in their language),
the task run twice or interrupted sends nobody twice, a message written while Redis is down is
kept and leaves once it is back, and only those who manage the programme may write one."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from followup.models import CharterAcceptance, Message, MessageRecipient, MessageStatus
from followup.selectors.messages import SEGMENTS, segment_recipients
from followup.services import messages as services
from followup.services.messages import message_deliver, message_send, messages_sweep
from followup.tasks import send_message, sweep_messages
from matching.models import PairStatus, Response
from mentorat.core.models import SentEmail
from programmes.models import ApplicationStatus, Role
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PairFactory,
    ProgrammeFactory,
    UserFactory,
    accepted_participant,
)
from tests.unreachable import redis_unreachable

pytestmark = pytest.mark.django_db

WAITING = "Le service d’envoi est injoignable pour le moment."


def _url(name: str, programme, **kwargs) -> str:
    return reverse(f"followup:{name}", kwargs={"slug": programme.slug, **kwargs})


def _post(**fields) -> dict:
    return {
        "segment": "mentors",
        "subject": "Réunion de lancement",
        "body": "Bonjour à tous.",
        **fields,
    }


def _send(programme, by=None, segment="mentors", param="", **fields) -> Message:
    return message_send(
        programme=programme,
        by=by,
        segment=segment,
        segment_param=param,
        subject=fields.get("subject", "Réunion de lancement"),
        body=fields.get("body", "Rendez-vous jeudi à 18 h."),
    )


def _emails(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


# --- Segments --------------------------------------------------------------------------------


@pytest.fixture
def crowd(personas):
    """The personas' programme with pairs in several states and people who do not count."""
    programme = personas.programme
    programme.organisations.add(personas.organisation, personas.other_organisation)
    mentor = personas.mentor.applications.get()
    mentee = personas.mentee.applications.get()
    # Accepted by both: the mentor accepted the charter, the mentee not yet.
    accepted = PairFactory(
        programme=programme, mentor=mentor, mentee=mentee, status=PairStatus.ACCEPTED
    )
    CharterAcceptance.objects.create(pair=accepted, role=Role.MENTOR, user=personas.mentor)
    # Proposed: its mentor answered, its mentee has not.
    proposed = PairFactory(programme=programme, mentor_response=Response.ACCEPTED)
    # Active (both accepted the charter long ago): in no follow-up segment.
    active = PairFactory(programme=programme, status=PairStatus.ACTIVE)
    # Neither a participant nor anyone: a waitlisted mentee, a switched-off mentor, another
    # programme's mentor.
    waitlisted = accepted_participant(programme, Role.MENTEE, personas.organisation)
    waitlisted.status = ApplicationStatus.WAITLISTED
    waitlisted.save()
    gone = accepted_participant(programme, Role.MENTOR, personas.organisation)
    gone.user.is_active = False
    gone.user.save()
    accepted_participant(ProgrammeFactory(), Role.MENTOR, personas.organisation)
    return {"proposed": proposed, "active": active, "gone": gone}


def _named(programme, code, param=""):
    return set(segment_recipients(programme, code, param).values_list("pk", flat=True))


def test_the_registry_lists_each_segment_of_the_issue():
    assert list(SEGMENTS) == [
        "participants",
        "mentors",
        "mentees",
        "organisation",
        "charter_pending",
        "awaiting_answer",
        "red",
        "attention",
    ]


def test_all_mentors_are_the_accepted_active_mentors_of_the_programme(personas, crowd):
    mentors = {
        personas.mentor.pk,
        crowd["proposed"].mentor.user_id,
        crowd["active"].mentor.user_id,
    }
    assert _named(personas.programme, "mentors") == mentors


def test_all_mentees_and_all_participants(personas, crowd):
    mentees = {
        personas.mentee.pk,
        crowd["proposed"].mentee.user_id,
        crowd["active"].mentee.user_id,
    }
    assert _named(personas.programme, "mentees") == mentees
    assert _named(personas.programme, "participants") == mentees | _named(
        personas.programme, "mentors"
    )


def test_one_organisation_is_its_participants_in_the_programme(personas, crowd):
    # The personas' mentee works there; the waitlisted and switched-off people do not count.
    organisation = personas.organisation
    assert _named(personas.programme, "organisation", str(organisation.pk)) == {personas.mentee.pk}
    assert _named(personas.programme, "organisation", "not-an-id") == set()


def test_the_charter_segment_is_the_members_of_accepted_pairs_who_have_not_accepted_it(
    personas, crowd
):
    assert _named(personas.programme, "charter_pending") == {personas.mentee.pk}


def test_the_waiting_segment_is_the_members_of_proposed_pairs_who_have_not_answered(
    personas, crowd
):
    assert _named(personas.programme, "awaiting_answer") == {crowd["proposed"].mentee.user_id}


# --- Pages -----------------------------------------------------------------------------------


def test_the_compose_page_lists_the_segments_in_french(client, personas):
    client.force_login(personas.coordinator)
    page = client.get(_url("message_compose", personas.programme)).content.decode()
    assert "Écrire un message" in page
    assert "Tous les mentors" in page
    assert "Les membres des binômes acceptés qui n’ont pas encore accepté la charte" in page


def test_the_preview_counts_the_recipients_and_sends_nothing(client, personas, crowd):
    client.force_login(personas.coordinator)
    response = client.post(_url("message_compose", personas.programme), _post())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ce message sera envoyé à 3 personnes : Tous les mentors." in page
    assert "Envoyer à 3 personnes" in page
    # The names are not shown, only how many.
    assert personas.mentor.display_name not in page
    assert not Message.objects.exists()
    assert mail.outbox == []


def test_the_preview_of_one_organisation_names_it(client, personas, crowd):
    client.force_login(personas.coordinator)
    data = _post(segment="organisation", organisation=personas.organisation.pk)
    page = client.post(_url("message_compose", personas.programme), data).content.decode()
    assert "Ce message sera envoyé à 1 personne : Les participants de Fromagerie Test." in page


def test_one_organisation_needs_the_organisation(client, personas):
    client.force_login(personas.coordinator)
    data = _post(segment="organisation")
    page = client.post(_url("message_compose", personas.programme), data).content.decode()
    assert "Choisissez l’organisation à qui écrire." in page


def test_an_organisation_outside_the_programme_is_refused(client, personas):
    client.force_login(personas.coordinator)
    data = _post(segment="organisation", organisation=OrganisationFactory().pk)
    response = client.post(_url("message_send", personas.programme), data)
    assert response.status_code == 200
    assert not Message.objects.exists()


def test_changing_the_message_from_the_preview_shows_the_form_filled(client, personas):
    client.force_login(personas.coordinator)
    data = _post(change="1")
    page = client.post(_url("message_compose", personas.programme), data).content.decode()
    assert "Réunion de lancement" in page
    assert "Aperçu" in page


@pytest.mark.parametrize("who", ["coordinator", "staff"])
def test_those_who_manage_send_a_message_and_each_recipient_gets_it_once_in_french(
    client, personas, crowd, who, django_capture_on_commit_callbacks
):
    client.force_login(getattr(personas, who))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("message_send", personas.programme), _post())
    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url(
        "message_progress", personas.programme, message_id=message.pk
    )
    assert message.status == MessageStatus.DONE
    assert message.recipient_count == 3
    assert message.created_by == getattr(personas, who)
    assert MessageRecipient.objects.filter(message=message, sent_at__isnull=False).count() == 3
    assert len(mail.outbox) == 3
    (email,) = _emails(personas.mentor)
    assert email.subject == "[Mentorat] Réunion de lancement"
    assert f"Bonjour {personas.mentor.first_name}," in email.body
    assert "Un message de la coordination du programme « Programme de test » :" in email.body
    assert "Bonjour à tous." in email.body
    page = client.get(response["Location"]).content.decode()
    assert "Envoyés : 3 sur 3" in page
    assert "Envoyé" in page


def test_a_recipient_reads_the_message_around_the_text_in_their_own_language(
    personas, django_capture_on_commit_callbacks
):
    personas.mentor.language = "en"
    personas.mentor.save()
    with django_capture_on_commit_callbacks(execute=True):
        _send(personas.programme, by=personas.coordinator)
    (email,) = _emails(personas.mentor)
    assert email.body.startswith(f"Hello {personas.mentor.first_name},")


def test_the_recipients_are_those_of_the_segment_when_it_is_sent(
    personas, django_capture_on_commit_callbacks
):
    message = _send(personas.programme)  # not committed: not handed over yet
    latecomer = accepted_participant(personas.programme, Role.MENTOR)
    message_deliver(message_id=message.pk)
    assert set(message.recipients.values_list("user_id", flat=True)) == {personas.mentor.pk}
    assert not SentEmail.objects.filter(to=latecomer.user.email).exists()


def test_a_message_to_nobody_is_done_at_once(personas):
    message = _send(personas.programme, segment="charter_pending")
    assert message.recipient_count == 0
    assert message.status == MessageStatus.DONE


def test_the_status_tells_how_many_are_sent_out_of_how_many(client, personas, crowd):
    message = _send(personas.programme)  # not committed: nobody sent yet
    MessageRecipient.objects.filter(pk=message.recipients.first().pk).update(sent_at=timezone.now())
    client.force_login(personas.coordinator)
    data = client.get(_url("message_status", personas.programme, message_id=message.pk)).json()
    assert data["sent"] == 1
    assert data["total"] == 3
    assert data["done"] is False
    assert data["label"] == "En attente d’envoi"
    assert data["text"] == "Envoyés : 1 sur 3"


def test_the_list_shows_each_message_with_its_counts(client, personas, crowd):
    message = _send(personas.programme, by=personas.coordinator)
    message_deliver(message_id=message.pk)
    _send(personas.programme, segment="organisation", param=str(personas.organisation.pk))
    client.force_login(personas.coordinator)
    page = client.get(_url("messages", personas.programme)).content.decode()
    assert "Réunion de lancement" in page
    assert "3 sur 3" in page
    assert "0 sur 1" in page
    assert "Les participants de Fromagerie Test" in page
    assert personas.coordinator.display_name in page


def test_the_list_takes_as_many_queries_for_many_messages_as_for_one(client, personas, crowd):
    from django.db import connection

    client.force_login(personas.coordinator)
    url = _url("messages", personas.programme)
    org = str(personas.organisation.pk)
    _send(personas.programme, by=personas.coordinator, segment="organisation", param=org)
    client.get(url)  # warm the session and the programme's roles
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(6):
        _send(personas.programme, by=UserFactory(), segment="organisation", param=org)
        _send(personas.programme, by=personas.staff)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert page.count("Réunion de lancement") == 13
    # Session, user, roles, the programme, the page's count and its messages (with their
    # authors and sent counts), the organisations of the organisation segments.
    assert len(many.captured_queries) == len(one.captured_queries)


# --- Who may -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"), [("referent", 403), ("mentor", 403), ("mentee", 403), ("outsider", 404)]
)
def test_others_may_neither_write_nor_send_nor_follow_a_message(client, personas, who, status):
    message = _send(personas.programme)
    client.force_login(getattr(personas, who))
    programme = personas.programme
    assert client.get(_url("messages", programme)).status_code == status
    assert client.post(_url("message_compose", programme), _post()).status_code == status
    assert client.post(_url("message_send", programme), _post()).status_code == status
    progress = _url("message_progress", programme, message_id=message.pk)
    assert client.get(progress).status_code == status
    assert Message.objects.count() == 1


def test_another_programmes_coordinator_sees_nothing_of_this_one(client, personas):
    message = _send(personas.programme)
    theirs = MembershipFactory(programme=ProgrammeFactory(), role=Role.COORDINATOR).user
    client.force_login(theirs)
    assert client.post(_url("message_send", personas.programme), _post()).status_code == 404
    url = _url("message_status", personas.programme, message_id=message.pk)
    assert client.get(url).status_code == 404
    # Nor through their own programme's address.
    own = reverse(
        "followup:message_progress",
        kwargs={"slug": theirs.memberships.get().programme.slug, "message_id": message.pk},
    )
    assert client.get(own).status_code == 404
    assert Message.objects.count() == 1


# --- The task: once per person, whatever happens -------------------------------------------------


def test_the_task_run_twice_sends_each_recipient_once(personas, crowd):
    message = _send(personas.programme)
    assert send_message(message.pk) == MessageStatus.DONE
    assert send_message(message.pk) == MessageStatus.DONE  # delivered again (acks_late)
    keys = SentEmail.objects.filter(key__startswith=f"message:{message.pk}:")
    assert keys.count() == 3
    assert set(keys.values_list("to", flat=True)) == set(
        message.recipients.values_list("user__email", flat=True)
    )


def test_the_task_acknowledges_late_so_a_lost_worker_does_not_lose_the_message():
    assert send_message.acks_late is True


def test_the_task_of_a_deleted_message_does_nothing():
    assert send_message(123456) == "missing"


def test_a_batch_that_fails_half_way_is_undone_and_the_next_run_finishes_it(
    personas, crowd, monkeypatch, settings
):
    settings.MESSAGE_BATCH_SIZE = 2
    message = _send(personas.programme, segment="participants")  # 6 people: 3 batches
    real = services.email_enqueue
    calls = []

    def dying(**kwargs):
        calls.append(kwargs["key"])
        if len(calls) == 4:  # the second person of the second batch
            raise RuntimeError("worker lost")
        return real(**kwargs)

    monkeypatch.setattr(services, "email_enqueue", dying)
    with pytest.raises(RuntimeError):
        message_deliver(message_id=message.pk)
    # The first batch is done; the second left nobody half-sent.
    assert message.recipients.filter(sent_at__isnull=False).count() == 2
    assert SentEmail.objects.filter(key__startswith=f"message:{message.pk}:").count() == 2
    message.refresh_from_db()
    assert message.status == MessageStatus.SENDING

    monkeypatch.setattr(services, "email_enqueue", real)
    assert message_deliver(message_id=message.pk) == MessageStatus.DONE
    assert message.recipients.filter(sent_at__isnull=True).count() == 0
    sent = SentEmail.objects.filter(key__startswith=f"message:{message.pk}:")
    assert sent.count() == 6
    assert sent.values("to").distinct().count() == 6


def test_the_sweep_hands_over_again_a_message_whose_worker_was_lost(personas, crowd, settings):
    message = _send(personas.programme)
    # A worker took it, went through no batch for longer than MESSAGE_LOST_AFTER, and died.
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING,
        heartbeat_at=timezone.now() - timedelta(seconds=settings.MESSAGE_LOST_AFTER + 1),
    )
    assert messages_sweep() == {"enqueued": 1}
    message.refresh_from_db()
    assert message.status == MessageStatus.DONE
    assert message.recipients.filter(sent_at__isnull=True).count() == 0


def test_the_sweep_leaves_alone_a_message_whose_worker_is_alive(personas, crowd):
    message = _send(personas.programme)
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, heartbeat_at=timezone.now()
    )
    assert messages_sweep() == {"enqueued": 0}
    message.refresh_from_db()
    assert message.status == MessageStatus.SENDING


def test_the_sweep_runs_from_the_beat_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-messages"]
    assert entry["task"] == sweep_messages.name
    assert entry["schedule"] <= 60


# --- Redis down -------------------------------------------------------------------------------


@pytest.mark.redis
def test_a_message_sent_while_redis_is_down_is_kept_and_leaves_once_it_is_back(
    client, personas, crowd, django_capture_on_commit_callbacks
):
    client.force_login(personas.coordinator)
    with redis_unreachable():
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(_url("message_send", personas.programme), _post())
        assert response.status_code == 302
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert WAITING in page.content.decode()
        # The beat finds the broker still down: the message waits, nothing breaks.
        Message.objects.update(created_at=F("created_at") - timedelta(minutes=1))
        assert messages_sweep() == {"enqueued": 0}
    message = Message.objects.get()
    assert message.status == MessageStatus.PENDING
    assert message.heartbeat_at is None
    assert message.recipient_count == 3
    assert mail.outbox == []

    # Redis is back: the beat hands it over (inline here) and everyone gets it once.
    with django_capture_on_commit_callbacks(execute=True):
        assert messages_sweep() == {"enqueued": 1}
    message.refresh_from_db()
    assert message.status == MessageStatus.DONE
    assert len(mail.outbox) == 3
    assert WAITING not in client.get(response["Location"]).content.decode()
