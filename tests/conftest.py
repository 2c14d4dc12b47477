"""Shared fixtures: the personas every view is tested against, and the service switches.

Tests that need PostgreSQL, Redis or a Celery worker carry the marker ``postgres`` or ``redis``.
Without the service they are skipped with the reason shown by ``-ra``; with ``CI=true`` a
missing service is a failure, never a silent skip.
"""

import os
from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

from programmes.models import ApplicationStatus, Role

from .factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    UserFactory,
)

IN_CI = os.getenv("CI", "").lower() == "true"


def _service_missing(marker: str) -> str | None:
    if marker == "postgres":
        if django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            return "needs PostgreSQL: set DATABASE_URL=postgres://…"
    if marker == "redis" and not os.getenv("REDIS_URL"):
        return "needs Redis: set REDIS_URL=redis://…"
    return None


def pytest_runtest_setup(item):
    for marker in ("postgres", "redis"):
        if item.get_closest_marker(marker) and (reason := _service_missing(marker)):
            if IN_CI:
                pytest.fail(f"CI=true and the test {reason}", pytrace=False)
            pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fast_and_inline(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # allauth keeps its rate-limit counters in the cache: each test starts with none.
    cache.clear()
    # Tasks run inline in tests unless a test asks for the real worker (celery_worker fixture).
    from mentorat.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = eager


@dataclass
class Personas:
    """One programme, a person in each role, and an outsider (healthchecks' alice, bob...)."""

    programme: object
    staff: object
    coordinator: object
    referent: object
    mentor: object
    mentee: object
    outsider: object
    organisation: object
    other_organisation: object


@pytest.fixture
def personas(db) -> Personas:
    programme = ProgrammeFactory(name="Programme de test", slug="programme-test")
    organisation = OrganisationFactory(name="Fromagerie Test", departement="25")
    other = OrganisationFactory(name="Transports Test", departement="21")
    staff = UserFactory(email="staff@exemple.fr", is_staff=True)
    coordinator = UserFactory(email="coordination@exemple.fr")
    MembershipFactory(programme=programme, user=coordinator, role=Role.COORDINATOR)
    referent = UserFactory(email="referent@exemple.fr")
    MembershipFactory(
        programme=programme, user=referent, role=Role.REFERENT, organisation=organisation
    )
    mentor = UserFactory(email="mentor@exemple.fr")
    ApplicationFactory(
        programme=programme,
        user=mentor,
        role=Role.MENTOR,
        organisation=other,
        status=ApplicationStatus.ACCEPTED,
        capacity=2,
    )
    MembershipFactory(programme=programme, user=mentor, role=Role.MENTOR, organisation=other)
    mentee = UserFactory(email="mentee@exemple.fr")
    ApplicationFactory(
        programme=programme,
        user=mentee,
        role=Role.MENTEE,
        organisation=organisation,
        status=ApplicationStatus.ACCEPTED,
    )
    MembershipFactory(programme=programme, user=mentee, role=Role.MENTEE, organisation=organisation)
    outsider = UserFactory(email="outsider@exemple.fr")
    return Personas(
        programme=programme,
        staff=staff,
        coordinator=coordinator,
        referent=referent,
        mentor=mentor,
        mentee=mentee,
        outsider=outsider,
        organisation=organisation,
        other_organisation=other,
    )
