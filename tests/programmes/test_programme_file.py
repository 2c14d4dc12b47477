"""The programme file: reading and checking files, round trips, imports, and the pages."""

import dataclasses
import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from programmes.defaults import DEFAULT_CHARTER, DEFAULT_INDICATORS, DEFAULT_OBJECTIVES
from programmes.models import Phase, PhaseDates, Programme, Role, Topic
from programmes.programme_file import (
    MAX_FILE_BYTES,
    ProgrammeTemplate,
    TemplateError,
    template_dumps,
    template_from_data,
    template_of_programme,
    template_parse,
    template_to_data,
)
from programmes.services import programme_create, programme_file_import
from tests.factories import ApplicationFactory, MembershipFactory, UserFactory

MINIMAL = {"slug": "mentorat-jura", "name": "Mentorat Jura", "topics": ["Animer une équipe"]}


def problems(data) -> list[str]:
    with pytest.raises(TemplateError) as error:
        template_from_data(data)
    return error.value.errors


def configured(programme: Programme) -> dict:
    """Everything a template carries, read back from the database, minus the slug."""
    data = template_to_data(template_of_programme(Programme.objects.get(pk=programme.pk)))
    del data["slug"]
    return data


# --- Reading files (no database) ---


def test_the_minimal_file_takes_every_default():
    template = template_from_data(MINIMAL)
    assert template.topics == ("Animer une équipe",)
    assert template.objectives == tuple(DEFAULT_OBJECTIVES)
    assert [i.name for i in template.indicators] == [name for name, _m, _t in DEFAULT_INDICATORS]
    assert template.charter == DEFAULT_CHARTER
    assert (template.min_group_size, template.checkin_cadence_days) == (5, 30)
    assert template.calendar == ()


def test_a_written_template_reads_back_identical():
    template = template_from_data(
        MINIMAL
        | {
            "calendar": [
                {"phase": "matching", "starts_on": "2027-03-01", "ends_on": None},
                {"phase": "recruitment", "starts_on": "2027-01-11", "ends_on": "2027-02-26"},
            ],
            "matching": {"weights": {"topics": 60}, "proximity_required": False},
            "min_group_size": 7,
        }
    )
    assert template_parse(template_dumps(template)) == template
    # The calendar is kept in the lifecycle's order, whatever the order of the file.
    assert [p.phase for p in template.calendar] == ["recruitment", "matching"]
    assert template.weight_topics == 60 and template.weight_experience == 20


def test_a_missing_required_field_is_reported_with_its_path():
    assert problems({"slug": "x", "topics": ["A"]}) == ["name : ce champ est obligatoire"]


def test_an_indicator_without_a_name_is_reported_with_its_index():
    data = MINIMAL | {"indicators": [{"name": "A"}, {"name": "B"}, {"measure": "sans nom"}]}
    assert problems(data) == ["indicators[2].name : ce champ est obligatoire"]


def test_every_problem_of_a_file_is_reported_at_once():
    data = {
        "slug": "Pas Un Slug",
        "name": 12,
        "topics": "Animer",
        "checkin_cadence_days": "30",
        "matching": {"weights": {"topics": True}, "sector_preference": "proche"},
    }
    errors = problems(data)
    assert len(errors) == 6
    assert errors[0].startswith("slug : ")
    assert "name : doit être un texte entre guillemets" in errors
    assert "topics : doit être une liste entre crochets [ ]" in errors
    assert "checkin_cadence_days : doit être un nombre entier, sans guillemets" in errors
    assert "matching.weights.topics : doit être un nombre entier, sans guillemets" in errors
    assert any(e.startswith("matching.sector_preference : valeur inconnue") for e in errors)


def test_a_slug_taken_by_a_page_is_refused():
    assert problems(MINIMAL | {"slug": "nouveau"}) == [
        "slug : réservé par la plateforme : choisissez un autre nom court"
    ]


def test_k_below_3_is_refused():
    assert problems(MINIMAL | {"min_group_size": 2}) == ["min_group_size : doit valoir au moins 3"]


def test_an_unknown_phase_is_refused_with_the_known_ones():
    errors = problems(MINIMAL | {"calendar": [{"phase": "vacances", "starts_on": "2027-07-01"}]})
    assert errors == [
        'calendar[0].phase : valeur inconnue "vacances" ; valeurs possibles : recruitment, '
        "matching, running, closing, evaluation"
    ]


def test_a_bad_date_and_a_phase_ending_before_it_starts_are_refused():
    errors = problems(
        MINIMAL
        | {
            "calendar": [
                {"phase": "recruitment", "starts_on": "11/01/2027"},
                {"phase": "matching", "starts_on": "2027-03-01", "ends_on": "2027-02-01"},
            ]
        }
    )
    assert errors[0].startswith("calendar[0].starts_on : doit être une date écrite AAAA-MM-JJ")
    assert errors[1] == "calendar[1].ends_on : la phase se termine avant de commencer"


def test_the_same_topic_twice_is_refused():
    errors = problems(MINIMAL | {"topics": ["Télétravail", " télétravail"]})
    assert errors == ["topics[1] : « télétravail » figure déjà en topics[0]"]


def test_personal_data_keys_are_unknown_to_the_format():
    errors = problems(MINIMAL | {"coordinators": ["claire@aract.example"], "organisations": []})
    assert len(errors) == 2
    assert errors[0].startswith("coordinators : clé inconnue")


def test_an_unsupported_format_version_is_refused():
    assert problems(MINIMAL | {"format_version": 2}) == [
        "format_version : la version 2 du format n’est pas prise en charge ; "
        "cette plateforme lit la version 1"
    ]


@pytest.mark.parametrize(
    "raw,message",
    [
        (b"\xff\xfe\x00n\x00o", "n’est pas un texte UTF-8"),
        (b"email;prenom;nom\na@b.fr;A;B\n", "n’est pas du JSON valide (ligne 1, colonne 1)"),
        (b'{"slug": "a",', "n’est pas du JSON valide"),
        (b"[1, 2]", "un seul objet JSON"),
    ],
)
def test_a_file_that_is_not_a_template_is_refused_in_french(raw, message):
    with pytest.raises(TemplateError) as error:
        template_parse(raw)
    assert message in error.value.errors[0]


def test_an_oversized_file_is_refused_before_reading_it():
    with pytest.raises(TemplateError) as error:
        template_parse(json.dumps(MINIMAL | {"description": "x" * MAX_FILE_BYTES}).encode())
    assert "trop volumineux" in error.value.errors[0]
    assert "la limite est de 1024 Ko" in error.value.errors[0]


def test_a_utf8_file_with_a_byte_order_mark_is_read():
    assert template_parse(b"\xef\xbb\xbf" + json.dumps(MINIMAL).encode()).slug == "mentorat-jura"


# --- Importing ---


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True)


def rich_programme(staff) -> Programme:
    programme = programme_create(by=staff, name="Mentorat BFC", slug="mentorat-bfc")
    programme.description = "Pour les managers de la région."
    programme.min_group_size = 8
    programme.weight_sector = 0
    programme.sector_preference = "same"
    programme.save()
    PhaseDates.objects.create(
        programme=programme, phase=Phase.RECRUITMENT, starts_on=datetime.date(2027, 1, 11)
    )
    return programme


def test_export_then_import_under_a_new_slug_gives_the_same_configuration(staff):
    original = rich_programme(staff)
    template = template_parse(
        template_dumps(template_of_programme(original)).replace(
            '"slug": "mentorat-bfc"', '"slug": "mentorat-grand-est"'
        )
    )
    copy, created = programme_file_import(template=template, by=staff)
    assert created and copy.slug == "mentorat-grand-est" and copy.pk != original.pk
    assert configured(copy) == configured(original)


def test_the_minimal_file_creates_a_usable_programme(staff):
    programme, created = programme_file_import(template=template_from_data(MINIMAL), by=staff)
    assert created
    assert programme.current_phase == Phase.SETUP
    assert list(programme.topics.values_list("name", flat=True)) == ["Animer une équipe"]
    assert programme.indicators.count() == len(DEFAULT_INDICATORS)
    assert programme.charter == DEFAULT_CHARTER


def test_a_file_whose_slug_exists_updates_that_programme_and_keeps_people_and_phase(staff):
    programme = rich_programme(staff)
    programme.current_phase = Phase.RECRUITMENT
    programme.save()
    coordinator = MembershipFactory(programme=programme, role=Role.COORDINATOR)
    kept = Topic.objects.get(programme=programme, name="Animer une équipe")
    ApplicationFactory(programme=programme).topics.add(kept)
    updated, created = programme_file_import(
        template=template_from_data(MINIMAL | {"slug": "mentorat-bfc", "name": "Nouveau nom"}),
        by=staff,
    )
    assert not created and updated.pk == programme.pk
    programme.refresh_from_db()
    assert programme.name == "Nouveau nom"
    assert programme.current_phase == Phase.RECRUITMENT
    assert programme.min_group_size == 5
    assert list(programme.topics.all()) == [kept]
    assert programme.memberships.filter(pk=coordinator.pk).exists()
    assert not programme.calendar.exists()


def test_an_update_that_would_drop_a_chosen_topic_writes_nothing(staff):
    programme = rich_programme(staff)
    chosen = Topic.objects.get(programme=programme, name="Gestion des conflits")
    ApplicationFactory(programme=programme).topics.add(chosen)
    before = configured(programme)
    template = template_from_data(MINIMAL | {"slug": "mentorat-bfc", "name": "Changé"})
    with pytest.raises(TemplateError) as error:
        programme_file_import(template=template, by=staff)
    assert error.value.errors[0].startswith("topics : ")
    assert "Gestion des conflits" in error.value.errors[0]
    assert configured(programme) == before


def test_importing_into_a_given_programme_ignores_the_files_slug(staff):
    programme = rich_programme(staff)
    template = template_from_data(MINIMAL | {"slug": "autre-region"})
    imported, created = programme_file_import(template=template, by=staff, programme=programme)
    assert (imported.pk, created, imported.slug) == (programme.pk, False, "mentorat-bfc")
    assert not Programme.objects.filter(slug="autre-region").exists()


def test_the_export_carries_no_personal_data(staff):
    programme = rich_programme(staff)
    person = MembershipFactory(programme=programme, role=Role.COORDINATOR).user
    application = ApplicationFactory(programme=programme)
    content = template_dumps(template_of_programme(programme))
    for secret in (
        person.email,
        person.last_name,
        application.user.email,
        application.organisation.name,
    ):
        assert secret not in content
    assert set(json.loads(content)) == {
        "format_version",
        "slug",
        "name",
        "description",
        "objectives",
        "topics",
        "indicators",
        "calendar",
        "charter",
        "checkin_cadence_days",
        "default_mentor_capacity",
        "matching",
        "min_group_size",
        "followup",
    }


def test_the_template_dataclass_needs_only_slug_name_and_topics():
    assert ProgrammeTemplate(slug="a", name="A", topics=("T",)).min_group_size == 5


# --- Pages ---


def upload(data, name="programme.json") -> SimpleUploadedFile:
    content = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SimpleUploadedFile(name, content, content_type="application/json")


def test_a_coordinator_downloads_the_template_of_their_programme(client, personas):
    client.force_login(personas.coordinator)
    response = client.get(reverse("programmes:setup_export", args=[personas.programme.slug]))
    assert response["Content-Type"].startswith("application/json")
    assert 'filename="programme-test.json"' in response["Content-Disposition"]
    assert json.loads(response.content)["slug"] == "programme-test"


def test_a_coordinator_uploads_a_template_into_their_programme(client, personas):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("programmes:setup_import", args=[personas.programme.slug]),
        {"file": upload(MINIMAL)},
    )
    assert response["Location"] == personas.programme.get_absolute_url()
    personas.programme.refresh_from_db()
    assert personas.programme.name == "Mentorat Jura"
    assert personas.programme.slug == "programme-test"


def test_a_bad_upload_lists_its_problems_in_french_and_changes_nothing(client, personas):
    client.force_login(personas.coordinator)
    data = MINIMAL | {"indicators": [{"target": "10"}], "min_group_size": 1}
    response = client.post(
        reverse("programmes:setup_import", args=[personas.programme.slug]), {"file": upload(data)}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "indicators[0].name : ce champ est obligatoire" in page
    assert "min_group_size : doit valoir au moins 3" in page
    personas.programme.refresh_from_db()
    assert personas.programme.name == "Programme de test"


def test_an_upload_that_is_not_json_is_refused(client, personas):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("programmes:setup_import", args=[personas.programme.slug]),
        {"file": upload(b"email;nom\n", name="participants.csv")},
    )
    assert "Choisissez un fichier .json" in response.content.decode()


def test_an_oversized_upload_is_refused(client, personas):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("programmes:setup_import", args=[personas.programme.slug]),
        {"file": upload(MINIMAL | {"description": "x" * MAX_FILE_BYTES})},
    )
    assert "trop volumineux" in response.content.decode()
    personas.programme.refresh_from_db()
    assert personas.programme.name == "Programme de test"


def test_staff_create_a_programme_from_an_uploaded_template(client, personas):
    client.force_login(personas.staff)
    response = client.post(reverse("programmes:template_import"), {"file": upload(MINIMAL)})
    programme = Programme.objects.get(slug="mentorat-jura")
    assert response["Location"] == programme.get_absolute_url()


@pytest.mark.parametrize("persona", ["coordinator", "referent", "mentee", "outsider"])
def test_only_staff_use_the_page_that_creates_from_a_template(client, personas, persona):
    client.force_login(getattr(personas, persona))
    response = client.post(reverse("programmes:template_import"), {"file": upload(MINIMAL)})
    assert response.status_code == 403
    assert not Programme.objects.filter(slug="mentorat-jura").exists()


@pytest.mark.parametrize("persona,status", [("referent", 403), ("mentor", 403), ("outsider", 404)])
def test_other_roles_cannot_download_or_upload_templates(client, personas, persona, status):
    client.force_login(getattr(personas, persona))
    slug = personas.programme.slug
    assert client.get(reverse("programmes:setup_export", args=[slug])).status_code == status
    response = client.post(
        reverse("programmes:setup_import", args=[slug]), {"file": upload(MINIMAL)}
    )
    assert response.status_code == status
    personas.programme.refresh_from_db()
    assert personas.programme.name == "Programme de test"


# --- Bounds are the model's; hostile files ---


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {"matching": {"weights": {"topics": 101}}},
            "matching.weights.topics : doit valoir au plus 100",
        ),
        ({"checkin_cadence_days": 366}, "checkin_cadence_days : doit valoir au plus 365"),
        ({"checkin_cadence_days": 6}, "checkin_cadence_days : doit valoir au moins 7"),
        ({"default_mentor_capacity": 6}, "default_mentor_capacity : doit valoir au plus 5"),
        ({"min_group_size": 1001}, "min_group_size : doit valoir au plus 1000"),
        ({"charter": "x" * 20001}, "charter : 20000 caractères au plus (ici 20001)"),
        ({"description": "x" * 5001}, "description : 5000 caractères au plus (ici 5001)"),
        (
            {"indicators": [{"name": "Taux", "measure": "x" * 1001}]},
            "indicators[0].measure : 1000 caractères au plus (ici 1001)",
        ),
        (
            {
                "matching": {
                    "weights": dict.fromkeys(
                        ("topics", "experience", "mode", "distance", "sector"), 0
                    )
                }
            },
            "matching.weights : Au moins une pondération de l’appariement doit être "
            "supérieure à zéro.",
        ),
    ],
)
def test_a_value_outside_the_models_bounds_is_refused_naming_its_key(changes, message):
    assert problems(MINIMAL | changes) == [message]


def test_the_defaults_of_the_file_are_the_models():
    template = template_from_data(MINIMAL)
    for field in ("checkin_cadence_days", "weight_topics", "min_group_size", "sector_preference"):
        assert getattr(template, field) == Programme._meta.get_field(field).get_default()


DEEP = b"[" * 100_000


def test_a_deeply_nested_file_is_refused_in_french():
    with pytest.raises(TemplateError) as error:
        template_parse(DEEP)
    assert "plus de 10 niveaux" in error.value.errors[0]


def test_a_deeply_nested_upload_is_a_french_message_not_a_500(client, personas):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("programmes:setup_import", args=[personas.programme.slug]), {"file": upload(DEEP)}
    )
    assert response.status_code == 200
    assert "plus de 10 niveaux" in response.content.decode()


def test_a_deeply_nested_file_is_refused_by_the_command_in_french(db, tmp_path):
    path = tmp_path / "deep.json"
    path.write_bytes(DEEP)
    with pytest.raises(CommandError, match="plus de 10 niveaux"):
        call_command("import_programme", str(path))
    assert not Programme.objects.exists()


def test_brackets_inside_texts_do_not_count_as_nesting():
    template = template_parse(json.dumps(MINIMAL | {"description": "[" * 50 + "{" * 50}))
    assert template.description.startswith("[[[")


def test_an_import_that_the_model_refuses_changes_nothing(staff):
    programme = programme_create(by=staff, name="Existant", slug="existant")
    template = template_from_data(MINIMAL)
    # A programme file read elsewhere may still be refused at saving: the model decides.
    bad = dataclasses.replace(template, weight_topics=101)
    with pytest.raises(TemplateError) as error:
        programme_file_import(template=bad, by=staff, programme=programme)
    assert error.value.errors == [
        "matching.weights.topics : Assurez-vous que cette valeur est inférieure ou égale à 100."
    ]
    programme.refresh_from_db()
    assert (programme.name, programme.weight_topics) == ("Existant", 40)
