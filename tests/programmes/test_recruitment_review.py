"""The coordinators' review: the list with filters, counts and pages, one application with its
decision (and the applicant's French e-mail) and internal notes."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import (
    Application,
    ApplicationNote,
    ApplicationStatus,
    Phase,
    Role,
    Topic,
)
from tests.factories import ApplicationFactory, OrganisationFactory, UserFactory, held_roles

pytestmark = pytest.mark.django_db


def list_url(programme, **query) -> str:
    path = reverse("programmes:applications", kwargs={"slug": programme.slug})
    if query:
        from urllib.parse import urlencode

        path += "?" + urlencode(query)
    return path


def review_url(application, name: str = "application_review") -> str:
    return reverse(
        f"programmes:{name}",
        kwargs={"slug": application.programme.slug, "pk": application.pk},
    )


@pytest.fixture
def submitted(personas):
    personas.programme.current_phase = Phase.RECRUITMENT
    personas.programme.save()
    user = UserFactory(email="candidate@exemple.fr", first_name="Chloé", language="fr")
    return ApplicationFactory(
        programme=personas.programme, user=user, organisation=personas.organisation
    )


# --- Who may review -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["staff", "coordinator"])
def test_staff_and_coordinators_see_the_list_and_an_application(
    client, personas, submitted, persona
):
    client.force_login(getattr(personas, persona))
    assert client.get(list_url(personas.programme)).status_code == 200
    response = client.get(review_url(submitted))
    assert response.status_code == 200
    assert "Chloé" in response.content.decode()


@pytest.mark.parametrize("persona", ["referent", "mentor", "mentee"])
def test_other_roles_are_refused_the_review(client, personas, submitted, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(list_url(personas.programme)).status_code == 403
    assert client.get(review_url(submitted)).status_code == 403
    response = client.post(review_url(submitted, "application_decision"), {"status": "accepted"})
    assert response.status_code == 403
    response = client.post(review_url(submitted, "application_note"), {"text": "x"})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert not ApplicationNote.objects.exists()


def test_an_outsider_cannot_learn_that_the_application_exists(client, personas, submitted):
    client.force_login(personas.outsider)
    assert client.get(list_url(personas.programme)).status_code == 404
    assert client.get(review_url(submitted)).status_code == 404
    assert client.post(review_url(submitted, "application_decision")).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, personas, submitted):
    response = client.get(review_url(submitted))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_application_of_another_programme_is_not_found_here(client, personas):
    elsewhere = ApplicationFactory()
    client.force_login(personas.coordinator)
    path = reverse(
        "programmes:application_review",
        kwargs={"slug": personas.programme.slug, "pk": elsewhere.pk},
    )
    assert client.get(path).status_code == 404


# --- The list ---------------------------------------------------------------------------------


def test_the_list_filters_by_role_status_organisation_departement_and_topic(client, personas):
    programme = personas.programme
    topic = Topic.objects.create(programme=programme, name="Dialogue social")
    jura = OrganisationFactory(name="Lunetterie du Jura", departement="39")
    wanted = ApplicationFactory(
        programme=programme,
        role=Role.MENTOR,
        status=ApplicationStatus.WAITLISTED,
        organisation=jura,
        departement="39",
        user=UserFactory(last_name="Voulue"),
    )
    wanted.topics.add(topic)
    decoys = [
        ApplicationFactory(programme=programme, role=Role.MENTEE, organisation=jura),
        ApplicationFactory(
            programme=programme, role=Role.MENTOR, status=ApplicationStatus.WAITLISTED
        ),
    ]
    client.force_login(personas.coordinator)
    filters = {
        "role": "mentor",
        "status": "waitlisted",
        "organisation": jura.pk,
        "departement": "39",
        "topic": topic.pk,
    }
    for name, value in filters.items():
        shown = list(client.get(list_url(programme, **{name: value})).context["page"])
        assert wanted in shown, name
    shown = list(client.get(list_url(programme, **filters)).context["page"])
    assert shown == [wanted]
    assert all(decoy not in shown for decoy in decoys)


def test_an_invalid_filter_is_ignored_rather_than_failing(client, personas):
    client.force_login(personas.coordinator)
    response = client.get(list_url(personas.programme, status="nimporte", organisation="abc"))
    assert response.status_code == 200
    assert len(response.context["page"]) == 2  # the personas' mentor and mentee


def test_the_counts_are_per_status_and_role(client, personas):
    programme = personas.programme
    ApplicationFactory.create_batch(3, programme=programme, role=Role.MENTEE)
    ApplicationFactory(programme=programme, role=Role.MENTOR, status=ApplicationStatus.DECLINED)
    client.force_login(personas.coordinator)
    counts = client.get(list_url(programme)).context["counts"]
    by_status = {row.status: row.by_role for row in counts.rows}
    assert by_status["submitted"] == {"mentor": 0, "mentee": 3}
    assert by_status["accepted"] == {"mentor": 1, "mentee": 1}
    assert by_status["declined"] == {"mentor": 1, "mentee": 0}
    assert (counts.by_role, counts.total) == ({"mentor": 2, "mentee": 4}, 6)


def test_the_list_is_paginated_by_50(client, personas):
    ApplicationFactory.create_batch(60, programme=personas.programme)
    client.force_login(personas.coordinator)
    first = client.get(list_url(personas.programme)).context["page"]
    last = client.get(list_url(personas.programme, page=2, role="mentee")).context["page"]
    assert (len(first), first.paginator.num_pages) == (50, 2)
    assert len(last) == 11  # 60 + the personas' mentee, filtered on mentees
    beyond = client.get(list_url(personas.programme, page=99)).context["page"]
    assert beyond.number == 2


def _queries_of_the_list(client, personas, count: int) -> int:
    programme = personas.programme
    topics = [
        Topic.objects.create(programme=programme, name=f"Thème {count}-{i}") for i in range(3)
    ]
    for application in ApplicationFactory.create_batch(count, programme=programme):
        application.topics.set(topics)
    client.force_login(personas.coordinator)
    client.get(list_url(programme))  # warm the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(list_url(programme, role="mentee"))
    assert len(response.context["page"]) >= count
    return len(captured)


def test_the_number_of_queries_of_the_list_does_not_grow_with_the_applications(
    client, personas, django_db_blocker
):
    # Expected, whatever the number of applications: the session, the user, the programme,
    # the person's roles in it, the counts per status and role, the paginator's count, the
    # page of applications (with person and organisation), their topics, then the filters'
    # organisations and topics.
    few = _queries_of_the_list(client, personas, 2)
    Application.objects.exclude(user__in=[personas.mentor, personas.mentee]).delete()
    many = _queries_of_the_list(client, personas, 30)
    assert few == many
    assert many <= 11


# --- Decisions ----------------------------------------------------------------------------------


def test_accepting_gives_the_role_and_sends_a_french_email_once(
    client, personas, submitted, django_capture_on_commit_callbacks
):
    client.force_login(personas.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            review_url(submitted, "application_decision"), {"status": "accepted"}
        )
        client.post(review_url(submitted, "application_decision"), {"status": "accepted"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.ACCEPTED
    assert submitted.decided_by == personas.coordinator
    assert held_roles(submitted.user, personas.programme) == {Role.MENTEE}
    assert submitted.organisation == personas.organisation
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["candidate@exemple.fr"]
    assert mail.outbox[0].subject == (
        "[Mentorat] Votre candidature à « Programme de test » est acceptée"
    )
    assert "Bonjour Chloé" in mail.outbox[0].body


def test_the_decision_email_is_in_the_applicant_s_language(
    client, personas, submitted, django_capture_on_commit_callbacks
):
    submitted.user.language = "en"
    submitted.user.save()
    client.force_login(personas.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review_url(submitted, "application_decision"), {"status": "waitlisted"})
    assert mail.outbox[0].subject == (
        "[Mentorat] Your application to « Programme de test »: waiting list"
    )


@pytest.mark.parametrize(
    ("status", "subject"),
    [
        ("waitlisted", "[Mentorat] Votre candidature à « Programme de test » : liste d’attente"),
        ("declined", "[Mentorat] Votre candidature à « Programme de test »"),
    ],
)
def test_waitlisting_or_declining_after_accepting_takes_the_role_away(
    client, personas, submitted, django_capture_on_commit_callbacks, status, subject
):
    client.force_login(personas.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review_url(submitted, "application_decision"), {"status": "accepted"})
        client.post(review_url(submitted, "application_decision"), {"status": status})
    submitted.refresh_from_db()
    assert submitted.status == status
    assert held_roles(submitted.user, personas.programme) == set()
    assert [m.subject for m in mail.outbox][-1] == subject


def test_an_unknown_decision_changes_nothing(client, personas, submitted):
    client.force_login(personas.coordinator)
    response = client.post(review_url(submitted, "application_decision"), {"status": "withdrawn"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert not mail.outbox


# --- Notes ------------------------------------------------------------------------------------


def test_a_coordinator_keeps_internal_notes_that_the_applicant_never_sees(
    client, personas, submitted
):
    client.force_login(personas.coordinator)
    response = client.post(
        review_url(submitted, "application_note"), {"text": "Rappeler après le 15."}
    )
    assert response.status_code == 302
    note = ApplicationNote.objects.get()
    assert (note.author, note.text) == (personas.coordinator, "Rappeler après le 15.")
    assert "Rappeler après le 15." in client.get(review_url(submitted)).content.decode()
    client.force_login(submitted.user)
    page = client.get(reverse("programmes:my_application", kwargs={"slug": "programme-test"}))
    assert page.status_code == 200
    assert "Rappeler" not in page.content.decode()


def test_an_empty_note_is_refused_with_a_french_message(client, personas, submitted):
    client.force_login(personas.coordinator)
    response = client.post(review_url(submitted, "application_note"), {"text": "  "})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not ApplicationNote.objects.exists()


def test_accepting_again_after_the_waiting_list_sends_a_second_acceptance(
    client, personas, submitted, django_capture_on_commit_callbacks
):
    client.force_login(personas.coordinator)
    decide = review_url(submitted, "application_decision")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide, {"status": "accepted"})
        client.post(decide, {"status": "waitlisted"})
        client.post(decide, {"status": "accepted"})
        client.post(decide, {"status": "accepted"})  # the same decision again: no e-mail
    subjects = [message.subject for message in mail.outbox]
    accepted = "[Mentorat] Votre candidature à « Programme de test » est acceptée"
    waitlisted = "[Mentorat] Votre candidature à « Programme de test » : liste d’attente"
    assert subjects == [accepted, waitlisted, accepted]


@pytest.mark.parametrize("pair_status", ["proposed", "accepted", "active"])
@pytest.mark.parametrize("decision", ["waitlisted", "declined"])
def test_an_applicant_in_an_open_pair_keeps_their_role_and_the_coordinator_is_told_why(
    client, personas, submitted, decision, pair_status
):
    from tests.factories import PairFactory

    client.force_login(personas.coordinator)
    decide = review_url(submitted, "application_decision")
    client.post(decide, {"status": "accepted"})
    mentor = personas.programme.applications.get(user=personas.mentor)
    PairFactory(programme=personas.programme, mentor=mentor, mentee=submitted, status=pair_status)
    response = client.post(decide, {"status": decision}, follow=True)
    assert "binôme proposé ou en cours" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.ACCEPTED
    assert held_roles(submitted.user, personas.programme) == {Role.MENTEE}


def test_an_applicant_whose_pair_ended_may_be_put_on_the_waiting_list(client, personas, submitted):
    from tests.factories import PairFactory

    client.force_login(personas.coordinator)
    decide = review_url(submitted, "application_decision")
    client.post(decide, {"status": "accepted"})
    mentor = personas.programme.applications.get(user=personas.mentor)
    PairFactory(programme=personas.programme, mentor=mentor, mentee=submitted, status="ended")
    client.post(decide, {"status": "waitlisted"})
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.WAITLISTED


def test_a_note_over_its_limit_is_a_french_error_naming_the_field(client, personas, submitted):
    client.force_login(personas.coordinator)
    response = client.post(review_url(submitted, "application_note"), {"text": "x" * 5001})
    assert response.status_code == 200
    assert "Nouvelle note interne : 5000 caractères au plus (ici 5001)." in (
        response.content.decode()
    )
    assert not ApplicationNote.objects.exists()
