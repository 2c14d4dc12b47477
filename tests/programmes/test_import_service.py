"""Importing participants into a programme: every sample file, idempotence, refusal without a
trace, identities by e-mail and organisation name, accounts and roles of imported people."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.imports import participants_import
from programmes.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    Membership,
    Organisation,
    Role,
)
from tests.factories import ApplicationFactory, OrganisationFactory, UserFactory, held_roles

from .recruitment_helpers import SAME_PEOPLE, SAMPLES, csv_file, programme_with_topics, row

pytestmark = pytest.mark.django_db


def run(programme, data: bytes, filename: str = "participants.csv", **kwargs):
    return participants_import(programme=programme, data=data, filename=filename, **kwargs)


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def database_state():
    return (
        get_user_model().objects.count(),
        Organisation.objects.count(),
        Application.objects.count(),
        Membership.objects.count(),
        Application.topics.through.objects.count(),
    )


@pytest.mark.parametrize("name", SAME_PEOPLE)
def test_every_sample_encoding_and_format_imports_the_same_27_people(name):
    programme = programme_with_topics()
    report = run(programme, sample(name), name)
    assert (report.created, report.updated, report.unchanged, report.errors) == (27, 0, 0, [])
    assert programme.applications.filter(role=Role.MENTOR).count() == 12
    assert programme.applications.filter(role=Role.MENTEE).count() == 15
    lea = Application.objects.get(user__email="lea.legrand@traiteurbrun.example")
    assert lea.user.first_name == "Léa"
    assert lea.organisation.name == "Traiteur Brun (Cosne-Cours-sur-Loire)"
    assert lea.capacity == 3
    assert lea.topics.count() == 4


def test_the_sample_files_are_the_same_people_so_the_others_change_nothing():
    programme = programme_with_topics()
    run(programme, sample(SAME_PEOPLE[0]), SAME_PEOPLE[0])
    for name in SAME_PEOPLE[1:]:
        report = run(programme, sample(name), name)
        assert (report.created, report.updated, report.unchanged) == (0, 0, 27), name


def test_the_same_file_twice_creates_nothing_new():
    programme = programme_with_topics()
    first = run(programme, sample("participants-demo.csv"))
    state = database_state()
    second = run(programme, sample("participants-demo.csv"))
    assert (first.created, first.unchanged) == (90, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 90)
    assert database_state() == state


def test_a_file_with_one_bad_row_is_refused_whole_and_writes_nothing():
    programme = programme_with_topics()
    state = database_state()
    report = run(programme, csv_file(row("a@exemple.fr"), row("b@exemple.fr"), row("jean@")))
    assert report.refused and not report.written
    assert [(p.line, p.column) for p in report.errors] == [(4, "email")]
    assert database_state() == state


def test_a_dry_run_counts_but_writes_nothing():
    programme = programme_with_topics()
    state = database_state()
    report = run(programme, sample("participants-comma.csv"), dry_run=True)
    assert (report.created, report.written) == (27, False)
    assert database_state() == state


def test_imported_people_get_an_account_without_password_nor_confirmed_address():
    programme = programme_with_topics()
    run(programme, csv_file(row("Jeanne.Martin@Exemple.fr")))
    person = get_user_model().objects.get(email="jeanne.martin@exemple.fr")
    assert not person.has_usable_password()
    address = EmailAddress.objects.get(user=person)
    assert (address.email, address.verified, address.primary) == (person.email, False, True)


def test_imported_applications_are_accepted_and_give_the_role_with_the_organisation():
    programme = programme_with_topics()
    run(programme, csv_file(row(role="mentor", capacite="2")))
    application = Application.objects.get()
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.source == ApplicationSource.IMPORT
    assert application.departement == "21"
    assert held_roles(application.user, programme) == {Role.MENTOR}
    assert programme.organisations.filter(pk=application.organisation_id).exists()


def test_a_person_is_identified_by_email_whatever_its_case_and_spaces():
    programme = programme_with_topics()
    existing = UserFactory(email="jeanne.martin@exemple.fr", first_name="Jeanne")
    report = run(programme, csv_file(row("  JEANNE.Martin@exemple.FR ")))
    assert report.created == 1  # a new application…
    assert get_user_model().objects.filter(email__iexact="jeanne.martin@exemple.fr").count() == 1
    assert Application.objects.get().user == existing  # …for the existing account


def test_an_organisation_is_identified_by_its_name_whatever_its_case_and_spaces():
    programme = programme_with_topics()
    existing = OrganisationFactory(name="Fromagerie Lucas", sector="", departement="")
    run(
        programme,
        csv_file(row("a@exemple.fr", organisation="  FROMAGERIE   lucas"), row("b@exemple.fr")),
    )
    assert Organisation.objects.count() == 1
    existing.refresh_from_db()
    # What the organisation lacked is filled in; its name stays as the coordinators wrote it.
    assert (existing.name, existing.sector, existing.departement) == (
        "Fromagerie Lucas",
        "Agroalimentaire",
        "21",
    )


def test_a_changed_row_updates_the_application_and_counts_as_updated():
    programme = programme_with_topics()
    run(programme, csv_file(row(fonction="Cheffe d'équipe", thematiques="Animer une équipe")))
    report = run(
        programme,
        csv_file(
            row(
                fonction="Responsable d'atelier",
                thematiques="Gestion des conflits|Dialogue social",
                organisation="Nouvelle Entreprise",
            )
        ),
    )
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    application = Application.objects.get()
    assert application.job_title == "Responsable d'atelier"
    assert application.organisation.name == "Nouvelle Entreprise"
    assert sorted(t.name for t in application.topics.all()) == [
        "Dialogue social",
        "Gestion des conflits",
    ]


def test_an_empty_cell_never_erases_what_is_known():
    programme = programme_with_topics()
    run(programme, csv_file(row(fonction="Cheffe d'équipe", anciennete="3")))
    report = run(programme, csv_file(row(fonction="", anciennete="", thematiques="")))
    assert report.unchanged == 1
    application = Application.objects.get()
    assert (application.job_title, application.experience_years) == ("Cheffe d'équipe", 3)
    assert application.topics.count() == 1


def test_a_role_change_changes_the_role_held_and_drops_the_mentor_capacity():
    programme = programme_with_topics()
    run(programme, csv_file(row(role="mentor", capacite="3")))
    run(programme, csv_file(row(role="mentore")))
    application = Application.objects.get()
    assert (application.role, application.capacity) == (Role.MENTEE, None)
    assert held_roles(application.user, programme) == {Role.MENTEE}


def test_an_import_never_overrides_a_review_decision():
    programme = programme_with_topics()
    person = UserFactory(email="jeanne.martin@exemple.fr")
    ApplicationFactory(
        programme=programme, user=person, status=ApplicationStatus.DECLINED, job_title="x"
    )
    report = run(programme, csv_file(row()))
    assert report.updated == 1
    application = Application.objects.get()
    assert application.status == ApplicationStatus.DECLINED
    assert application.source == ApplicationSource.FORM
    assert held_roles(person, programme) == set()


def test_topics_are_the_programme_s_own():
    programme = programme_with_topics(["Animer une équipe"])
    other = programme_with_topics(["Animer une équipe"])
    run(programme, csv_file(row()))
    assert Application.objects.get().topics.get().programme == programme
    assert not other.applications.exists()


def test_the_number_of_queries_does_not_grow_with_the_number_of_rows():
    # Lookups: people, organisations, applications, their topics, the programme's topics;
    # writes: one bulk insert per table (organisations, people, addresses, applications,
    # topics, roles), the programme's organisations (read then insert).
    def queries_for(count: int) -> int:
        programme = programme_with_topics()
        rows = [
            row(f"personne{i}-{count}@exemple.fr", organisation=f"Entreprise {i % 7}-{count}")
            for i in range(count)
        ]
        with CaptureQueriesContext(connection) as captured:
            report = run(programme, csv_file(*rows))
        assert report.created == count
        return len(captured)

    few, many = queries_for(5), queries_for(60)
    # Only the database's insert batches may add a query (SQLite takes 999 parameters at once).
    assert many - few <= 3, (few, many)


def test_a_second_import_compares_topics_of_the_right_applications():
    # Accounts and applications numbered differently, as in any real database.
    UserFactory.create_batch(5)
    programme = programme_with_topics()
    ApplicationFactory.create_batch(3)
    first = csv_file(
        row("a@exemple.fr", thematiques="Dialogue social"),
        row("b@exemple.fr", thematiques="Gestion des conflits"),
    )
    run(programme, first)
    report = run(programme, first)
    assert (report.updated, report.unchanged) == (0, 2)
    report = run(
        programme,
        csv_file(
            row("a@exemple.fr", thematiques="Dialogue social"),
            row("b@exemple.fr", thematiques="Dialogue social"),
        ),
    )
    assert (report.updated, report.unchanged) == (1, 1)
    b = Application.objects.get(user__email="b@exemple.fr")
    assert [t.name for t in b.topics.all()] == ["Dialogue social"]


def test_a_programme_created_from_defaults_accepts_every_sample_file_as_it_is():
    from programmes.services import programme_create

    programme = programme_create(by=UserFactory(is_staff=True), name="Défauts", slug="defauts")
    for name in ["participants-demo.csv", *SAME_PEOPLE]:
        report = run(programme, sample(name), name, dry_run=True)
        assert report.errors == [], name


def test_an_import_never_renames_an_existing_account():
    programme = programme_with_topics()
    staff = UserFactory(
        email="agnes.equipe@aract.example", first_name="Agnès", last_name="Équipe", is_staff=True
    )
    renaming = csv_file(row("agnes.equipe@aract.example", prenom="Pirate", nom="Renommée"))
    report = run(programme, renaming)
    assert report.created == 1  # her application in this programme, not a new account
    staff.refresh_from_db()
    assert (staff.first_name, staff.last_name) == ("Agnès", "Équipe")

    # The same row again differs from the database only by the account's names: unchanged.
    again = run(programme, renaming, dry_run=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_an_import_fills_the_names_an_existing_account_lacks_and_counts_it_as_updated():
    programme = programme_with_topics()
    run(programme, csv_file(row("sans.nom@exemple.fr")))
    get_user_model().objects.filter(email="sans.nom@exemple.fr").update(last_name="")
    report = run(programme, csv_file(row("sans.nom@exemple.fr", prenom="Autre", nom="Martin")))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    user = get_user_model().objects.get(email="sans.nom@exemple.fr")
    assert (user.first_name, user.last_name) == ("Jeanne", "Martin")
