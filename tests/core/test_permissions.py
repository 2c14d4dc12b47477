"""Who may do what: ``can()`` for every action and persona, then every programme page.

The second matrix walks the URL configuration: every view decorated with ``programme_view``
(which records ``view.required_action``) whose only URL argument is ``slug`` is opened by each
persona, so that the pages added later are checked without anyone listing them here.
"""

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from programmes.models import STAFF, Role
from programmes.permissions import GLOBAL_RULES, RULES, can, get_programme_for
from tests.factories import MembershipFactory, ProgrammeFactory, UserFactory

PERSONAS = ["staff", "coordinator", "referent", "mentor", "mentee", "outsider", "anonymous"]

# Written out by hand on purpose: a change to RULES must be a decision, visible here.
EXPECTED = {
    "view": {"staff", "coordinator", "referent", "mentor", "mentee"},
    "manage": {"staff", "coordinator"},
    "administer": {"staff"},
    "view_enrolment": {"staff", "coordinator", "referent"},
    "participate": {"mentor", "mentee"},
    "create_programme": {"staff"},
    "use_admin": {"staff"},
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


def test_the_expected_table_covers_every_action_of_the_rules():
    assert set(EXPECTED) == set(RULES) | set(GLOBAL_RULES), (
        "an action was added to or removed from programmes/permissions.py: "
        "decide who may do it and write it in EXPECTED"
    )


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


# --- Every programme page ------------------------------------------------------------------


def _programme_views(resolver=None, namespace: str = ""):
    """(URL name, required action) of every ``programme_view`` whose only argument is slug."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _programme_views(entry, inner)
            continue
        assert isinstance(entry, URLPattern)
        action = getattr(entry.callback, "required_action", None)
        if action is None:
            continue
        assert entry.name, f"name the URL of {entry.callback.__module__}.{entry.callback.__name__}"
        if _arguments(entry) == {"slug"}:
            yield f"{namespace}{entry.name}", action


def _arguments(pattern: URLPattern) -> set[str]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters is not None:
        return set(converters)
    return set(pattern.pattern.regex.groupindex)


PROGRAMME_VIEWS = sorted(set(_programme_views()))


def test_the_matrix_covers_the_programme_pages():
    assert len(PROGRAMME_VIEWS) >= 2, PROGRAMME_VIEWS


def _open(client, path: str):
    """GET the page, or POST an empty form to a form's target (405 to GET), and undo whatever
    the view wrote so that the next persona finds the same programme."""
    with transaction.atomic():
        response = client.get(path)
        if response.status_code == 405:
            response = client.post(path)
        transaction.set_rollback(True)
    return response


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "action"), PROGRAMME_VIEWS)
def test_every_programme_page_lets_in_exactly_the_roles_of_its_action(
    client, personas, url_name, action
):
    path = reverse(url_name, kwargs={"slug": personas.programme.slug})
    allowed = EXPECTED[action]
    for name in PERSONAS:
        client.logout()
        if name != "anonymous":
            client.force_login(_person(personas, name))
        response = _open(client, path)
        status = response.status_code
        if name == "anonymous":
            assert status == 302, (name, path, status)
            assert response["Location"].startswith("/comptes/login/?next="), (name, path)
        elif name in allowed:
            assert status in (200, 301, 302, 303), (name, path, status)
        elif name in PERSONA_ROLES:
            assert status == 403, (name, path, status)
        else:
            assert status == 404, (name, path, status)


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "action"), PROGRAMME_VIEWS)
def test_every_programme_page_is_404_for_an_unknown_programme(client, personas, url_name, action):
    client.force_login(personas.staff)
    assert _open(client, reverse(url_name, kwargs={"slug": "nexiste-pas"})).status_code == 404


@pytest.mark.django_db
def test_a_person_with_a_role_elsewhere_is_an_outsider_here(client, personas):
    other = ProgrammeFactory()
    person = UserFactory()
    MembershipFactory(programme=other, user=person, role=Role.COORDINATOR)
    client.force_login(person)
    for url_name, _action in PROGRAMME_VIEWS:
        path = reverse(url_name, kwargs={"slug": personas.programme.slug})
        assert _open(client, path).status_code == 404, path
