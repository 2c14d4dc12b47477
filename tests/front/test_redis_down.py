"""With Redis unreachable (cache, broker and result backend together) nothing a person does
fails: logging in, resetting a password, applying, deciding an application, starting a matching
run and logging out each answer within two seconds, what was done is saved, allauth's rate
limits keep counting, and the e-mails wait in the outbox until the broker is back."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from matching.models import MatchingRun, RunStatus
from matching.services import runs_sweep
from mentorat.core.models import EmailStatus, SentEmail
from mentorat.core.tasks import send_pending_emails
from programmes.models import Application, ApplicationStatus, Phase, Role, Topic
from programmes.services import application_link_get
from tests.factories import ApplicationFactory, UserFactory
from tests.unreachable import redis_unreachable

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-de-test"  # tests/factories.py
FAST = 2.0  # seconds: a request never waits on Redis' retries


@pytest.fixture
def programme(personas):
    programme = personas.programme
    programme.current_phase = Phase.RECRUITMENT
    programme.save()
    programme.organisations.add(personas.organisation)
    Topic.objects.create(programme=programme, name="Animer une équipe", position=0)
    return programme


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    """Send one request as a browser would, the e-mails' publication after commit included;
    check it answers, fast, and without a server error."""

    def act(method, path, data=None):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = method(path, data or {})
        elapsed = time.monotonic() - started
        assert response.status_code < 500, f"{path} answered {response.status_code}"
        assert elapsed < FAST, f"{path} took {elapsed:.1f} s"
        return response

    return act


def _apply_data(programme) -> dict:
    return {
        "email": "nouvelle@exemple.fr",
        "first_name": "Nina",
        "last_name": "Nouvelle",
        "password1": "Un-mot-de-passe-solide-2026",
        "password2": "Un-mot-de-passe-solide-2026",
        "organisation": programme.organisations.get().pk,
        "new_organisation": "",
        "sector": "Agroalimentaire",
        "departement": "21",
        "job_title": "Cheffe d'équipe",
        "experience_years": "3",
        "topics": [programme.topics.get().pk],
        "meeting_mode": "mixte",
        "availability": "Un jeudi par mois",
        "expectations": "Prendre du recul",
        "offer": "",
        "consent": "on",
    }


def test_a_whole_journey_works_while_redis_is_away_and_its_emails_leave_once_it_is_back(
    client, personas, programme, act
):
    candidate = ApplicationFactory(
        programme=programme,
        user=UserFactory(email="candidate@exemple.fr"),
        organisation=personas.organisation,
    )
    visitor = client.__class__()
    with redis_unreachable():
        # A visitor applies through the public form: account and application are saved.
        link = application_link_get(programme=programme, role=Role.MENTEE).get_absolute_url()
        response = act(visitor.post, link, _apply_data(programme))
        assert response["Location"] == reverse("programmes:apply_sent")
        assert Application.objects.filter(user__email="nouvelle@exemple.fr").exists()
        # Someone who forgot their password asks for a new one.
        act(visitor.post, "/comptes/password/reset/", {"email": personas.mentor.email})

        # The coordinator logs in (allauth's rate limits on), decides, runs matching, leaves.
        response = act(
            client.post,
            "/comptes/login/",
            {"login": personas.coordinator.email, "password": PASSWORD},
        )
        assert response.status_code == 302
        assert response.wsgi_request.user == personas.coordinator
        decide = reverse(
            "programmes:application_decision", kwargs={"slug": programme.slug, "pk": candidate.pk}
        )
        act(client.post, decide, {"status": "accepted"})
        candidate.refresh_from_db()
        assert candidate.status == ApplicationStatus.ACCEPTED

        response = act(client.post, reverse("matching:run_start", kwargs={"slug": programme.slug}))
        run = MatchingRun.objects.get(programme=programme)
        assert response["Location"] == reverse(
            "matching:run_progress", kwargs={"slug": programme.slug, "run_id": run.pk}
        )
        page = act(client.get, response["Location"]).content.decode()
        assert "démarre de lui-même dès que le service est de retour" in page
        act(client.post, "/comptes/logout/")
        assert "_auth_user_id" not in client.session

        # Nothing left yet: every e-mail is recorded, waiting for the broker.
        assert mail.outbox == []
        waiting = SentEmail.objects.filter(status=EmailStatus.PENDING)
        assert waiting.count() == 3  # address confirmation, password reset, acceptance
        assert {e.to for e in waiting} == {
            "nouvelle@exemple.fr",
            personas.mentor.email,
            "candidate@exemple.fr",
        }

    # The broker is back (tasks inline again); the beat's next passes, a few minutes later.
    SentEmail.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    MatchingRun.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    assert send_pending_emails() == 3
    assert runs_sweep()["enqueued"] == 1
    assert SentEmail.objects.filter(status=EmailStatus.SENT).count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["nouvelle@exemple.fr", personas.mentor.email, "candidate@exemple.fr"]
    )
    run.refresh_from_db()
    assert run.status == RunStatus.DONE


def test_the_login_rate_limit_keeps_counting_while_redis_is_away(client, act):
    UserFactory(email="claire@exemple.fr")
    with redis_unreachable():
        for _ in range(5):
            page = act(
                client.post, "/comptes/login/", {"login": "claire@exemple.fr", "password": "non"}
            ).content.decode()
            assert "sont incorrects" in page
        response = act(
            client.post, "/comptes/login/", {"login": "claire@exemple.fr", "password": PASSWORD}
        )
    assert "Trop de mots de passe erronés" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
