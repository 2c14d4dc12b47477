"""Benchmark of a message to a segment of 5,000 people.

    .venv/bin/python bench/bench_message_enqueue.py [PEOPLE] [--request-only]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentorat_bench \
        .venv/bin/python bench/bench_message_enqueue.py

Without DATABASE_URL it works on a throwaway SQLite file. Two figures:

- the request: the coordinator's "send" POST through the page (form, segment, message and its
  5,000 recipients written in one transaction, the task handed to the broker). The publication
  itself is replaced by a recorder (one task, about a millisecond on Redis), so that no worker
  anywhere takes a message of this database. Target: under 5 s.
- the worker's part: its batches recording the 5,000 e-mails and handing each to the broker
  (recorded, as above), the e-mails themselves being sent by the e-mail tasks.
- the whole send with tasks inline (the embedded default, no broker): the worker's batches,
  each recording its e-mails, and every e-mail task rendering and delivering its e-mail
  (in-memory backend). No target: it is the workers' time, not a request's.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKDIR = Path(tempfile.mkdtemp(prefix="mentorat-bench-"))
os.environ.setdefault("MENTORAT_VAR_DIR", str(WORKDIR))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorat.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
# One line per inline task would drown the figures.
os.environ.setdefault("LOG_LEVEL", "WARNING")
# The whole send runs inline: no broker, whatever the environment says.
os.environ["CELERY_BROKER_URL"] = ""
os.environ.pop("REDIS_URL", None)
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from followup import tasks  # noqa: E402
from followup.models import Message, MessageStatus  # noqa: E402
from followup.services.messages import message_deliver, message_send  # noqa: E402
from mentorat.core import tasks as email_tasks  # noqa: E402
from mentorat.core.models import EmailStatus, SentEmail  # noqa: E402
from programmes.models import (  # noqa: E402
    Application,
    ApplicationStatus,
    Membership,
    Organisation,
    Programme,
    Role,
)

SLUG = "bench-messages"
TARGET_S = 5.0


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def load(people: int) -> tuple[Programme, object]:
    """A programme of ``people`` accepted mentors, and its coordinator."""
    User = get_user_model()
    # A bench run again on the same database starts afresh.
    Programme.objects.filter(slug=SLUG).delete()
    User.objects.filter(email__endswith="@banc.exemple.fr").delete()
    Organisation.objects.filter(name="Entreprise du banc").delete()
    programme = Programme.objects.create(name="Banc d'essai des messages", slug=SLUG)
    organisation = Organisation.objects.create(name="Entreprise du banc")
    programme.organisations.add(organisation)
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"mentor{i}@banc.exemple.fr", first_name=f"Prénom{i}", password=password)
        for i in range(people)
    )
    if connection.vendor == "sqlite":  # bulk_create sets no primary keys there before 3.35
        users = list(User.objects.filter(email__endswith="@banc.exemple.fr"))
    Application.objects.bulk_create(
        (
            Application(
                programme=programme,
                user=user,
                role=Role.MENTOR,
                status=ApplicationStatus.ACCEPTED,
                organisation=organisation,
            )
            for user in users
        ),
        batch_size=1000,
    )
    coordinator, _ = User.objects.get_or_create(email="coordination@banc.exemple.fr")
    Membership.objects.create(programme=programme, user=coordinator, role=Role.COORDINATOR)
    return programme, coordinator


def main() -> int:
    arguments = [a for a in sys.argv[1:] if a != "--request-only"]
    people = int(arguments[0]) if arguments else 5000
    print(f"database             {connection.vendor}")
    _, seconds = timed(call_command, "migrate", verbosity=0)
    print(f"migrate              {seconds:.1f} s (not timed below)")
    (programme, coordinator), seconds = timed(load, people)
    print(f"{people} mentors        {seconds:.1f} s (not timed below)")

    client = Client(HTTP_HOST="localhost")
    client.force_login(coordinator)
    url = reverse("followup:message_send", kwargs={"slug": SLUG})
    data = {"segment": "mentors", "subject": "Réunion de lancement", "body": "Bonjour à tous.\n"}
    published = []
    real_delay = tasks.send_message.delay
    tasks.send_message.delay = published.append  # the broker's part: recorded, not sent
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    try:
        with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
            with CaptureQueriesContext(connection) as captured:
                response, request_s = timed(client.post, url, data, secure=True)
    finally:
        tasks.send_message.delay = real_delay
    assert response.status_code == 302, response.status_code
    message = Message.objects.get(programme=programme)
    assert message.recipient_count == people and published == [message.pk]
    verdict = "ok" if request_s < TARGET_S else "TOO SLOW"
    print(
        f"request (send POST)  {request_s:.2f} s for {people} recipients, "
        f"{len(captured.captured_queries)} queries (target < {TARGET_S:.0f} s: {verdict})"
    )

    if "--request-only" in sys.argv:
        return 0 if request_s < TARGET_S else 1

    # The worker's own part, as a real worker does it: batches that record each e-mail and
    # hand it to the broker (recorded here too), the e-mails being sent by other workers.
    emails = []
    real_email_delay = email_tasks.send_email.delay
    email_tasks.send_email.delay = emails.append
    try:
        status, worker_s = timed(message_deliver, message_id=message.pk)
    finally:
        email_tasks.send_email.delay = real_email_delay
    assert status == MessageStatus.DONE and len(emails) == people
    print(
        f"worker's part        {worker_s:.1f} s ({people / worker_s:.0f} recipients/s: "
        f"e-mails recorded and handed to the broker, in batches of {settings.MESSAGE_BATCH_SIZE})"
    )

    # The whole send inline, on a second message to the same people (written, not handed over).
    tasks.send_message.delay = published.append
    try:
        message = message_send(
            programme=programme, by=coordinator, segment="mentors", subject="Rappel", body="Texte"
        )
    finally:
        tasks.send_message.delay = real_delay
    mail.outbox = []
    status, send_s = timed(message_deliver, message_id=message.pk)
    sent = SentEmail.objects.filter(key__startswith=f"message:{message.pk}:")
    assert status == MessageStatus.DONE
    assert sent.filter(status=EmailStatus.SENT).count() == people == len(mail.outbox)
    print(
        f"whole send, inline   {send_s:.1f} s ({people / send_s:.0f} e-mails/s: each e-mail "
        "recorded, then rendered and delivered by its own task, one after the other)"
    )
    return 0 if request_s < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
