""" "Mon compte": any signed-in person sees their name, e-mail, language, reminders, phone,
programmes and roles, what they accepted and when (in French dates), and changes what is theirs
to change with one small form each."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Application, Role
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    accepted_pair,
    accepted_participant,
    charter_accepted,
)

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("rights:account")
PARIS = ZoneInfo("Europe/Paris")


def page(client) -> str:
    response = client.get(ACCOUNT)
    assert response.status_code == 200
    return response.content.decode()


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(ACCOUNT)
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/?next=/compte/")


@pytest.mark.parametrize(
    "persona", ["staff", "coordinator", "referent", "mentor", "mentee", "outsider"]
)
def test_every_signed_in_persona_sees_their_own_account(client, personas, persona):
    user = getattr(personas, persona)
    client.force_login(user)
    html = page(client)
    assert "Mon compte" in html
    assert user.email in html
    assert 'name="profile-first_name"' in html
    assert "Télécharger mes données" in html


def test_the_name_in_the_navigation_leads_to_the_account(client, personas):
    client.force_login(personas.mentee)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{ACCOUNT}"' in html


def test_it_lists_the_programmes_and_roles_of_the_person(client, personas):
    client.force_login(personas.mentee)
    html = page(client)
    assert "Programme de test" in html
    assert "Mentoré" in html or "Mentee" in html  # the role's French label
    client.force_login(personas.referent)
    html = page(client)
    assert "Référent" in html or "référent" in html
    assert "Fromagerie Test" in html


def test_it_shows_the_consents_given_and_when_in_french(client, personas):
    application = Application.objects.get(user=personas.mentee)
    application.consent_at = datetime(2026, 3, 1, 9, 30, tzinfo=PARIS)
    application.save()
    pair = accepted_pair(
        personas.programme, mentor=Application.objects.get(user=personas.mentor), mentee=application
    )
    charter_accepted(pair, "mentee", days_ago=2)
    client.force_login(personas.mentee)
    html = page(client)
    assert "1er mars 2026 à 9 h 30" in html
    assert "La charte du programme « Programme de test »" in html
    assert personas.mentor.display_name in html


def test_the_person_corrects_their_name(client, personas):
    client.force_login(personas.mentee)
    response = client.post(
        reverse("rights:account_profile"),
        {"profile-first_name": "  Camille ", "profile-last_name": "Durand"},
        follow=True,
    )
    assert "Votre nom est enregistré." in response.content.decode()
    personas.mentee.refresh_from_db()
    assert (personas.mentee.first_name, personas.mentee.last_name) == ("Camille", "Durand")


def test_a_blank_or_garbled_name_is_refused_in_french(client, personas):
    client.force_login(personas.mentee)
    before = personas.mentee.first_name
    response = client.post(
        reverse("rights:account_profile"),
        {"profile-first_name": "Ca\u202emille", "profile-last_name": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in html
    personas.mentee.refresh_from_db()
    assert personas.mentee.first_name == before


def test_the_person_refuses_and_accepts_the_reminders(client, personas):
    client.force_login(personas.mentor)
    client.post(reverse("rights:account_reminders"), {})
    personas.mentor.refresh_from_db()
    assert personas.mentor.wants_reminders is False
    response = client.post(
        reverse("rights:account_reminders"), {"reminders-wants_reminders": "on"}, follow=True
    )
    personas.mentor.refresh_from_db()
    assert personas.mentor.wants_reminders is True
    assert "Vous recevrez les rappels." in response.content.decode()


def test_the_person_shares_their_phone_with_their_partner(client, personas):
    client.force_login(personas.mentee)
    client.post(
        reverse("rights:account_phone"),
        {"phone-phone": "06 12 34 56 78", "phone-share_phone": "on"},
    )
    personas.mentee.refresh_from_db()
    assert personas.mentee.phone == "06 12 34 56 78"
    assert personas.mentee.share_phone is True


def test_a_phone_number_with_letters_is_refused_in_french(client, personas):
    client.force_login(personas.mentee)
    response = client.post(reverse("rights:account_phone"), {"phone-phone": "appelez-moi"})
    assert "N’écrivez que des chiffres" in response.content.decode()
    personas.mentee.refresh_from_db()
    assert personas.mentee.phone == ""


def test_the_language_form_keeps_the_choice_on_the_account(client, personas):
    client.force_login(personas.mentee)
    html = page(client)
    assert 'id="account-language"' in html
    client.post(reverse("set_language"), {"language": "en", "next": ACCOUNT})
    personas.mentee.refresh_from_db()
    assert personas.mentee.language == "en"
    assert "My account" in client.get(ACCOUNT).content.decode()


def test_the_page_does_not_query_more_with_more_programmes(client, personas):
    user = personas.mentor
    client.force_login(user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(ACCOUNT).status_code == 200
        return len(captured)

    one = queries()
    for _ in range(5):
        programme = ProgrammeFactory()
        application = accepted_participant(programme, Role.MENTOR, user=user)
        application.consent_at = datetime(2026, 1, 5, tzinfo=PARIS)
        application.save()
        pair = accepted_pair(programme, mentor=application)
        charter_accepted(pair, "mentor")
        MembershipFactory(
            programme=programme, user=user, role=Role.REFERENT, organisation=OrganisationFactory()
        )
    assert queries() == one


def test_only_staff_find_the_export_log_on_their_account(client, personas):
    log = reverse("rights:exports_log")
    client.force_login(personas.staff)
    assert f'href="{log}"' in page(client)
    client.force_login(personas.coordinator)
    assert f'href="{log}"' not in page(client)
