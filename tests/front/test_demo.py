"""seed_demo builds a believable programme of the region, and the same one every time."""

import hashlib
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from matching.models import Pair, PairStatus, Response
from mentorat.core.models import SentEmail
from mentorat.front.demo import (
    DEMO_CALENDAR,
    DEMO_NAME,
    DEMO_PASSWORD,
    DEMO_SLUG,
    FIRST_NAMES,
    PARIS,
    demo_delete,
    seed_demo,
)
from programmes.models import (
    Application,
    Membership,
    Phase,
    Programme,
    Role,
)
from tests.factories import UserFactory

User = get_user_model()
# Every table of the platform (what later issues add to the demo included), and allauth's addresses.
PROJECT_APPS = {"accounts", "core", "programmes", "matching", "followup", "evaluation"}


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
    # This promotion, the next one, the pilot, whose pairs meet, the two at evaluation and the
    # closed 2024 one.
    assert first["programmes.Programme"][0] == 6
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


# --- The demo reads as real -----------------------------------------------------------------

# Words that say a French job title is masculine or feminine (épicène titles have neither).
MASCULINE = {"Directeur", "Chef", "Gérant", "Encadrant", "industriel", "général"}
FEMININE = {"Directrice", "Cheffe", "Gérante", "Encadrante", "industrielle", "générale"}
SENIOR = ("Direct", "Gérant", "Responsable des ressources humaines")


def _demo_applications():
    return Application.objects.filter(programme__name=DEMO_NAME).select_related("user")


@pytest.mark.django_db
def test_no_two_demo_people_share_a_full_name():
    seed_demo()
    names = [
        (u.first_name, u.last_name) for u in User.objects.exclude(first_name="").order_by("pk")
    ]
    assert len(names) >= 90
    assert len(set(names)) == len(names)
    assert not [n for n in names if n[0] == n[1]]  # no "Laurent Laurent"


@pytest.mark.django_db
def test_job_titles_agree_with_the_persons_gender_and_role():
    seed_demo()
    genders = dict(FIRST_NAMES)
    applications = list(_demo_applications())
    assert len(applications) == 90
    for application in applications:
        title, gender = application.job_title, genders[application.user.first_name]
        wrong = MASCULINE if gender == "f" else FEMININE
        assert not wrong & set(title.split()), (str(application.user), title)
        senior = any(word in title for word in SENIOR)
        assert senior == (application.role == Role.MENTOR), (str(application.user), title)
    assert "Directrice" in " ".join(a.job_title for a in applications)
    assert "Cheffe" in " ".join(a.job_title for a in applications)


@pytest.mark.django_db
def test_applications_arrive_over_the_recruitment_phase():
    seed_demo()
    starts_on, ends_on = DEMO_CALENDAR[Phase.RECRUITMENT]
    days = [a.created_at.astimezone(PARIS).date() for a in _demo_applications()]
    assert min(days) >= starts_on
    assert max(days) <= ends_on
    # Spread over the phase, not all on one day.
    assert (max(days) - min(days)).days >= (ends_on - starts_on).days * 3 // 4
    assert len(set(days)) >= 30
    for application in _demo_applications().exclude(decided_at=None):
        assert application.created_at <= application.decided_at


def _login(client, email: str) -> None:
    cache.clear()  # allauth counts login attempts in the cache
    response = client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, email


@pytest.mark.django_db
def test_the_readme_gives_a_mentor_and_a_mentee_whose_pair_waits_for_their_answers(client):
    logins = seed_demo()
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    assert f"`{logins.waiting_mentor}`" in readme
    assert f"`{logins.waiting_mentee}`" in readme
    assert f"`{DEMO_PASSWORD}`" in readme
    pair = Pair.objects.get(
        mentor__user__email=logins.waiting_mentor, mentee__user__email=logins.waiting_mentee
    )
    assert pair.status == PairStatus.PROPOSED
    assert pair.mentor_response == pair.mentee_response == Response.PENDING
    page = reverse("matching:my_pair", kwargs={"slug": DEMO_SLUG})
    for email in (logins.waiting_mentor, logins.waiting_mentee):
        client.logout()
        _login(client, email)
        assert "Accepter ce binôme" in client.get(page).content.decode(), email


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in _models()}


@pytest.mark.django_db
def test_reset_twice_gives_the_same_demo_and_leaves_no_email_behind():
    call_command("seed_demo", stdout=StringIO())
    emails = SentEmail.objects.count()
    assert emails > 0  # publishing the pairs wrote to their members
    first = _counts()
    for _ in range(2):
        out = StringIO()
        call_command("seed_demo", "--reset", stdout=out)
        assert "Données de démonstration supprimées." in out.getvalue()
        assert _counts() == first
    people = set(User.objects.values_list("email", flat=True))
    assert set(SentEmail.objects.values_list("to", flat=True)) <= people
    assert SentEmail.objects.count() == emails


@pytest.mark.django_db
def test_reset_keeps_what_is_not_the_demo():
    seed_demo()
    other = UserFactory(email="quelqu.un@ailleurs.example")
    SentEmail.objects.create(key="autre", to=other.email)
    demo_delete()
    assert not Programme.objects.filter(slug=DEMO_SLUG).exists()
    assert not User.objects.filter(email__endswith="aract-bfc.example").exists()
    assert list(SentEmail.objects.values_list("key", flat=True)) == ["autre"]
    assert User.objects.filter(pk=other.pk).exists()


def test_the_command_help_is_in_french_and_tells_of_reset():
    from mentorat.front.management.commands.seed_demo import Command

    text = " ".join(Command().create_parser("manage.py", "seed_demo").format_help().split())
    assert "Charge le programme de démonstration" in text
    assert "--reset" in text
    assert "e-mails envoyés aux comptes de démonstration" in text
