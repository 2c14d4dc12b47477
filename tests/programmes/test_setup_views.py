"""The programme setup pages: who may open them, and what each step saves."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.defaults import DEFAULT_TOPICS
from programmes.models import Phase, PhaseDates, Programme, Role, Topic
from tests.factories import ApplicationFactory, MembershipFactory, OrganisationFactory, UserFactory

MANAGE_PAGES = [
    "setup_general",
    "setup_calendar",
    "setup_topics",
    "setup_indicators",
    "setup_charter",
    "setup_matching",
    "setup_reports",
    "setup_organisations",
    "setup_export",
    "setup_import",
    "organisations",
    "organisation_create",
]


def url(name: str, programme, **kwargs) -> str:
    return reverse(f"programmes:{name}", kwargs={"slug": programme.slug, **kwargs})


def as_user(client, user):
    client.force_login(user)
    return client


# --- Who may open the setup pages ---


@pytest.mark.parametrize("page", MANAGE_PAGES)
@pytest.mark.parametrize("persona", ["staff", "coordinator"])
def test_staff_and_coordinators_open_every_setup_page(client, personas, page, persona):
    response = as_user(client, getattr(personas, persona)).get(url(page, personas.programme))
    assert response.status_code == 200


@pytest.mark.parametrize("page", MANAGE_PAGES)
@pytest.mark.parametrize("persona", ["referent", "mentor", "mentee"])
def test_other_roles_of_the_programme_are_refused_the_setup_pages(client, personas, page, persona):
    response = as_user(client, getattr(personas, persona)).get(url(page, personas.programme))
    assert response.status_code == 403


@pytest.mark.parametrize("page", MANAGE_PAGES)
def test_an_outsider_cannot_even_learn_that_the_programme_exists(client, personas, page):
    response = as_user(client, personas.outsider).get(url(page, personas.programme))
    assert response.status_code == 404


@pytest.mark.parametrize("page", MANAGE_PAGES)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, personas, page):
    response = client.get(url(page, personas.programme))
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")


@pytest.mark.parametrize(
    "persona,status",
    [
        ("staff", 200),
        ("coordinator", 200),
        ("referent", 200),
        ("mentor", 200),
        ("mentee", 200),
        ("outsider", 404),
    ],
)
def test_the_overview_is_open_to_every_role_of_the_programme(client, personas, persona, status):
    response = as_user(client, getattr(personas, persona)).get(url("detail", personas.programme))
    assert response.status_code == status


def test_the_overview_shows_setup_links_only_to_those_who_manage(client, personas):
    setup_link = url("setup_general", personas.programme)
    managed = as_user(client, personas.coordinator).get(url("detail", personas.programme))
    assert setup_link in managed.content.decode()
    client.logout()
    seen_by_mentee = as_user(client, personas.mentee).get(url("detail", personas.programme))
    page = seen_by_mentee.content.decode()
    assert setup_link not in page
    assert "Pondérations" not in page


def test_the_overview_summarises_the_setup_for_a_coordinator(client, personas):
    programme = personas.programme
    Topic.objects.create(programme=programme, name="Animer une équipe")
    PhaseDates.objects.create(
        programme=programme,
        phase=Phase.RECRUITMENT,
        starts_on=datetime.date(2027, 1, 11),
        ends_on=datetime.date(2027, 2, 26),
    )
    programme.organisations.add(personas.organisation)
    page = as_user(client, personas.coordinator).get(url("detail", programme)).content.decode()
    assert "Animer une équipe" in page
    assert "11 janvier 2027" in page
    assert "Fromagerie Test" in page
    assert "coordination@exemple.fr" in page or personas.coordinator.get_full_name() in page


def test_the_overview_gives_each_indicator_and_its_target_as_one_french_sentence(client, personas):
    from programmes.models import Indicator

    Indicator.objects.create(programme=personas.programme, name="Binômes actifs", target="≥ 80 %")
    Indicator.objects.create(programme=personas.programme, name="Sans cible", target="")
    as_user(client, personas.coordinator)
    page = client.get(url("detail", personas.programme)).content.decode()
    assert "<li>Binômes actifs – cible : ≥ 80 %</li>" in page
    assert "<li>Sans cible</li>" in page
    # One sentence for translators, not "target:" glued to a value: the catalogue has it whole.
    from django.utils import translation

    with translation.override("fr"):
        sentence = translation.gettext("%(name)s – target: %(target)s")
    assert sentence == "%(name)s – cible : %(target)s"


def test_the_overview_query_count_does_not_grow_with_topics_and_organisations(client, personas):
    """Queries: session, user, programme, roles of the user (then cached for the navigation),
    calendar, topics, indicators, participating organisations, coordinators with their user."""
    programme = personas.programme
    as_user(client, personas.coordinator)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("detail", programme)).status_code == 200
        return len(queries)

    Topic.objects.bulk_create(Topic(programme=programme, name=f"Sujet {i}") for i in range(2))
    programme.organisations.add(*OrganisationFactory.create_batch(2))
    few = count()
    Topic.objects.bulk_create(Topic(programme=programme, name=f"Thème {i}") for i in range(20))
    programme.organisations.add(*OrganisationFactory.create_batch(20))
    MembershipFactory.create_batch(5, programme=programme, role=Role.COORDINATOR)
    assert count() == few


# --- Creation ---


def test_staff_create_a_programme_from_defaults_and_land_on_the_first_step(client, personas):
    response = as_user(client, personas.staff).post(
        reverse("programmes:create"),
        {"name": "Mentorat Jura 2027", "slug": "mentorat-jura-2027", "description": ""},
    )
    programme = Programme.objects.get(slug="mentorat-jura-2027")
    assert response["Location"] == url("setup_general", programme)
    assert programme.topics.count() == len(DEFAULT_TOPICS)
    assert programme.indicators.exists()
    assert "Confidentialité" in programme.charter
    assert programme.current_phase == Phase.SETUP


@pytest.mark.parametrize("persona", ["coordinator", "referent", "mentor", "mentee", "outsider"])
def test_only_staff_may_create_a_programme(client, personas, persona):
    response = as_user(client, getattr(personas, persona)).post(
        reverse("programmes:create"), {"name": "Pirate", "slug": "pirate"}
    )
    assert response.status_code == 403
    assert not Programme.objects.filter(slug="pirate").exists()


# --- Step 1: general ---


def test_the_general_step_saves_name_description_and_one_objective_per_line(client, personas):
    programme = personas.programme
    response = as_user(client, personas.coordinator).post(
        url("setup_general", programme),
        {
            "name": "  Mentorat   Doubs 2027 ",
            "description": "Pour les managers du Doubs.",
            "objectives": "Premier objectif\n\n  Second objectif  \n",
        },
    )
    assert response["Location"] == url("setup_calendar", programme)
    programme.refresh_from_db()
    assert programme.name == "Mentorat Doubs 2027"
    assert programme.objectives == ["Premier objectif", "Second objectif"]


def test_the_general_step_refuses_an_empty_name_in_french(client, personas):
    response = as_user(client, personas.coordinator).post(
        url("setup_general", personas.programme), {"name": "", "objectives": ""}
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    personas.programme.refresh_from_db()
    assert personas.programme.name == "Programme de test"


# --- Step 2: calendar and phase ---


def calendar_data(**dates) -> dict:
    phases = ["recruitment", "matching", "running", "closing", "evaluation"]
    data = {
        "calendar-TOTAL_FORMS": "5",
        "calendar-INITIAL_FORMS": "5",
        "calendar-MIN_NUM_FORMS": "0",
        "calendar-MAX_NUM_FORMS": "5",
    }
    for i, phase in enumerate(phases):
        starts, ends = dates.get(phase, ("", ""))
        data |= {
            f"calendar-{i}-phase": phase,
            f"calendar-{i}-starts_on": starts,
            f"calendar-{i}-ends_on": ends,
        }
    return data


def test_the_calendar_step_saves_the_dates_of_the_phases(client, personas):
    programme = personas.programme
    response = as_user(client, personas.coordinator).post(
        url("setup_calendar", programme),
        calendar_data(
            recruitment=("2027-01-11", "2027-02-26"), matching=("2027-03-01", "2027-03-15")
        ),
    )
    assert response["Location"] == url("setup_topics", programme)
    dates = {d.phase: (d.starts_on, d.ends_on) for d in programme.calendar.all()}
    assert dates == {
        "recruitment": (datetime.date(2027, 1, 11), datetime.date(2027, 2, 26)),
        "matching": (datetime.date(2027, 3, 1), datetime.date(2027, 3, 15)),
    }


def test_the_calendar_step_refuses_a_phase_that_ends_before_it_starts(client, personas):
    response = as_user(client, personas.coordinator).post(
        url("setup_calendar", personas.programme),
        calendar_data(recruitment=("2027-02-26", "2027-01-11")),
    )
    assert response.status_code == 200
    assert "La date de fin est antérieure à la date de début." in response.content.decode()
    assert not personas.programme.calendar.exists()


def test_the_calendar_step_refuses_phases_out_of_order(client, personas):
    response = as_user(client, personas.coordinator).post(
        url("setup_calendar", personas.programme),
        calendar_data(recruitment=("2027-03-01", ""), matching=("2027-01-01", "")),
    )
    assert "commence avant" in response.content.decode()
    assert not personas.programme.calendar.exists()


def test_moving_to_another_phase_asks_for_confirmation_first(client, personas):
    programme = personas.programme
    page = as_user(client, personas.coordinator).get(
        url("setup_phase", programme, phase="recruitment")
    )
    assert page.status_code == 200
    assert "Recrutement" in page.content.decode()
    programme.refresh_from_db()
    assert programme.current_phase == Phase.SETUP
    response = client.post(url("setup_phase", programme, phase="recruitment"))
    assert response["Location"] == url("detail", programme)
    programme.refresh_from_db()
    assert programme.current_phase == Phase.RECRUITMENT


def test_an_unknown_phase_is_not_found(client, personas):
    response = as_user(client, personas.coordinator).post(
        url("setup_phase", personas.programme, phase="vacances")
    )
    assert response.status_code == 404


@pytest.mark.parametrize("persona,status", [("referent", 403), ("mentee", 403), ("outsider", 404)])
def test_only_those_who_manage_change_the_phase(client, personas, persona, status):
    response = as_user(client, getattr(personas, persona)).post(
        url("setup_phase", personas.programme, phase="recruitment")
    )
    assert response.status_code == status
    personas.programme.refresh_from_db()
    assert personas.programme.current_phase == Phase.SETUP


# --- Step 3: topics ---


def topics_data(rows: list[tuple]) -> dict:
    """rows: (id or "", name, order, delete)"""
    data = {
        "topics-TOTAL_FORMS": str(len(rows)),
        "topics-INITIAL_FORMS": str(sum(1 for r in rows if r[0])),
        "topics-MIN_NUM_FORMS": "0",
        "topics-MAX_NUM_FORMS": "1000",
    }
    for i, (pk, name, order, delete) in enumerate(rows):
        data |= {f"topics-{i}-id": pk, f"topics-{i}-name": name, f"topics-{i}-ORDER": order}
        if delete:
            data[f"topics-{i}-DELETE"] = "on"
    return data


def test_the_topics_step_renames_reorders_adds_and_removes(client, personas):
    programme = personas.programme
    a = Topic.objects.create(programme=programme, name="A", position=0)
    b = Topic.objects.create(programme=programme, name="B", position=1)
    c = Topic.objects.create(programme=programme, name="C", position=2)
    response = as_user(client, personas.coordinator).post(
        url("setup_topics", programme),
        topics_data(
            [
                (a.pk, "A renommé", "3", False),
                (b.pk, "B", "1", False),
                (c.pk, "C", "2", True),
                ("", "Nouveau", "", False),
                ("", "", "", False),
            ]
        ),
    )
    assert response["Location"] == url("setup_indicators", programme)
    assert list(programme.topics.values_list("name", flat=True)) == ["B", "A renommé", "Nouveau"]
    assert Topic.objects.filter(pk=a.pk, name="A renommé").exists()


def test_a_topic_chosen_in_applications_cannot_be_removed(client, personas):
    programme = personas.programme
    used = Topic.objects.create(programme=programme, name="Gestion des conflits")
    application = ApplicationFactory(programme=programme, organisation=personas.organisation)
    application.topics.add(used)
    response = as_user(client, personas.coordinator).post(
        url("setup_topics", programme), topics_data([(used.pk, "Gestion des conflits", "1", True)])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "ne peuvent pas être retirées" in page
    assert "Gestion des conflits" in page
    assert Topic.objects.filter(pk=used.pk).exists()


def test_the_same_topic_twice_is_refused(client, personas):
    response = as_user(client, personas.coordinator).post(
        url("setup_topics", personas.programme),
        topics_data([("", "Télétravail", "", False), ("", "télétravail ", "", False)]),
    )
    assert "apparaît deux fois" in response.content.decode()
    assert not personas.programme.topics.exists()


def test_a_topic_of_another_programme_cannot_be_renamed_through_this_one(client, personas):
    other = Topic.objects.create(
        programme=Programme.objects.create(name="Autre", slug="autre"), name="Secret"
    )
    response = as_user(client, personas.coordinator).post(
        url("setup_topics", personas.programme), topics_data([(other.pk, "Volé", "1", False)])
    )
    assert response.status_code == 200
    other.refresh_from_db()
    assert other.name == "Secret"


# --- Step 4: indicators ---


def test_the_indicators_step_saves_the_list_in_order(client, personas):
    programme = personas.programme
    old = programme.indicators.create(name="Ancien", position=0)
    data = {
        "indicators-TOTAL_FORMS": "2",
        "indicators-INITIAL_FORMS": "1",
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "1000",
        "indicators-0-id": old.pk,
        "indicators-0-name": "Ancien",
        "indicators-0-ORDER": "2",
        "indicators-0-DELETE": "on",
        "indicators-1-id": "",
        "indicators-1-name": "Binômes actifs",
        "indicators-1-measure": "Part des binômes qui se rencontrent",
        "indicators-1-target": "≥ 80 %",
        "indicators-1-ORDER": "1",
    }
    response = as_user(client, personas.coordinator).post(url("setup_indicators", programme), data)
    assert response["Location"] == url("setup_charter", programme)
    assert list(programme.indicators.values_list("name", "target")) == [
        ("Binômes actifs", "≥ 80 %")
    ]


# --- Steps 5 to 7: charter, matching, reports ---


# The follow-up's thresholds, on the same step (tests/followup/test_dashboard_settings.py).
FOLLOWUP_THRESHOLDS = {
    "meeting_rhythm_days": "30",
    "attention_after_weeks": "6",
    "alert_after_weeks": "10",
    "charter_within_days": "14",
}


def test_the_charter_step_saves_the_charter_cadence_and_capacity(client, personas):
    programme = personas.programme
    response = as_user(client, personas.coordinator).post(
        url("setup_charter", programme),
        {
            "charter": "Notre charte",
            "checkin_cadence_days": "14",
            "default_mentor_capacity": "3",
            **FOLLOWUP_THRESHOLDS,
        },
    )
    assert response["Location"] == url("setup_matching", programme)
    programme.refresh_from_db()
    assert (programme.charter, programme.checkin_cadence_days) == ("Notre charte", 14)
    assert programme.default_mentor_capacity == 3


def test_the_charter_step_refuses_a_cadence_under_a_week(client, personas):
    response = as_user(client, personas.coordinator).post(
        url("setup_charter", personas.programme),
        {"charter": "x", "checkin_cadence_days": "3", "default_mentor_capacity": "2"},
    )
    assert "supérieure ou égale à 7" in response.content.decode()
    personas.programme.refresh_from_db()
    assert personas.programme.checkin_cadence_days == 30


def matching_data(**changes) -> dict:
    data = {
        "weight_topics": "50",
        "weight_experience": "10",
        "weight_mode": "10",
        "weight_distance": "20",
        "weight_sector": "10",
        "sector_preference": "same",
        "proximity_required": "",
    }
    return data | changes


def test_the_matching_step_saves_weights_sector_and_proximity(client, personas):
    programme = personas.programme
    response = as_user(client, personas.coordinator).post(
        url("setup_matching", programme), matching_data()
    )
    assert response["Location"] == url("setup_reports", programme)
    programme.refresh_from_db()
    assert (programme.weight_topics, programme.weight_distance) == (50, 20)
    assert programme.sector_preference == "same"
    assert programme.proximity_required is False


def test_the_matching_step_refuses_all_weights_at_zero(client, personas):
    zeros = {f"weight_{w}": "0" for w in ("topics", "experience", "mode", "distance", "sector")}
    response = as_user(client, personas.coordinator).post(
        url("setup_matching", personas.programme), matching_data(**zeros)
    )
    assert "Au moins une pondération" in response.content.decode()
    personas.programme.refresh_from_db()
    assert personas.programme.weight_topics == 40


def test_the_reports_step_saves_k(client, personas):
    programme = personas.programme
    response = as_user(client, personas.coordinator).post(
        url("setup_reports", programme), {"min_group_size": "8"}
    )
    assert response["Location"] == url("setup_organisations", programme)
    programme.refresh_from_db()
    assert programme.min_group_size == 8


def test_the_reports_step_never_accepts_k_below_3(client, personas):
    response = as_user(client, personas.coordinator).post(
        url("setup_reports", personas.programme), {"min_group_size": "2"}
    )
    assert response.status_code == 200
    assert "ne peut pas être inférieure à 3" in response.content.decode()
    personas.programme.refresh_from_db()
    assert personas.programme.min_group_size == 5


def test_each_step_page_shows_the_step_navigation_with_the_current_step(client, personas):
    page = as_user(client, personas.coordinator).get(url("setup_topics", personas.programme))
    html = page.content.decode()
    assert 'aria-current="step"' in html
    assert "Étape 3 sur 8" in html
    assert url("setup_reports", personas.programme) in html


def test_a_coordinator_of_another_programme_cannot_edit_this_one(client, personas):
    other_coordinator = UserFactory()
    MembershipFactory(
        programme=Programme.objects.create(name="Autre", slug="autre"),
        user=other_coordinator,
        role=Role.COORDINATOR,
    )
    response = as_user(client, other_coordinator).post(
        url("setup_reports", personas.programme), {"min_group_size": "9"}
    )
    assert response.status_code == 404


def test_a_programme_cannot_take_the_address_of_a_page(client, personas):
    response = as_user(client, personas.staff).post(
        reverse("programmes:create"), {"name": "Import", "slug": "importer"}
    )
    assert response.status_code == 200
    assert "« importer » est réservé par la plateforme" in response.content.decode()
    assert not Programme.objects.filter(slug="importer").exists()


def test_the_charter_step_refuses_a_cadence_over_a_year_in_french(client, personas):
    response = as_user(client, personas.coordinator).post(
        url("setup_charter", personas.programme),
        {"charter": "x", "checkin_cadence_days": "366", "default_mentor_capacity": "2"},
    )
    assert "inférieure ou égale à 365" in response.content.decode()
    personas.programme.refresh_from_db()
    assert personas.programme.checkin_cadence_days == 30


def test_the_charter_step_refuses_a_charter_over_its_limit_naming_it(client, personas):
    response = as_user(client, personas.coordinator).post(
        url("setup_charter", personas.programme),
        {"charter": "x" * 20001, "checkin_cadence_days": "30", "default_mentor_capacity": "2"},
    )
    assert "Charte : 20000 caractères au plus (ici 20001)." in response.content.decode()


def test_the_matching_step_refuses_a_weight_over_100_in_french(client, personas):
    response = as_user(client, personas.coordinator).post(
        url("setup_matching", personas.programme), matching_data(weight_mode="101")
    )
    assert response.status_code == 200
    assert "inférieure ou égale à 100" in response.content.decode()
    personas.programme.refresh_from_db()
    assert personas.programme.weight_mode == 15


def test_the_all_zero_weights_message_shows_once(client, personas):
    zeros = {f"weight_{w}": "0" for w in ("topics", "experience", "mode", "distance", "sector")}
    response = as_user(client, personas.coordinator).post(
        url("setup_matching", personas.programme), matching_data(**zeros)
    )
    form = response.context["form"]
    assert form.non_field_errors() == [
        "Au moins une pondération de l’appariement doit être supérieure à zéro."
    ]


def test_the_general_step_refuses_a_description_over_its_limit_naming_it(client, personas):
    response = as_user(client, personas.coordinator).post(
        url("setup_general", personas.programme),
        {"name": "Programme de test", "description": "x" * 5001, "objectives": ""},
    )
    assert "Description : 5000 caractères au plus (ici 5001)." in response.content.decode()
