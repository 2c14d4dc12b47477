"""A real Celery worker on Redis sends the e-mail: no eager mode, which hides on-commit timing
and serialisation bugs. Needs PostgreSQL (the worker, another process, reads the test database)
and Redis."""

import pytest

from mentorat.core.emails import email_enqueue
from mentorat.core.models import EmailStatus, SentEmail
from tests.waiting import wait_until

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
    # The worker marks the row sent, then logs "succeeded": wait for both, in that order of need.
    wait_until(
        lambda: SentEmail.objects.get(pk=email.pk).status == EmailStatus.SENT,
        what="the e-mail marked sent",
        diagnostic=worker.log,
    )
    worker.wait_for_log("mentorat.core.tasks.send_email", "succeeded")
    email.refresh_from_db()
    assert email.attempts == 1

    messages = list((worker / "mail").glob("*.log"))
    assert len(messages) == 1
    text = messages[0].read_text()
    assert "To: claire@exemple.fr" in text
    assert "Subject: =?utf-8?q?" in text or "Subject: [Mentorat] Votre compte" in text
    assert "Bonjour Claire," in text
    assert SentEmail.objects.get(pk=email.pk).subject == "[Mentorat] Votre compte Mentorat est prêt"
