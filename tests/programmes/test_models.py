"""The programme's settings and the texts people type have bounds on the model: validators that
forms and the programme file read, and check constraints that refuse a direct write (on
PostgreSQL in CI, on SQLite in a quick run: both enforce them)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from programmes.models import (
    WEIGHT_FIELDS,
    Application,
    ApplicationNote,
    Indicator,
    Programme,
    Role,
    SectorPreference,
    bounds_of,
)
from tests.factories import ApplicationFactory, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db


def refused_by_the_database(model, pk, **values) -> bool:
    try:
        with transaction.atomic():
            model.objects.filter(pk=pk).update(**values)
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize(
    "field, value",
    [
        ("weight_topics", 101),
        ("weight_sector", 101),
        ("checkin_cadence_days", 6),
        ("checkin_cadence_days", 366),
        ("default_mentor_capacity", 0),
        ("default_mentor_capacity", 6),
        ("min_group_size", 2),
        ("min_group_size", 1001),
    ],
)
def test_a_setting_out_of_bounds_is_refused_by_the_database(field, value):
    programme = ProgrammeFactory()
    assert refused_by_the_database(Programme, programme.pk, **{field: value})


def test_the_bounds_themselves_are_accepted_by_the_database():
    programme = ProgrammeFactory()
    values = {"weight_topics": 100, "checkin_cadence_days": 365, "default_mentor_capacity": 5}
    assert not refused_by_the_database(Programme, programme.pk, **values)


def test_all_weights_at_zero_are_refused_by_the_database():
    programme = ProgrammeFactory()
    assert refused_by_the_database(Programme, programme.pk, **dict.fromkeys(WEIGHT_FIELDS, 0))
    # One weight above zero is enough.
    zeros = dict.fromkeys(WEIGHT_FIELDS, 0) | {"weight_distance": 1}
    assert not refused_by_the_database(Programme, programme.pk, **zeros)


def test_all_weights_at_zero_are_refused_once_in_french_by_validation():
    programme = ProgrammeFactory.build(**dict.fromkeys(WEIGHT_FIELDS, 0))
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        programme.full_clean()
    assert error.value.messages == [
        "Au moins une pondération de l’appariement doit être supérieure à zéro."
    ]


def test_a_weight_above_100_is_a_field_error_in_french():
    programme = ProgrammeFactory.build(weight_topics=101)
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        programme.full_clean()
    assert list(error.value.message_dict) == ["weight_topics"]
    assert "100" in error.value.message_dict["weight_topics"][0]


def test_the_bounds_are_read_from_the_fields_validators():
    assert bounds_of(Programme._meta.get_field("weight_mode")) == (0, 100)
    assert bounds_of(Programme._meta.get_field("checkin_cadence_days")) == (7, 365)
    assert bounds_of(Application._meta.get_field("capacity")) == (1, 5)


def test_a_mentor_capacity_out_of_bounds_is_refused_by_the_database():
    application = ApplicationFactory(role=Role.MENTOR, capacity=2)
    assert refused_by_the_database(Application, application.pk, capacity=6)
    assert not refused_by_the_database(Application, application.pk, capacity=None)


@pytest.mark.parametrize(
    "model, field, limit",
    [
        (Application, "expectations", 2000),
        (Application, "offer", 2000),
        (Programme, "description", 5000),
        (Programme, "charter", 20000),
        (Indicator, "measure", 1000),
        (ApplicationNote, "text", 5000),
    ],
)
def test_a_free_text_over_its_limit_is_refused_by_the_database(model, field, limit):
    application = ApplicationFactory()
    objects = {
        Application: application,
        Programme: application.programme,
        Indicator: Indicator.objects.create(programme=application.programme, name="Taux"),
        ApplicationNote: ApplicationNote.objects.create(application=application, text="Vu"),
    }
    instance = objects[model]
    assert model._meta.get_field(field).max_length == limit
    assert not refused_by_the_database(model, instance.pk, **{field: "é" * limit})
    assert refused_by_the_database(model, instance.pk, **{field: "é" * (limit + 1)})


def test_a_free_text_over_its_limit_is_a_french_error_naming_the_field_and_the_limit():
    application = ApplicationFactory()
    application.expectations = "x" * 2001
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        application.full_clean()
    assert error.value.message_dict["expectations"] == [
        "attentes : 2000 caractères au plus (ici 2001)."
    ]


def test_an_objective_over_its_limit_is_refused_by_validation():
    programme = ProgrammeFactory.build(objectives=["Réussir", "x" * 1001])
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        programme.full_clean()
    assert error.value.message_dict["objectives"] == [
        "Objectifs : l’objectif 2 compte 1001 caractères ; chacun en a 1000 au plus."
    ]


def test_the_sector_preference_reads_in_its_own_context():
    with translation.override("fr"):
        assert str(SectorPreference.DIFFERENT.label) == "Secteur différent de préférence"


def test_a_person_is_named_by_their_full_name_else_their_email():
    assert UserFactory(first_name="Léa", last_name="Martin").display_name == "Léa Martin"
    nameless = UserFactory(first_name="", last_name="", email="sans.nom@exemple.fr")
    assert nameless.display_name == "sans.nom@exemple.fr" == str(nameless)
