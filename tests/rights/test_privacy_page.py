"""The privacy page: public, in French and English, written from the real settings (the
retention periods, the minimum group size, the controller, the host, the e-mail provider) and
linked from every page's footer and from the application form's notice."""

import pytest
from django.urls import reverse

from programmes.models import ApplicationLink, Phase, Role

pytestmark = pytest.mark.django_db

PRIVACY = reverse("rights:privacy")


def page(client, **headers) -> str:
    response = client.get(PRIVACY, **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_anyone_may_read_it_without_logging_in(client):
    html = page(client)
    assert "Confidentialité : comment vos données sont traitées" in html
    assert "Qui voit quoi" in html
    assert "CNIL" in html


def test_signed_in_people_read_it_too(client, personas):
    client.force_login(personas.mentee)
    assert "Qui voit quoi" in page(client)


def test_it_shows_the_retention_periods_as_configured(client, settings):
    settings.PERSONAL_DATA_RETENTION_MONTHS = 24
    settings.PERSONAL_DATA_INACTIVE_DAYS = 180
    html = page(client)
    assert "supprimées 24 mois après sa clôture" in html
    assert "au bout de 180 jours" in html
    settings.PERSONAL_DATA_RETENTION_MONTHS = 36
    settings.PERSONAL_DATA_INACTIVE_DAYS = 90
    html = page(client)
    assert "supprimées 36 mois après sa clôture" in html
    assert "au bout de 90 jours" in html
    assert "24 mois" not in html


def test_it_shows_the_minimum_group_size_of_the_reports(client, settings):
    settings.MENTORAT_MIN_GROUP_SIZE = 7
    assert "au moins 7 personnes" in page(client)


def test_it_names_the_controller_the_host_and_the_email_provider_from_the_settings(
    client, settings
):
    settings.PRIVACY_CONTROLLER = "ARACT Bourgogne-Franche-Comté"
    settings.PRIVACY_CONTACT_EMAIL = "dpo@aract.example"
    settings.PRIVACY_HOST = "OVHcloud, Roubaix (France)"
    settings.PRIVACY_EMAIL_PROVIDER = "Brevo"
    html = page(client)
    assert "ARACT Bourgogne-Franche-Comté" in html
    assert 'href="mailto:dpo@aract.example"' in html
    assert "Hébergement : OVHcloud, Roubaix (France)." in html
    assert "Les e-mails sont envoyés par Brevo." in html


def test_unset_processors_are_said_to_be_unset_not_invented(client, settings):
    settings.PRIVACY_CONTROLLER = ""
    settings.PRIVACY_HOST = ""
    settings.PRIVACY_EMAIL_PROVIDER = ""
    html = page(client)
    assert "PRIVACY_CONTROLLER" in html
    assert "pas encore indiqué ici (réglage PRIVACY_HOST)" in html
    assert "aucun prestataire extérieur" in html


def test_it_reads_in_english(client):
    client.cookies["django_language"] = "en"
    html = page(client)
    assert "Privacy: how your data is processed" in html
    assert "Who sees what" in html


def test_every_page_links_it_in_the_footer(client):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{PRIVACY}"' in html


def test_the_application_forms_notice_links_it(client, personas):
    personas.programme.current_phase = Phase.RECRUITMENT
    personas.programme.save()
    link = ApplicationLink.objects.create(programme=personas.programme, role=Role.MENTEE)
    html = client.get(reverse("programmes:apply", kwargs={"token": link.token})).content.decode()
    notice = html.split('id="notice-title"')[1].split("</section>")[0]
    assert f'href="{PRIVACY}"' in notice
