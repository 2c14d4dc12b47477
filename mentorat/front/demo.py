"""Demo data: a believable programme of the region, built idempotently, with the next
promotion recruiting and the pilot promotion whose pairs have met for months.

Everything is derived from fixed lists and a seeded random generator, and written with
get-or-create on natural keys, so running it twice gives the same data.
"""

import datetime
import functools
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from evaluation.demo import EVALUATION_DEMO_SLUGS, demo_evaluation_delete, seed_demo_evaluation
from followup.demo import seed_demo_followup
from matching.demo import seed_demo_matching
from matching.models import Pair, PairStatus, Response
from mentorat.core.models import SentEmail
from programmes.defaults import DEFAULT_TOPICS
from programmes.models import (
    Application,
    ApplicationNote,
    ApplicationStatus,
    Invitation,
    Membership,
    Organisation,
    Phase,
    PhaseDates,
    Programme,
    Role,
    SizeBand,
)
from programmes.services import programme_create
from rights.demo import CLOSED_SLUG, seed_demo_rights

# Recruitment pages: a few personal invitations and internal notes to show (fixed, idempotent).
DEMO_INVITATIONS = [
    ("direction@scierie-du-jura.example", Role.MENTOR),
    ("atelier@imprimerie-dijonnaise.example", Role.MENTEE),
    ("rh@cooperative-laitiere-comtoise.example", Role.MENTEE),
]
DEMO_NOTES = [
    "Appel le 12 : très motivée, souhaite un mentor hors de son secteur.",
    "Disponible seulement à partir du mois prochain ; à confirmer avant l'appariement.",
]

DEMO_PASSWORD = "demo-mentorat-2026"
DEMO_SLUG = "mentorat-bfc"
DEMO_NAME = "Mentorat inter-entreprises Bourgogne-Franche-Comté"

STAFF_EMAIL = "equipe@aract-bfc.example"
COORDINATOR_EMAILS = ["claire.martin@aract-bfc.example", "julien.bernard@aract-bfc.example"]

# name, sector, département, size band
ORGANISATIONS = [
    ("Fromagerie du Haut-Doubs", "Agroalimentaire", "25", SizeBand.SMALL),
    ("Transports Vuillemin", "Transport et logistique", "25", SizeBand.MEDIUM),
    ("Horlogerie Comtoise", "Industrie", "25", SizeBand.SMALL),
    ("Clinique des Vosges saônoises", "Santé et médico-social", "70", SizeBand.MEDIUM),
    ("Menuiserie Grandjean", "Bâtiment", "70", SizeBand.MICRO),
    ("Plasturgie du Jura", "Industrie", "39", SizeBand.MEDIUM),
    ("Lunetterie de Morez", "Industrie", "39", SizeBand.SMALL),
    ("Salines Services", "Services aux entreprises", "39", SizeBand.MICRO),
    ("Domaine Carnot", "Viticulture", "21", SizeBand.SMALL),
    ("Dijon Numérique", "Numérique", "21", SizeBand.SMALL),
    ("Moutarderie Bourguignonne", "Agroalimentaire", "21", SizeBand.MEDIUM),
    ("Association Aide à Domicile Côte-d'Or", "Santé et médico-social", "21", SizeBand.MEDIUM),
    ("Forges de la Nièvre", "Industrie", "58", SizeBand.MEDIUM),
    ("Nevers Logistique", "Transport et logistique", "58", SizeBand.SMALL),
    ("Coopérative du Morvan", "Agroalimentaire", "58", SizeBand.MICRO),
    ("Chalon Mécanique", "Industrie", "71", SizeBand.MEDIUM),
    ("Mâcon Habitat Services", "Services aux entreprises", "71", SizeBand.SMALL),
    ("EHPAD Les Charmilles", "Santé et médico-social", "71", SizeBand.SMALL),
    ("Le Creusot Énergies", "Énergie", "71", SizeBand.LARGE),
    ("Auxerre Imprimerie", "Industrie", "89", SizeBand.MICRO),
    ("Sens Distribution", "Commerce", "89", SizeBand.SMALL),
    ("Chablis Vignerons Associés", "Viticulture", "89", SizeBand.SMALL),
    ("Belfort Ingénierie", "Services aux entreprises", "90", SizeBand.MEDIUM),
    ("Technopôle Montbéliard-Belfort", "Numérique", "90", SizeBand.SMALL),
    ("Bâtiments Durables de Franche-Comté", "Bâtiment", "25", SizeBand.SMALL),
]

# First names and the grammatical gender of their French job titles ("f" or "m").
FIRST_NAMES = [
    ("Camille", "f"),
    ("Nicolas", "m"),
    ("Sophie", "f"),
    ("Thomas", "m"),
    ("Isabelle", "f"),
    ("Laurent", "m"),
    ("Nathalie", "f"),
    ("Sébastien", "m"),
    ("Céline", "f"),
    ("Julien", "m"),
    ("Aurélie", "f"),
    ("Mathieu", "m"),
    ("Émilie", "f"),
    ("Olivier", "m"),
    ("Sandrine", "f"),
    ("Guillaume", "m"),
    ("Stéphanie", "f"),
    ("Christophe", "m"),
    ("Virginie", "f"),
    ("Damien", "m"),
    ("Hélène", "f"),
    ("François", "m"),
    ("Marion", "f"),
    ("Pierre", "m"),
    ("Élodie", "f"),
    ("Antoine", "m"),
    ("Caroline", "f"),
    ("Jérôme", "m"),
    ("Amandine", "f"),
    ("Benoît", "m"),
]
LAST_NAMES = [
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guerin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
]
# Job titles as (masculine, feminine): mentors lead a company or a site, mentees manage a team
# for the first time or for a few years.
MENTOR_TITLES = [
    ("Directeur général", "Directrice générale"),
    ("Directeur de site", "Directrice de site"),
    ("Responsable des ressources humaines", "Responsable des ressources humaines"),
    ("Directeur industriel", "Directrice industrielle"),
    ("Gérant", "Gérante"),
    ("Directeur de production", "Directrice de production"),
    ("Directeur des opérations", "Directrice des opérations"),
]
MENTEE_TITLES = [
    ("Chef d'équipe", "Cheffe d'équipe"),
    ("Manager de proximité", "Manager de proximité"),
    ("Responsable d'atelier", "Responsable d'atelier"),
    ("Chef de projet", "Cheffe de projet"),
    ("Responsable qualité", "Responsable qualité"),
    ("Encadrant de proximité", "Encadrante de proximité"),
    ("Responsable logistique", "Responsable logistique"),
]
MODES = ["presentiel", "distanciel", "mixte"]

N_MENTORS = 40
N_MENTEES = 50


@dataclass
class DemoLogins:
    staff: str
    coordinators: list[str]
    referents: list[str]
    mentors: list[str]
    mentees: list[str]
    # A mentor and a mentee of a pair waiting for both their answers.
    waiting_mentor: str | None = None
    waiting_mentee: str | None = None
    # A mentor and a mentee of the pilot promotion whose pair meets (charter, meetings, the
    # next meeting planned).
    meeting_mentor: str | None = None
    meeting_mentee: str | None = None
    password: str = DEMO_PASSWORD


def _name(index: int) -> tuple[str, str, str]:
    """The `index`-th demo person's first name, its gender, and last name: every index below
    len(FIRST_NAMES) × len(LAST_NAMES) gets a full name of its own (each round through the first
    names moves the last names on by one)."""
    first, gender = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[(index * 7 + index // len(FIRST_NAMES)) % len(LAST_NAMES)]
    return first, gender, last


def _slug_email(first: str, last: str, organisation: str) -> str:
    import unicodedata

    def ascii_(text: str) -> str:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return "".join(c for c in text.lower() if c.isalnum())

    return f"{ascii_(first)}.{ascii_(last)}@{ascii_(organisation)[:24]}.example"


@functools.cache
def _demo_password_hash() -> str:
    # Hashing is slow on purpose; a hundred demo accounts share one hash of one password.
    return make_password(DEMO_PASSWORD)


def _person(email: str, first: str, last: str, *, staff: bool = False):
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        email=email,
        defaults={
            "first_name": first,
            "last_name": last,
            "is_staff": staff,
            # The platform's team runs the Django admin too: without permissions it shows nothing.
            "is_superuser": staff,
            "password": _demo_password_hash(),
        },
    )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _recruitment_extras(programme, coordinator) -> None:
    for email, role in DEMO_INVITATIONS:
        Invitation.objects.get_or_create(
            programme=programme, email=email, defaults={"role": role, "invited_by": coordinator}
        )
    to_review = Application.objects.filter(
        programme=programme, status=ApplicationStatus.SUBMITTED
    ).order_by("user__email")
    for application, text in zip(to_review, DEMO_NOTES, strict=False):
        ApplicationNote.objects.get_or_create(
            application=application, text=text, defaults={"author": coordinator}
        )


NEXT_SLUG = "mentorat-bfc-2027"
# The pilot promotion: its pairs have met for months (the follow-up's dashboard, pair pages,
# messages and reminders have something to show).
PILOT_SLUG = "mentorat-bfc-pilote"
PILOT_NAME = "Mentorat inter-entreprises BFC – promotion pilote"
PILOT_MENTORS = 12
PILOT_MENTEES = 10
DEMO_SLUGS = [DEMO_SLUG, NEXT_SLUG, PILOT_SLUG, CLOSED_SLUG, *EVALUATION_DEMO_SLUGS]

D = datetime.date
PARIS = ZoneInfo("Europe/Paris")
# Calendars of the two promotions: the first matches its pairs in autumn 2026 and runs in 2027;
# the second recruits over the winter 2026–2027 and starts in spring.
DEMO_CALENDAR = {
    Phase.RECRUITMENT: (D(2026, 9, 7), D(2026, 10, 30)),
    Phase.MATCHING: (D(2026, 11, 2), D(2026, 12, 11)),
    Phase.RUNNING: (D(2027, 1, 4), D(2027, 10, 29)),
    Phase.CLOSING: (D(2027, 11, 2), D(2027, 11, 26)),
    Phase.EVALUATION: (D(2027, 11, 29), D(2027, 12, 17)),
}
NEXT_CALENDAR = {
    Phase.RECRUITMENT: (D(2026, 11, 16), D(2027, 1, 29)),
    Phase.MATCHING: (D(2027, 2, 1), D(2027, 3, 5)),
    Phase.RUNNING: (D(2027, 3, 15), D(2027, 11, 26)),
    Phase.CLOSING: (D(2027, 11, 29), D(2027, 12, 10)),
    Phase.EVALUATION: (D(2027, 12, 13), D(2027, 12, 22)),
}


def _calendar(programme, calendar: dict) -> None:
    for phase, (starts_on, ends_on) in calendar.items():
        PhaseDates.objects.update_or_create(
            programme=programme,
            phase=phase,
            defaults={"starts_on": starts_on, "ends_on": ends_on},
        )


def _next_promotion(staff, coordinators) -> None:
    """The next promotion, created from the defaults with its recruitment open, so that the
    coordinators can try the application links and the import on an empty programme."""
    if Programme.objects.filter(slug=NEXT_SLUG).exists():
        return
    programme = programme_create(
        by=staff,
        name="Mentorat inter-entreprises BFC – promotion 2027",
        slug=NEXT_SLUG,
        description="Deuxième promotion du programme régional, recrutement en cours.",
    )
    programme.current_phase = Phase.RECRUITMENT
    programme.save(update_fields=["current_phase"])
    for coordinator in coordinators:
        Membership.objects.create(programme=programme, user=coordinator, role=Role.COORDINATOR)


def pilot_calendar(today: datetime.date) -> dict:
    """The pilot's phases, counted back from the day it is built: recruited eight months ago,
    matched five months ago, its pairs meeting until the spring."""

    def days(n: int) -> datetime.date:
        return today + datetime.timedelta(days=n)

    return {
        Phase.RECRUITMENT: (days(-240), days(-190)),
        Phase.MATCHING: (days(-185), days(-155)),
        Phase.RUNNING: (days(-154), days(120)),
        Phase.CLOSING: (days(121), days(140)),
        Phase.EVALUATION: (days(141), days(160)),
    }


def _pilot(staff, coordinators, organisations, referents, rng) -> None:
    """The pilot promotion, in its running phase, built once (from the day it is built: a
    second seed, even on another day, leaves it alone). Its people are not those of the main
    promotion: they come after them in the list of names (each index below 1050 has a name of
    its own)."""
    if Programme.objects.filter(slug=PILOT_SLUG).exists():
        return
    today = timezone.localdate()
    programme = programme_create(
        by=staff,
        name=PILOT_NAME,
        slug=PILOT_SLUG,
        description=(
            "Première promotion du programme régional : ses binômes se rencontrent depuis "
            "l’été, la coordination suit leur rythme depuis le tableau de bord."
        ),
    )
    calendar = pilot_calendar(today)
    _calendar(programme, calendar)
    programme.organisations.add(*organisations)
    for coordinator in coordinators:
        Membership.objects.create(programme=programme, user=coordinator, role=Role.COORDINATOR)
    for user, organisation in referents:
        Membership.objects.create(
            programme=programme, user=user, role=Role.REFERENT, organisation=organisation
        )
    topics = list(programme.topics.all())
    start = N_MENTORS + N_MENTEES
    recruited_on = calendar[Phase.RECRUITMENT][0]
    people = {Role.MENTOR: [], Role.MENTEE: []}
    for i in range(PILOT_MENTORS + PILOT_MENTEES):
        role = Role.MENTOR if i < PILOT_MENTORS else Role.MENTEE
        # Every 31st name after the main promotion's: as varied as the region's people.
        first, gender, last = _name(start + i * 31)
        # The k-th mentor and the k-th mentee (a pair of the first round) are never of the
        # same organisation; the first mentor works where the README's referent does.
        k = i if role == Role.MENTOR else i - PILOT_MENTORS
        organisation = organisations[(k * 2 + (role == Role.MENTEE)) % len(organisations)]
        user = _person(_slug_email(first, last, organisation.name), first, last)
        titles = MENTOR_TITLES if role == Role.MENTOR else MENTEE_TITLES
        arrived = datetime.datetime.combine(
            recruited_on + datetime.timedelta(days=(i * 7) % 45),
            datetime.time(9 + i % 8, (i * 11) % 60),
            tzinfo=PARIS,
        )
        application = Application.objects.create(
            programme=programme,
            user=user,
            role=role,
            status=ApplicationStatus.ACCEPTED,
            organisation=organisation,
            departement=organisation.departement,
            job_title=rng.choice(titles)[gender == "f"],
            experience_years=rng.randint(8, 25) if role == Role.MENTOR else rng.randint(0, 6),
            meeting_mode=rng.choice(MODES),
            capacity=1 if role == Role.MENTOR else None,
            availability="Un créneau par mois, plutôt en fin de journée",
        )
        application.topics.set(rng.sample(topics, k=rng.randint(1, 3)))
        Application.objects.filter(pk=application.pk).update(
            created_at=arrived, decided_at=arrived + datetime.timedelta(days=3)
        )
        people[role].append(application)
    programme.current_phase = Phase.MATCHING
    programme.save(update_fields=["current_phase"])
    seed_demo_followup(
        programme,
        by=coordinators[0],
        mentors=people[Role.MENTOR],
        mentees=people[Role.MENTEE],
        today=today,
    )
    programme.current_phase = Phase.RUNNING
    programme.save(update_fields=["current_phase"])


@transaction.atomic
def seed_demo() -> DemoLogins:
    rng = random.Random(2026)
    staff = _person(STAFF_EMAIL, "Équipe", "ARACT", staff=True)
    coordinators = [
        _person(COORDINATOR_EMAILS[0], "Claire", "Martin"),
        _person(COORDINATOR_EMAILS[1], "Julien", "Bernard"),
    ]
    programme = Programme.objects.filter(slug=DEMO_SLUG).first()
    if programme is None:
        programme = programme_create(
            by=staff,
            name=DEMO_NAME,
            slug=DEMO_SLUG,
            description=(
                "Programme régional de mentorat entre managers de TPE et PME de "
                "Bourgogne-Franche-Comté, porté par l'ARACT, pour renforcer les pratiques "
                "managériales et la qualité de vie et des conditions de travail."
            ),
        )
        programme.current_phase = Phase.RECRUITMENT
        programme.save(update_fields=["current_phase"])
    for coordinator in coordinators:
        Membership.objects.get_or_create(
            programme=programme, user=coordinator, role=Role.COORDINATOR
        )

    organisations = []
    for name, sector, departement, size in ORGANISATIONS:
        organisation, _ = Organisation.objects.get_or_create(
            name_key=" ".join(name.split()).casefold(),
            defaults={
                "name": name,
                "sector": sector,
                "departement": departement,
                "size_band": size,
            },
        )
        organisations.append(organisation)
    programme.organisations.add(*organisations)

    referents = []
    referent_users = []
    for organisation in organisations[:5]:
        user = _person(
            _slug_email("rh", "referent", organisation.name), "Référent", organisation.name
        )
        Membership.objects.get_or_create(
            programme=programme, user=user, role=Role.REFERENT, organisation=organisation
        )
        referents.append(user.email)
        referent_users.append((user, organisation))

    topics = list(programme.topics.filter(name__in=DEFAULT_TOPICS))
    # Most people accepted, a few in each other status, so every page has something to show.
    statuses = (
        [ApplicationStatus.SUBMITTED] * 4
        + [ApplicationStatus.WAITLISTED] * 2
        + [ApplicationStatus.DECLINED]
        + [ApplicationStatus.WITHDRAWN]
    )
    logins = {Role.MENTOR: [], Role.MENTEE: []}
    for index in range(N_MENTORS + N_MENTEES):
        role = Role.MENTOR if index < N_MENTORS else Role.MENTEE
        first, gender, last = _name(index)
        titles = MENTOR_TITLES if role == Role.MENTOR else MENTEE_TITLES
        organisation = organisations[index % len(organisations)]
        user = _person(_slug_email(first, last, organisation.name), first, last)
        status = (
            statuses[index % 10]
            if index % 10 < len(statuses) and index % 3 == 0
            else (ApplicationStatus.ACCEPTED)
        )
        application, created = Application.objects.get_or_create(
            programme=programme,
            user=user,
            defaults={
                "role": role,
                "status": status,
                "organisation": organisation,
                "departement": organisation.departement,
                "job_title": rng.choice(titles)[gender == "f"],
                "experience_years": rng.randint(8, 25)
                if role == Role.MENTOR
                else rng.randint(0, 6),
                "meeting_mode": rng.choice(MODES),
                "capacity": rng.randint(1, 3) if role == Role.MENTOR else None,
                "availability": "Un créneau par mois, plutôt en fin de journée",
            },
        )
        if created:
            application.topics.set(rng.sample(topics, k=rng.randint(1, 3)))
        _date_application(application, index, N_MENTORS + N_MENTEES)
        logins[role].append(user.email)

    _recruitment_extras(programme, coordinators[0])
    # A published matching, with a few answers: the matching app builds its own part.
    seed_demo_matching(programme, by=coordinators[0])
    # Its pairs are published and answering: the programme is in its matching phase.
    Programme.objects.filter(pk=programme.pk, current_phase=Phase.RECRUITMENT).update(
        current_phase=Phase.MATCHING
    )
    _next_promotion(staff, coordinators)
    _pilot(staff, coordinators, organisations, referent_users, rng)
    seed_demo_evaluation(
        pilot=Programme.objects.get(slug=PILOT_SLUG),
        staff=staff,
        coordinators=coordinators,
        organisations=organisations,
        referents=referent_users,
        person=_person,
        name=_name,
        email=_slug_email,
        titles=(MENTOR_TITLES, MENTEE_TITLES),
    )
    _calendar(programme, DEMO_CALENDAR)
    _calendar(Programme.objects.get(slug=NEXT_SLUG), NEXT_CALENDAR)
    # The closed 2024 promotion, whose personal data is purged on the date its page shows.
    seed_demo_rights(source=programme, coordinators=coordinators)
    waiting = waiting_pair(programme)
    meeting = meeting_pair()
    return DemoLogins(
        staff=staff.email,
        coordinators=[c.email for c in coordinators],
        referents=referents,
        mentors=logins[Role.MENTOR],
        mentees=logins[Role.MENTEE],
        waiting_mentor=waiting.mentor.user.email if waiting else None,
        waiting_mentee=waiting.mentee.user.email if waiting else None,
        meeting_mentor=meeting.mentor.user.email if meeting else None,
        meeting_mentee=meeting.mentee.user.email if meeting else None,
    )


def waiting_pair(programme) -> Pair | None:
    """The first published pair neither of whose members has answered: the README gives its
    mentor and mentee, so that a visitor can try accepting."""
    return (
        Pair.objects.filter(
            programme=programme,
            status=PairStatus.PROPOSED,
            mentor_response=Response.PENDING,
            mentee_response=Response.PENDING,
        )
        .select_related("mentor__user", "mentee__user")
        .order_by("pk")
        .first()
    )


def meeting_pair() -> Pair | None:
    """The pilot promotion's first pair, which meets regularly and has planned its next meeting:
    the README gives its mentor and mentee."""
    return (
        Pair.objects.filter(programme__slug=PILOT_SLUG, status=PairStatus.ACTIVE)
        .select_related("mentor__user", "mentee__user")
        .order_by("pk")
        .first()
    )


def _date_application(application, index: int, total: int) -> None:
    """Applications arrive over the recruitment phase, not all at the moment of seeding: spread
    evenly but not in order of the list, in office hours; decisions a few days later."""
    starts_on, ends_on = DEMO_CALENDAR[Phase.RECRUITMENT]
    span = (ends_on - starts_on).days
    day = starts_on + datetime.timedelta(days=(index * 37) % total * span // total)
    arrived = datetime.datetime.combine(
        day, datetime.time(8 + (index * 5) % 10, (index * 13) % 60), tzinfo=PARIS
    )
    decided = None
    if application.status != ApplicationStatus.SUBMITTED:
        end = datetime.datetime.combine(ends_on, datetime.time(17), tzinfo=PARIS)
        decided = min(arrived + datetime.timedelta(days=2 + index % 9), end)
    # created_at is set on insert (auto_now_add): an update gives it the demo's date.
    Application.objects.filter(pk=application.pk).update(created_at=arrived, decided_at=decided)


def _demo_users() -> QuerySet:
    """Every account of the demo: the team, the coordinators, and everyone with a role in a
    demo programme."""
    programmes = Programme.objects.filter(slug__in=DEMO_SLUGS)
    return (
        get_user_model()
        .objects.filter(
            Q(email__in=[STAFF_EMAIL, *COORDINATOR_EMAILS])
            | Q(applications__programme__in=programmes)
            | Q(memberships__programme__in=programmes)
        )
        .distinct()
    )


@transaction.atomic
def demo_delete() -> None:
    """Delete the demo: its programmes (with everything in them), its accounts, the e-mails
    sent to those accounts, and its organisations unless another programme uses them."""
    users = list(_demo_users().values_list("pk", "email"))
    emails = [email for _, email in users]
    programmes = Programme.objects.filter(slug__in=DEMO_SLUGS)
    # Pairs protect their applications: they go first.
    Pair.objects.filter(programme__in=programmes).delete()
    demo_evaluation_delete(programmes)
    programmes.delete()
    SentEmail.objects.filter(to__in=emails).delete()
    get_user_model().objects.filter(pk__in=[pk for pk, _ in users]).delete()
    names = [" ".join(name.split()).casefold() for name, *_ in ORGANISATIONS]
    Organisation.objects.filter(
        name_key__in=names,
        programmes__isnull=True,
        applications__isnull=True,
        memberships__isnull=True,
    ).delete()
