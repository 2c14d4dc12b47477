"""Who may do what: ``RULES`` as decided, ``can()`` for every programme-level action and
persona, and the object helpers (an application, an organisation, any object of a programme).

Every route of the platform, opened as every persona, is the matrix of tests/test_urls.py.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from programmes.models import STAFF, Application, Membership, Role
from programmes.permissions import (
    GLOBAL_RULES,
    OWNER,
    RULES,
    can,
    enrolment_scope,
    get_application_for,
    get_object_for,
    get_organisation_for,
    get_programme_for,
)
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    UserFactory,
)

PERSONAS = ["staff", "coordinator", "referent", "mentor", "mentee", "outsider", "anonymous"]

# Written out by hand on purpose: a change to RULES must be a decision, visible here.
EXPECTED = {
    "view": {"staff", "coordinator", "referent", "mentor", "mentee"},
    "manage": {"staff", "coordinator"},
    "administer": {"staff"},
    "view_enrolment": {"staff", "coordinator", "referent"},
    "participate": {"mentor", "mentee"},
    "send_messages": {"staff", "coordinator"},
    "manage_evaluation": {"staff", "coordinator"},
    "view_reports": {"staff", "coordinator", "referent"},
    "download_reports": {"staff", "coordinator"},
    "create_programme": {"staff"},
    "use_admin": {"staff"},
}

# Actions on one object: who may perform them, in RULES' vocabulary ("owner": the applicant of
# an application, a member of a pair). Written out by hand too.
EXPECTED_ON_OBJECTS = {
    "view_application": {STAFF, Role.COORDINATOR, Role.REFERENT, OWNER},
    "review_application": {STAFF, Role.COORDINATOR},
    "edit_application": {OWNER},
    "edit_organisation": {STAFF, Role.COORDINATOR},
    "view_pair": {STAFF, Role.COORDINATOR, OWNER},
    "respond_pair": {OWNER},
    "live_pair": {OWNER},
    "steer_pair": {STAFF, Role.COORDINATOR},
}

# What each persona is, in RULES' vocabulary (the outsider and anonymous hold no role).
PERSONA_ROLES = {
    "staff": STAFF,
    "coordinator": Role.COORDINATOR,
    "referent": Role.REFERENT,
    "mentor": Role.MENTOR,
    "mentee": Role.MENTEE,
}


def _person(personas, name: str):
    if name == "anonymous":
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser()
    return getattr(personas, name)


def test_the_expected_tables_cover_every_action_of_the_rules():
    assert set(EXPECTED) | set(EXPECTED_ON_OBJECTS) == set(RULES) | set(GLOBAL_RULES), (
        "an action was added to or removed from programmes/permissions.py: "
        "decide who may do it and write it in EXPECTED or EXPECTED_ON_OBJECTS"
    )


def test_the_rules_on_objects_are_as_decided():
    assert {action: set(RULES[action]) for action in EXPECTED_ON_OBJECTS} == EXPECTED_ON_OBJECTS


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_can_answers_the_expected_table(personas, action):
    programme = personas.programme if action in RULES else None
    allowed = {name for name in PERSONAS if can(_person(personas, name), action, programme)}
    assert allowed == EXPECTED[action]


@pytest.mark.django_db
def test_a_role_in_another_programme_gives_nothing_in_this_one(personas):
    elsewhere = ProgrammeFactory()
    for action in RULES:
        assert not can(personas.coordinator, action, elsewhere)
        assert not can(personas.mentee, action, elsewhere)
    assert can(personas.staff, "view", elsewhere)


@pytest.mark.django_db
def test_a_deactivated_account_may_do_nothing(personas):
    for name in ["staff", "coordinator", "mentee"]:
        person = _person(personas, name)
        person.is_active = False
        person.save()
        person.__dict__.pop("_programme_roles", None)
        for action in EXPECTED:
            programme = personas.programme if action in RULES else None
            assert not can(person, action, programme), (name, action)


@pytest.mark.django_db
def test_roles_add_up_when_a_person_holds_several(personas):
    MembershipFactory(
        programme=personas.programme,
        user=personas.mentor,
        role=Role.REFERENT,
        organisation=personas.organisation,
    )
    assert can(personas.mentor, "view_enrolment", personas.programme)
    assert can(personas.mentor, "participate", personas.programme)
    assert not can(personas.mentor, "manage", personas.programme)


@pytest.mark.django_db
def test_an_unknown_action_is_a_programming_error(personas):
    with pytest.raises(ValueError):
        can(personas.staff, "fly", personas.programme)


@pytest.mark.django_db
def test_a_programme_action_without_a_programme_is_refused(personas):
    assert not can(personas.staff, "view")


@pytest.mark.django_db
def test_get_programme_for_hides_the_programme_from_outsiders_and_refuses_the_others(personas):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    assert get_programme_for(personas.coordinator, "programme-test", "manage") == (
        personas.programme
    )
    with pytest.raises(Http404):
        get_programme_for(personas.outsider, "programme-test", "view")
    with pytest.raises(Http404):
        get_programme_for(personas.staff, "nexiste-pas", "view")
    with pytest.raises(PermissionDenied):
        get_programme_for(personas.mentee, "programme-test", "manage")


# --- One application ----------------------------------------------------------------------


@pytest.fixture
def mentee_application(personas):
    return Application.objects.get(user=personas.mentee)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["staff", "coordinator", "referent", "mentee"])
def test_an_application_is_seen_by_those_who_manage_its_referent_and_its_applicant(
    personas, mentee_application, who
):
    person = getattr(personas, who)
    found = get_application_for(
        person, personas.programme, "view_application", mentee_application.pk
    )
    assert found == mentee_application


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["mentor", "outsider"])
def test_an_application_does_not_exist_for_another_participant_or_an_outsider(
    personas, mentee_application, who
):
    with pytest.raises(Http404):
        get_application_for(
            getattr(personas, who), personas.programme, "view_application", mentee_application.pk
        )


@pytest.mark.django_db
def test_a_referent_sees_only_the_applications_of_their_organisation(personas):
    mentor_application = Application.objects.get(user=personas.mentor)  # another organisation
    with pytest.raises(Http404):
        get_application_for(
            personas.referent, personas.programme, "view_application", mentor_application.pk
        )


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["referent", "mentee"])
def test_only_those_who_manage_review_an_application(personas, mentee_application, who):
    with pytest.raises(PermissionDenied):
        get_application_for(
            getattr(personas, who),
            personas.programme,
            "review_application",
            mentee_application.pk,
        )


@pytest.mark.django_db
def test_one_s_own_application_is_found_by_the_programme_s_slug_even_without_a_role(personas):
    applicant = UserFactory()
    submitted = ApplicationFactory(programme=personas.programme, user=applicant)
    found = get_application_for(applicant, personas.programme.slug, "edit_application")
    assert found == submitted
    # Nobody edits another person's profile, not even those who manage the programme.
    with pytest.raises(PermissionDenied):
        get_application_for(
            personas.coordinator, personas.programme, "edit_application", submitted.pk
        )
    with pytest.raises(Http404):
        get_application_for(personas.coordinator, personas.programme.slug, "edit_application")


@pytest.mark.django_db
def test_an_application_is_only_reached_through_its_own_programme(personas, mentee_application):
    elsewhere = ProgrammeFactory()
    MembershipFactory(programme=elsewhere, user=personas.coordinator)
    with pytest.raises(Http404):
        get_application_for(
            personas.coordinator, elsewhere, "review_application", mentee_application.pk
        )


# --- One organisation, one object of a programme, the enrolment's scope ------------------------


@pytest.mark.django_db
def test_a_coordinator_edits_the_organisations_of_their_programmes_and_staff_any(personas):
    personas.programme.organisations.add(personas.organisation)
    theirs = OrganisationFactory(name="Ailleurs SARL")
    ProgrammeFactory().organisations.add(theirs)
    assert get_organisation_for(personas.coordinator, personas.organisation.pk, "edit_organisation")
    assert get_organisation_for(personas.staff, theirs.pk, "edit_organisation") == theirs
    with pytest.raises(Http404):
        get_organisation_for(personas.coordinator, theirs.pk, "edit_organisation")
    with pytest.raises(Http404):
        get_organisation_for(personas.referent, personas.organisation.pk, "edit_organisation")


@pytest.mark.django_db
def test_an_object_of_another_programme_does_not_exist_here(personas):
    elsewhere = ProgrammeFactory()
    theirs = MembershipFactory(programme=elsewhere, role=Role.COORDINATOR)
    mine = Membership.objects.get(user=personas.coordinator)
    assert get_object_for(
        personas.coordinator, personas.programme, Membership.objects, "manage", pk=mine.pk
    )
    with pytest.raises(Http404):
        get_object_for(
            personas.coordinator, personas.programme, Membership.objects, "manage", pk=theirs.pk
        )
    with pytest.raises(Http404):
        get_object_for(
            personas.outsider, personas.programme, Membership.objects, "manage", pk=mine.pk
        )


@pytest.mark.django_db
def test_a_role_without_the_action_is_refused_on_the_programme_s_object(personas):
    mine = Membership.objects.get(user=personas.coordinator)
    with pytest.raises(PermissionDenied):
        get_object_for(
            personas.mentee, personas.programme, Membership.objects, "manage", pk=mine.pk
        )


@pytest.mark.django_db
def test_the_enrolment_scope_is_everything_for_those_who_manage_and_the_referent_s_own(personas):
    assert enrolment_scope(personas.coordinator, personas.programme) is None
    assert enrolment_scope(personas.staff, personas.programme) is None
    assert enrolment_scope(personas.referent, personas.programme) == {personas.organisation.pk}
    assert enrolment_scope(personas.mentor, personas.programme) == set()
