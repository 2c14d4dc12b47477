"""The follow-up's four thresholds are programme settings like the others: on the setup step
"Charter and follow-up" and in the programme file, within the model's bounds."""

import json
import re

import pytest
from django.urls import reverse

from programmes.models import Programme, bounds_of
from programmes.programme_file import (
    FOLLOWUP_FIELDS,
    TemplateError,
    template_from_data,
    template_of_programme,
    template_to_data,
)
from programmes.services import programme_create, programme_file_import
from tests.factories import UserFactory

MINIMAL = {"slug": "mentorat-jura", "name": "Mentorat Jura", "topics": ["Animer une équipe"]}
THRESHOLDS = {
    "meeting_rhythm_days": 21,
    "attention_after_weeks": 4,
    "alert_after_weeks": 8,
    "charter_within_days": 10,
}


def charter_step(programme, **changes) -> dict:
    return {
        "charter": "Notre charte",
        "checkin_cadence_days": "30",
        "default_mentor_capacity": "2",
        **{key: str(value) for key, value in THRESHOLDS.items()},
        **changes,
    }


def url(programme) -> str:
    return reverse("programmes:setup_charter", kwargs={"slug": programme.slug})


@pytest.mark.django_db
def test_the_charter_step_saves_the_four_thresholds(client, personas):
    client.force_login(personas.coordinator)
    response = client.post(url(personas.programme), charter_step(personas.programme))
    assert response.status_code == 302
    programme = Programme.objects.get(pk=personas.programme.pk)
    assert {key: getattr(programme, key) for key in THRESHOLDS} == THRESHOLDS


@pytest.mark.django_db
def test_the_charter_step_shows_the_bounds_of_the_thresholds(client, personas):
    client.force_login(personas.coordinator)
    page = client.get(url(personas.programme)).content.decode()
    assert "(de 7 à 180 jours)" in page
    assert "(de 1 à 52 semaines)" in page
    assert re.search(r'<input type="number" name="alert_after_weeks"[^>]* min="1" max="52"', page)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("meeting_rhythm_days", "6", "supérieure ou égale à 7"),
        ("meeting_rhythm_days", "181", "inférieure ou égale à 180"),
        ("attention_after_weeks", "0", "supérieure ou égale à 1"),
        ("alert_after_weeks", "53", "inférieure ou égale à 52"),
        ("charter_within_days", "91", "inférieure ou égale à 90"),
    ],
)
def test_the_charter_step_refuses_a_threshold_out_of_its_bounds(
    client, personas, field, value, message
):
    client.force_login(personas.coordinator)
    response = client.post(
        url(personas.programme), charter_step(personas.programme, **{field: value})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    programme = Programme.objects.get(pk=personas.programme.pk)
    assert getattr(programme, field) == Programme._meta.get_field(field).get_default()


@pytest.mark.django_db
def test_the_alert_cannot_come_before_the_attention(client, personas):
    client.force_login(personas.coordinator)
    response = client.post(
        url(personas.programme),
        charter_step(personas.programme, attention_after_weeks="8", alert_after_weeks="4"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["alert_after_weeks"] == [
        "L’alerte après des semaines sans rencontre vient après la vigilance : son nombre de "
        "semaines doit être au moins aussi grand."
    ]


# --- The programme file ---


def test_the_file_reads_the_thresholds_under_followup():
    template = template_from_data(MINIMAL | {"followup": THRESHOLDS})
    assert {key: getattr(template, key) for key in THRESHOLDS} == THRESHOLDS


def test_a_file_without_them_takes_the_model_s_defaults():
    template = template_from_data(MINIMAL)
    for key in FOLLOWUP_FIELDS:
        assert getattr(template, key) == Programme._meta.get_field(key).get_default()


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("meeting_rhythm_days", 6, "followup.meeting_rhythm_days : doit valoir au moins 7"),
        ("meeting_rhythm_days", 181, "followup.meeting_rhythm_days : doit valoir au plus 180"),
        ("attention_after_weeks", 0, "followup.attention_after_weeks : doit valoir au moins 1"),
        ("alert_after_weeks", 53, "followup.alert_after_weeks : doit valoir au plus 52"),
        ("charter_within_days", 91, "followup.charter_within_days : doit valoir au plus 90"),
        (
            "charter_within_days",
            "14",
            "followup.charter_within_days : doit être un nombre entier, sans guillemets",
        ),
    ],
)
def test_a_threshold_out_of_the_model_s_bounds_is_refused_naming_its_key(key, value, message):
    low, high = bounds_of(Programme._meta.get_field(key))
    assert low is not None and high is not None
    with pytest.raises(TemplateError) as error:
        template_from_data(MINIMAL | {"followup": {key: value}})
    assert error.value.errors == [message]


def test_an_unknown_key_under_followup_is_refused():
    with pytest.raises(TemplateError) as error:
        template_from_data(MINIMAL | {"followup": {"notes": True}})
    assert error.value.errors[0].startswith("followup.notes : clé inconnue")


@pytest.mark.django_db
def test_the_thresholds_go_round_trip_through_the_file():
    staff = UserFactory(is_staff=True)
    template = template_from_data(MINIMAL | {"followup": THRESHOLDS})
    programme, created = programme_file_import(template=template, by=staff)
    assert created
    data = template_to_data(template_of_programme(Programme.objects.get(pk=programme.pk)))
    assert data["followup"] == THRESHOLDS
    assert json.loads(json.dumps(data))["followup"] == THRESHOLDS


@pytest.mark.django_db
def test_an_alert_before_the_attention_is_refused_at_import_naming_its_key():
    staff = UserFactory(is_staff=True)
    programme = programme_create(by=staff, name="Existant", slug="existant")
    template = template_from_data(
        MINIMAL | {"followup": {"attention_after_weeks": 8, "alert_after_weeks": 4}}
    )
    with pytest.raises(TemplateError) as error:
        programme_file_import(template=template, by=staff, programme=programme)
    assert [e.split(" : ")[0] for e in error.value.errors] == ["followup.alert_after_weeks"]
    programme.refresh_from_db()
    assert (programme.attention_after_weeks, programme.alert_after_weeks) == (6, 10)
