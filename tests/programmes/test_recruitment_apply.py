"""Applying: the shareable link per role, personal invitations, with or without an account,
only during recruitment, with bad input refused in French and no leak of who has an account."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from programmes.models import (
    Application,
    ApplicationStatus,
    Invitation,
    Organisation,
    Phase,
    Role,
)
from programmes.services import application_link_get
from tests.factories import ApplicationFactory, OrganisationFactory, UserFactory

from .recruitment_helpers import PASSWORD, programme_with_topics

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Un-mot-de-passe-solide-2026"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Applying without an account counts as a sign-up for allauth's rate limits, whose
    # counters live in the cache: start and leave each test with none.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def programme():
    programme = programme_with_topics(["Animer une équipe", "Gestion des conflits"])
    programme.organisations.add(OrganisationFactory(name="Fromagerie Lucas", departement="21"))
    return programme


def link(programme, role=Role.MENTEE) -> str:
    return application_link_get(programme=programme, role=role).get_absolute_url()


def profile(programme, **changes) -> dict:
    data = {
        "organisation": programme.organisations.get().pk,
        "new_organisation": "",
        "sector": "Agroalimentaire",
        "departement": "21",
        "job_title": "Cheffe d'équipe",
        "experience_years": "3",
        "topics": [programme.topics.get(name="Animer une équipe").pk],
        "meeting_mode": "mixte",
        "availability": "Un jeudi par mois",
        "expectations": "Prendre du recul",
        "offer": "",
        "consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def identity(**changes) -> dict:
    return {
        "email": "nouvelle@exemple.fr",
        "first_name": "Nina",
        "last_name": "Nouvelle",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **changes,
    }


# --- The page --------------------------------------------------------------------------------


def test_the_link_opens_the_application_page_for_its_role(client, programme):
    response = client.get(link(programme, Role.MENTOR))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Candidater comme mentor" in page
    assert "Combien de mentorés je peux suivre" in page  # capacity: mentors only
    assert "Comment vos données sont traitées" in page  # the notice before consenting
    mentee_page = client.get(link(programme, Role.MENTEE)).content.decode()
    assert "Combien de mentorés" not in mentee_page


def test_a_guessed_or_replaced_link_is_a_clear_404(client, programme):
    old = link(programme)
    from programmes.services import application_link_renew

    application_link_renew(programme=programme, role=Role.MENTEE)
    for path in [old, reverse("programmes:apply", kwargs={"token": "devine"})]:
        response = client.get(path)
        assert response.status_code == 404
        assert "Ce lien ne fonctionne pas" in response.content.decode()


@pytest.mark.parametrize("phase", [Phase.SETUP, Phase.MATCHING, Phase.RUNNING])
def test_outside_recruitment_the_page_says_applications_are_closed(client, programme, phase):
    programme.current_phase = phase
    programme.save()
    for method in (client.get, client.post):
        response = method(link(programme))
        assert response.status_code == 200
        assert "Les candidatures sont fermées" in response.content.decode()
    assert not Application.objects.exists()


# --- Applying without an account --------------------------------------------------------------


def test_applying_creates_the_account_and_sends_the_address_confirmation(
    client, programme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link(programme), {**identity(), **profile(programme)})
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:apply_sent")
    person = get_user_model().objects.get(email="nouvelle@exemple.fr")
    assert person.check_password(NEW_PASSWORD)
    assert not EmailAddress.objects.get(user=person).verified
    application = Application.objects.get(user=person)
    assert (application.role, application.status) == (Role.MENTEE, ApplicationStatus.SUBMITTED)
    assert application.consent_at is not None
    assert [t.name for t in application.topics.all()] == ["Animer une équipe"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nouvelle@exemple.fr"]
    assert "confirm" in mail.outbox[0].body.lower()


def test_an_address_that_has_an_account_gets_the_same_page_and_an_email_only(
    client, programme, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="deja@exemple.fr", first_name="Denis")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            link(programme), {**identity(email="Deja@Exemple.fr"), **profile(programme)}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:apply_sent")  # the same as a new address
    assert not Application.objects.filter(user=existing).exists()
    existing.refresh_from_db()
    assert existing.check_password(PASSWORD)  # untouched
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["deja@exemple.fr"]
    assert mail.outbox[0].subject == f"[Mentorat] Votre candidature à « {programme.name} »"
    assert "Bonjour Denis" in mail.outbox[0].body


def test_a_new_organisation_typed_by_the_applicant_is_created_once(client, programme):
    OrganisationFactory(name="Transports Vuillemin")
    client.post(
        link(programme),
        {
            **identity(),
            **profile(programme, organisation="", new_organisation=" transports  VUILLEMIN "),
        },
    )
    application = Application.objects.get()
    assert application.organisation.name == "Transports Vuillemin"
    assert Organisation.objects.filter(name_key="transports vuillemin").count() == 1
    assert programme.organisations.filter(pk=application.organisation_id).exists()


# --- Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": ""}, "email", "Ce champ est obligatoire."),
        ({"email": "jean@"}, "email", "Saisissez une adresse de courriel valide."),
        ({"experience_years": "dix"}, "experience_years", "Saisissez un nombre entier."),
        ({"experience_years": "-1"}, "experience_years", "supérieure ou égale à 0"),
        ({"departement": "99"}, "departement", "Sélectionnez un choix valide."),
        ({"meeting_mode": "visio"}, "meeting_mode", "Sélectionnez un choix valide."),
        ({"consent": None}, "consent", "Votre accord est nécessaire pour candidater."),
        ({"password2": "autre-chose-2026"}, "password2", "Les deux mots de passe diffèrent."),
        ({"password1": "123", "password2": "123"}, "password1", "trop court"),
        (
            {"organisation": "", "new_organisation": ""},
            "new_organisation",
            "Choisissez votre organisation dans la liste ou tapez son nom.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_french_message_on_its_field(
    client, programme, changes, field, message
):
    data = {**identity(), **profile(programme)}
    data.update(changes)
    data = {key: value for key, value in data.items() if value is not None}
    response = client.post(link(programme), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field]), errors
    assert not Application.objects.exists()
    assert not get_user_model().objects.filter(email="nouvelle@exemple.fr").exists()


def test_a_topic_of_another_programme_is_refused(client, programme):
    elsewhere = programme_with_topics(["Jardinage"])
    data = {**identity(), **profile(programme, topics=[elsewhere.topics.get().pk])}
    response = client.post(link(programme), data)
    assert "topics" in response.context["form"].errors
    assert not Application.objects.exists()


@pytest.mark.parametrize("capacity", ["0", "6", "deux"])
def test_a_mentor_capacity_out_of_1_to_5_is_refused(client, programme, capacity):
    data = {**identity(), **profile(programme, capacity=capacity)}
    response = client.post(link(programme, Role.MENTOR), data)
    assert "capacity" in response.context["form"].errors
    assert not Application.objects.exists()


# --- Applying with an account ------------------------------------------------------------------


def test_a_signed_in_person_applies_without_retyping_who_they_are(client, programme):
    person = UserFactory()
    client.force_login(person)
    response = client.get(link(programme, Role.MENTOR))
    assert "password1" not in response.context["form"].fields
    response = client.post(link(programme, Role.MENTOR), profile(programme, capacity="2"))
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:my_application", args=[programme.slug])
    application = Application.objects.get(user=person)
    assert (application.role, application.capacity) == (Role.MENTOR, 2)


def test_a_person_who_already_applied_is_sent_to_their_application(client, programme):
    person = UserFactory()
    ApplicationFactory(programme=programme, user=person)
    client.force_login(person)
    response = client.get(link(programme, Role.MENTOR))
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:my_application", args=[programme.slug])
    assert Application.objects.count() == 1


# --- Personal invitations -------------------------------------------------------------------------


def invitation_for(programme, email="invitee@exemple.fr", role=Role.MENTOR):
    return Invitation.objects.create(programme=programme, email=email, role=role)


def test_an_invitation_opens_the_page_with_its_address_and_role(client, programme):
    invitation = invitation_for(programme)
    response = client.get(invitation.get_absolute_url())
    form = response.context["form"]
    assert response.context["role"] == Role.MENTOR
    assert form.fields["email"].disabled
    assert form.fields["email"].initial == "invitee@exemple.fr"


def test_applying_through_one_s_invitation_confirms_the_address_and_signs_in(client, programme):
    invitation = invitation_for(programme)
    data = {**identity(email="someone-else@exemple.fr"), **profile(programme)}
    response = client.post(invitation.get_absolute_url(), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:my_application", args=[programme.slug])
    person = get_user_model().objects.get(email="invitee@exemple.fr")  # the invited address
    assert EmailAddress.objects.get(user=person).verified
    assert Application.objects.get(user=person).role == Role.MENTOR
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    assert client.get(reverse("programmes:my_programmes")).status_code == 200  # signed in


def test_an_invited_person_with_an_account_is_asked_to_log_in(client, programme):
    UserFactory(email="invitee@exemple.fr")
    invitation = invitation_for(programme)
    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_unknown_invitation_is_a_clear_404(client):
    response = client.get(reverse("programmes:apply_invited", kwargs={"token": "devine"}))
    assert response.status_code == 404


def test_applications_creating_accounts_are_rate_limited_like_sign_ups(client, programme, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/m/ip"}
    first = client.post(link(programme), {**identity(), **profile(programme)})
    second = client.post(
        link(programme), {**identity(email="autre@exemple.fr"), **profile(programme)}
    )
    assert (first.status_code, second.status_code) == (302, 429)
    assert Application.objects.count() == 1


def test_expectations_over_their_limit_are_a_french_error_naming_the_field(client, programme):
    data = {**identity(), **profile(programme, expectations="x" * 2001)}
    response = client.post(link(programme), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ce que j’attends du programme : 2000 caractères au plus (ici 2001)." in page
    assert not Application.objects.exists()
