"""seed_demo builds a believable programme of the region, and the same one every time."""

import hashlib
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from mentorat.front.demo import DEMO_NAME, DEMO_PASSWORD, seed_demo
from programmes.models import (
    Application,
    Membership,
    Programme,
    Role,
)

User = get_user_model()
# Every table of the platform (what later issues add to the demo included), and allauth's addresses.
PROJECT_APPS = {"accounts", "core", "programmes", "matching", "evaluation"}


def _models() -> list:
    project = [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]
    return [*project, EmailAddress]


def _is_a_moment(field) -> bool:
    # Set when a row is written or someone logs in: not part of what the demo is.
    return (
        getattr(field, "auto_now", False)
        or getattr(field, "auto_now_add", False)
        or (field.name in {"date_joined", "last_login"})
    )


def _fingerprint() -> dict[str, tuple[int, str]]:
    """Per model: the row count and a hash of every row's values (and many-to-many links)."""
    prints = {}
    for model in _models():
        fields = [f for f in model._meta.concrete_fields if not _is_a_moment(f)]
        rows = []
        for obj in model.objects.order_by("pk"):
            row = [repr(getattr(obj, f.attname)) for f in fields]
            for m2m in model._meta.many_to_many:
                row.append(repr(sorted(getattr(obj, m2m.name).values_list("pk", flat=True))))
            rows.append("|".join(row))
        digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        prints[model._meta.label] = (len(rows), digest)
    return prints


@pytest.mark.django_db
def test_seeding_twice_gives_the_same_data():
    seed_demo()
    first = _fingerprint()
    assert first["programmes.Programme"][0] == 2  # this promotion and the next one
    seed_demo()
    assert _fingerprint() == first


@pytest.mark.django_db
def test_the_demo_is_a_believable_programme_of_the_region():
    logins = seed_demo()
    programme = Programme.objects.get(name=DEMO_NAME)
    organisations = programme.organisations.all()
    assert 20 <= organisations.count() <= 30
    assert {o.departement for o in organisations} == {
        "21",
        "25",
        "39",
        "58",
        "70",
        "71",
        "89",
        "90",
    }
    assert User.objects.get(email=logins.staff).is_staff
    roles = Membership.objects.filter(programme=programme)
    assert roles.filter(role=Role.COORDINATOR).count() == 2
    assert roles.filter(role=Role.REFERENT).count() >= 3
    assert Application.objects.filter(programme=programme, role=Role.MENTOR).count() == 40
    assert Application.objects.filter(programme=programme, role=Role.MENTEE).count() == 50
    # Every demo account can log in: its address is verified and the password is the demo one.
    for email in [logins.staff, *logins.coordinators, logins.referents[0], logins.mentees[0]]:
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.get(user=user, email=email).verified


@pytest.mark.django_db
def test_the_demo_staff_account_can_use_the_admin(client):
    logins = seed_demo()
    client.force_login(User.objects.get(email=logins.staff))
    assert client.get("/admin/accounts/user/").status_code == 200


@pytest.mark.django_db
def test_the_command_prints_the_demo_logins():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    printed = out.getvalue()
    assert DEMO_PASSWORD in printed
    assert "claire.martin@aract-bfc.example" in printed
    assert "equipe@aract-bfc.example" in printed
