"""A real Celery worker on Redis sends the e-mail: no eager mode, which hides on-commit timing
and serialisation bugs. Needs PostgreSQL (the worker, another process, reads the test database)
and Redis."""

import time

import pytest

from mentorat.core.emails import email_enqueue
from mentorat.core.models import EmailStatus, SentEmail

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_email_once_the_transaction_has_committed(
    worker, published_for_real
):
    email = email_enqueue(
        key="welcome:worker",
        to="claire@exemple.fr",
        template="welcome",
        context={"first_name": "Claire"},
        language="fr",
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        email.refresh_from_db()
        if email.status == EmailStatus.SENT:
            break
        time.sleep(0.3)
    log = (worker / "worker.log").read_text()
    assert email.status == EmailStatus.SENT, f"not sent within 60 s; worker log:\n{log}"
    assert email.attempts == 1
    assert "mentorat.core.tasks.send_email" in log and "succeeded" in log

    messages = list((worker / "mail").glob("*.log"))
    assert len(messages) == 1
    text = messages[0].read_text()
    assert "To: claire@exemple.fr" in text
    assert "Subject: =?utf-8?q?" in text or "Subject: [Mentorat] Votre compte" in text
    assert "Bonjour Claire," in text
    assert SentEmail.objects.get(pk=email.pk).subject == "[Mentorat] Votre compte Mentorat est prêt"
