"""The participants' side: my programmes, my application with its status and next step, my
profile editable until matching starts."""

import pytest
from django.urls import reverse

from programmes.models import Application, ApplicationStatus, Phase, Role
from tests.factories import OrganisationFactory, PairFactory, held_roles

pytestmark = pytest.mark.django_db


def url(name: str, programme=None) -> str:
    kwargs = {"slug": programme.slug} if programme else {}
    return reverse(f"programmes:{name}", kwargs=kwargs)


def profile_data(application, **changes) -> dict:
    data = {
        "organisation": application.organisation_id,
        "departement": "39",
        "job_title": "Responsable d'atelier",
        "experience_years": "4",
        "topics": [application.programme.topics.first().pk],
        "meeting_mode": "distanciel",
        "availability": "Le mardi",
    }
    data.update(changes)
    return data


@pytest.fixture
def mentee_application(personas):
    from programmes.models import Topic

    Topic.objects.create(programme=personas.programme, name="Animer une équipe")
    personas.programme.current_phase = Phase.RECRUITMENT
    personas.programme.save()
    return personas.mentee.applications.get()


@pytest.mark.parametrize("persona", ["mentor", "mentee"])
def test_participants_see_their_programmes_with_status_and_next_step(client, personas, persona):
    client.force_login(getattr(personas, persona))
    response = client.get(url("my_programmes"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Programme de test" in page
    assert "Acceptée" in page
    assert "Ce qui va se passer" in page


def test_a_person_without_application_is_told_how_to_apply(client, personas):
    client.force_login(personas.outsider)
    page = client.get(url("my_programmes")).content.decode()
    assert "Pour candidater, utilisez le lien" in page


def test_my_programmes_needs_a_login(client):
    response = client.get(url("my_programmes"))
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("status", "next_step"),
    [
        (ApplicationStatus.SUBMITTED, "examinent votre candidature"),
        (ApplicationStatus.WAITLISTED, "liste d’attente"),
        (ApplicationStatus.DECLINED, "n’a pas été retenue"),
    ],
)
def test_my_application_shows_the_next_step_of_its_status(
    client, personas, mentee_application, status, next_step
):
    mentee_application.status = status
    mentee_application.save()
    client.force_login(personas.mentee)
    page = client.get(url("my_application", personas.programme)).content.decode()
    assert next_step in page


def test_someone_without_an_application_here_gets_404(client, personas):
    for persona in ("outsider", "coordinator", "referent"):
        client.force_login(getattr(personas, persona))
        assert client.get(url("my_application", personas.programme)).status_code == 404
        assert client.get(url("profile_edit", personas.programme)).status_code == 404


def test_the_profile_is_editable_during_recruitment(client, personas, mentee_application):
    new_organisation = OrganisationFactory(name="Lunetterie de Morez")
    personas.programme.organisations.add(new_organisation)
    client.force_login(personas.mentee)
    assert client.get(url("profile_edit", personas.programme)).status_code == 200
    response = client.post(
        url("profile_edit", personas.programme),
        profile_data(mentee_application, organisation=new_organisation.pk),
    )
    assert response.status_code == 302
    mentee_application.refresh_from_db()
    assert (mentee_application.job_title, mentee_application.departement) == (
        "Responsable d'atelier",
        "39",
    )
    # The accepted mentee takes part for their new organisation: matching reads it from here.
    assert mentee_application.organisation == new_organisation


def test_bad_input_in_the_profile_is_refused_in_french(client, personas, mentee_application):
    client.force_login(personas.mentee)
    response = client.post(
        url("profile_edit", personas.programme),
        profile_data(mentee_application, experience_years="beaucoup", departement="100"),
    )
    errors = response.context["form"].errors
    assert errors["experience_years"] == ["Saisissez un nombre entier."]
    assert "Sélectionnez un choix valide" in errors["departement"][0]


def test_once_matching_started_the_profile_is_read_only_with_an_explanation(
    client, personas, mentee_application
):
    personas.programme.current_phase = Phase.MATCHING
    personas.programme.save()
    client.force_login(personas.mentee)
    page = client.get(url("my_application", personas.programme)).content.decode()
    assert "Modifier mon profil" not in page
    assert "l’appariement a commencé" in page.lower()
    response = client.post(
        url("profile_edit", personas.programme), profile_data(mentee_application)
    )
    assert response.status_code == 403
    mentee_application.refresh_from_db()
    assert mentee_application.job_title == ""


def test_a_participant_withdraws_after_a_confirmation_and_no_longer_takes_part(client, personas):
    client.force_login(personas.mentee)
    page = client.get(url("my_application", personas.programme)).content.decode()
    assert url("withdraw", personas.programme) in page
    confirm = client.get(url("withdraw", personas.programme))
    assert "Vous allez retirer votre candidature" in confirm.content.decode()
    response = client.post(url("withdraw", personas.programme), follow=True)
    assert "Vous avez retiré votre candidature" in response.content.decode()
    assert held_roles(personas.mentee, personas.programme) == set()
    # Withdrawn: the page no longer offers it.
    assert url("withdraw", personas.programme) not in response.content.decode()


def test_a_participant_in_an_open_pair_is_told_to_end_it_first(client, personas):
    PairFactory(
        programme=personas.programme,
        mentor=Application.objects.get(user=personas.mentor),
        mentee=Application.objects.get(user=personas.mentee),
    )
    client.force_login(personas.mentee)
    response = client.post(url("withdraw", personas.programme), follow=True)
    assert "binôme proposé ou en cours" in response.content.decode()
    assert held_roles(personas.mentee, personas.programme) == {Role.MENTEE}
