"""The permission matrix: every route of the URL configuration, opened as every persona.

``ROUTES`` says, for each route of the platform (the admin's and allauth's included), how to
build its arguments from the personas' own objects and who gets in. A case's arguments come from
``World``: the personas' programme and, beside it, another programme with its own applications,
pair, run and organisation, so that each object route is also opened on another programme's
object, on another person's application and on another pair. The first test compares ``ROUTES``
with the URL configuration: a route added without its row here fails the suite.

Expected answers: a persona of ``ok`` gets the page (2xx, or a redirect that is not to the
login page); a persona of ``hidden`` gets 404; anonymous visitors are sent to the login page
unless the route is public; anybody else gets 403 if they hold a role in the programme and 404
if not (outsiders cannot learn that a programme or an object exists).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from followup.models import HelpChannel, HelpRequest, Message
from matching.models import (
    IncompatibleOrganisations,
    MatchingRun,
    PairRule,
    PairRuleKind,
    ProposedPair,
    RunStatus,
    UnmatchedMentee,
)
from mentorat.core.models import SentEmail
from programmes.models import (
    Application,
    ApplicationLink,
    ApplicationSource,
    Invitation,
    Membership,
    Programme,
    Role,
)
from programmes.permissions import RULES
from tests.evaluation.report_files_helpers import files_in_memory, stored_report
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganisationFactory,
    PairFactory,
    ProgrammeFactory,
    UserFactory,
    accepted_participant,
)
from tests.matching.matching_views_helpers import done_run

PERSONAS = [
    "staff",
    "coordinator",
    "referent",
    "mentor",
    "mentee",
    "applicant",
    "outsider",
    "anonymous",
]
# Who holds a role in the personas' programme (the others are outsiders there).
IN_PROGRAMME = {"staff", "coordinator", "referent", "mentor", "mentee"}
EVERYONE = set(PERSONAS)
SIGNED_IN = EVERYONE - {"anonymous"}

# Written out by hand on purpose: who may perform each programme-level action.
MAY = {
    "view": {"staff", "coordinator", "referent", "mentor", "mentee"},
    "manage": {"staff", "coordinator"},
    "administer": {"staff"},
    "view_reports": {"staff", "coordinator", "referent"},
    "view_enrolment": {"staff", "coordinator", "referent"},
    "participate": {"mentor", "mentee"},
    "send_messages": {"staff", "coordinator"},
    "manage_evaluation": {"staff", "coordinator"},
    "download_reports": {"staff", "coordinator"},
}


@pytest.fixture(autouse=True)
def _report_files_in_memory(settings):
    """Reports' files (the matrix downloads them) in memory, not in var/."""
    files_in_memory(settings)


@dataclass
class World:
    """The personas' programme and its objects, and another programme with its own."""

    personas: object
    applicant: object
    here: dict
    elsewhere: dict


@pytest.fixture
def world(personas) -> World:
    programme = personas.programme
    # Platform staff are created as superusers (createsuperuser, the demo): the admin opens.
    personas.staff.is_superuser = True
    personas.staff.save()
    mentee = Application.objects.get(user=personas.mentee)
    mentor = Application.objects.get(user=personas.mentor)
    programme.organisations.add(personas.organisation, personas.other_organisation)
    applicant = UserFactory(email="applicant@exemple.fr")
    ApplicationFactory(programme=programme, user=applicant, organisation=personas.organisation)
    # Another pair of the same programme: none of the personas is in it.
    other_pair = PairFactory(programme=programme)
    pair = PairFactory(programme=programme, mentor=mentor, mentee=mentee)
    # A finished run, as the engine leaves it: one pair proposed, one mentee without a mentor.
    run = done_run(programme, [(mentor, mentee)], unmatched=[other_pair.mentee])
    proposed = ProposedPair.objects.get(run=run)
    unmatched = UnmatchedMentee.objects.get(run=run)
    rule = PairRule.objects.create(
        programme=programme, mentor=mentor, mentee=mentee, kind=PairRuleKind.LOCK
    )
    incompatible = IncompatibleOrganisations.objects.create(
        programme=programme,
        organisation_a=personas.organisation,
        organisation_b=personas.other_organisation,
    )
    link = ApplicationLink.objects.create(programme=programme, role=Role.MENTEE)
    invitation = Invitation.objects.create(
        programme=programme, email="invitee@exemple.fr", role=Role.MENTOR
    )
    imported = UserFactory(email="imported@exemple.fr", verified=False)
    imported.set_unusable_password()
    imported.save()
    accepted_participant(programme, Role.MENTEE, user=imported, source=ApplicationSource.IMPORT)
    email = SentEmail.objects.create(key="matrix", to="mentee@exemple.fr", template="welcome")
    message = Message.objects.create(
        programme=programme, segment="mentors", subject="Bonjour", body="Texte", status="done"
    )
    help_request = HelpRequest.objects.create(
        pair=pair, requested_by=personas.mentee, role=Role.MENTEE, channel=HelpChannel.PHONE
    )

    # Another programme, with its own coordinator, organisation and objects.
    other = ProgrammeFactory(name="Autre programme", slug="autre-programme")
    MembershipFactory(programme=other, role=Role.COORDINATOR)
    their_organisation = OrganisationFactory(name="Ailleurs SARL")
    other.organisations.add(their_organisation)
    their_pair = PairFactory(programme=other)
    their_run = MatchingRun.objects.create(programme=other, status=RunStatus.DONE)
    their_help_request = HelpRequest.objects.create(
        pair=their_pair, role=Role.MENTEE, channel=HelpChannel.EMAIL
    )
    their_referent = MembershipFactory(
        programme=other, role=Role.REFERENT, organisation=their_organisation
    )
    return World(
        personas=personas,
        applicant=applicant,
        here={
            "programme": programme,
            "mentee": mentee,
            "mentor": mentor,
            "pair": pair,
            "other_pair": other_pair,
            "run": run,
            "proposed": proposed,
            "unmatched": unmatched,
            "rule": rule,
            "incompatible": incompatible,
            "link": link,
            "invitation": invitation,
            "imported": imported,
            "email": email,
            "message": message,
            "help_request": help_request,
            "referent": Membership.objects.get(programme=programme, role=Role.REFERENT),
            "coordinator": Membership.objects.get(programme=programme, role=Role.COORDINATOR),
            "report": stored_report(programme),
        },
        elsewhere={
            "programme": other,
            "organisation": their_organisation,
            "pair": their_pair,
            "mentee": their_pair.mentee,
            "run": their_run,
            "message": Message.objects.create(
                programme=other, segment="mentors", subject="Ailleurs", body="Texte"
            ),
            "help_request": their_help_request,
            "referent": their_referent,
            "coordinator": Membership.objects.get(programme=other, role=Role.COORDINATOR),
            "incompatible": IncompatibleOrganisations.objects.create(
                programme=other,
                organisation_a=their_organisation,
                organisation_b=OrganisationFactory(),
            ),
            "report": stored_report(other),
        },
    )


@dataclass
class Case:
    """One way to open a route: its arguments, and who gets in."""

    label: str
    kwargs: Callable[[World], dict]
    ok: set[str]
    hidden: set[str] = field(default_factory=set)
    forbidden: set[str] = field(default_factory=set)  # 403 whoever they are
    public: bool = False  # anonymous visitors are not sent to the login page
    # For admin pages: whether the staff persona's answer may be a refusal of the admin itself
    # (a model whose admin forbids adding or deleting).
    admin: bool = False


def slug(w: World) -> dict:
    return {"slug": w.here["programme"].slug}


def programme_page(action: str, extra: Callable[[World], dict] | None = None) -> list[Case]:
    """A page of the programme governed by ``action`` alone; also 404 on an unknown programme."""

    def here(w):
        return {**slug(w), **(extra(w) if extra else {})}

    def unknown(w):
        return {**here(w), "slug": "nexiste-pas"}

    return [
        Case("the programme", here, ok=MAY[action]),
        Case("an unknown programme", unknown, ok=set(), hidden=SIGNED_IN),
    ]


def on_object(action: str, name: str, key: str, *, allowed: set[str] | None = None) -> list[Case]:
    """A page of one object of the programme: this programme's, and another programme's (which
    does not exist for those who may act here)."""
    allowed = MAY[action] if allowed is None else allowed
    return [
        Case(f"this programme's {name}", lambda w: {**slug(w), key: w.here[name].pk}, ok=allowed),
        Case(
            f"another programme's {name}",
            lambda w: {**slug(w), key: w.elsewhere[name].pk},
            ok=set(),
            hidden=allowed,
        ),
    ]


def staff_only() -> Case:
    return Case("staff only", lambda w: {}, ok={"staff"}, forbidden=SIGNED_IN - {"staff"})


def public(kwargs=lambda w: {}) -> list[Case]:
    return [Case("public", kwargs, ok=EVERYONE, public=True)]


def signed_in(kwargs=lambda w: {}) -> list[Case]:
    return [Case("signed in", kwargs, ok=SIGNED_IN)]


def mentee_cases() -> list[Case]:
    manage = MAY["manage"]
    return [
        *on_object("manage", "mentee", "application_id"),
        Case(
            "a mentor's application (not a mentee)",
            lambda w: {**slug(w), "application_id": w.here["mentor"].pk},
            ok=set(),
            hidden=manage,
        ),
    ]


def pair_cases() -> list[Case]:
    members = {"mentor", "mentee"}
    return [
        Case("their own pair", lambda w: {**slug(w), "pair_id": w.here["pair"].pk}, ok=members),
        Case(
            "another pair of the programme",
            lambda w: {**slug(w), "pair_id": w.here["other_pair"].pk},
            ok=set(),
            hidden=members,
        ),
        Case(
            "a pair of another programme",
            lambda w: {**slug(w), "pair_id": w.elsewhere["pair"].pk},
            ok=set(),
            hidden=members,
        ),
    ]


def help_request_cases() -> list[Case]:
    manage = MAY["manage"]
    return [
        Case(
            "a request of this programme's pair",
            lambda w: {
                **slug(w),
                "pair_id": w.here["pair"].pk,
                "request_id": w.here["help_request"].pk,
            },
            ok=manage,
        ),
        Case(
            "a request of another programme's pair",
            lambda w: {
                **slug(w),
                "pair_id": w.elsewhere["pair"].pk,
                "request_id": w.elsewhere["help_request"].pk,
            },
            ok=set(),
            hidden=manage,
        ),
        Case(
            "another pair's request under this pair",
            lambda w: {
                **slug(w),
                "pair_id": w.here["pair"].pk,
                "request_id": w.elsewhere["help_request"].pk,
            },
            ok=set(),
            hidden=manage,
        ),
    ]


def own_application_cases() -> list[Case]:
    # The person's own application: there is none for those who have not applied.
    applicants = {"mentor", "mentee", "applicant"}
    return [
        Case("their own application", slug, ok=applicants, hidden=SIGNED_IN - applicants),
        Case(
            "in another programme",
            lambda w: {"slug": w.elsewhere["programme"].slug},
            ok=set(),
            hidden=SIGNED_IN,
        ),
    ]


def organisation_edit_cases() -> list[Case]:
    return [
        Case(
            "an organisation of the programme",
            lambda w: {**slug(w), "pk": w.personas.organisation.pk},
            ok=MAY["manage"],
        ),
        # Staff edit the whole shared directory; a coordinator only their programmes' part.
        Case(
            "an organisation of another programme only",
            lambda w: {**slug(w), "pk": w.elsewhere["organisation"].pk},
            ok={"staff"},
            hidden={"coordinator"},
        ),
    ]


ROUTES: dict[str, list[Case]] = {
    # --- Outside any programme ---
    "home": public(),
    "healthz": public(),
    "set_language": public(),
    "programmes:create": [staff_only()],
    "programmes:template_import": [staff_only()],
    "programmes:my_programmes": signed_in(),
    "programmes:apply": public(lambda w: {"token": w.here["link"].token}),
    "programmes:apply_invited": public(lambda w: {"token": w.here["invitation"].token}),
    "programmes:apply_sent": public(),
    "programmes:account_activate": public(
        lambda w: {
            "uidb64": urlsafe_base64_encode(force_bytes(w.here["imported"].pk)),
            "token": default_token_generator.make_token(w.here["imported"]),
        }
    ),
    # --- A programme's pages ---
    "programmes:detail": programme_page("view"),
    "programmes:setup_general": programme_page("manage"),
    "programmes:setup_calendar": programme_page("manage"),
    "programmes:setup_topics": programme_page("manage"),
    "programmes:setup_indicators": programme_page("manage"),
    "programmes:setup_charter": programme_page("manage"),
    "programmes:setup_matching": programme_page("manage"),
    "programmes:setup_reports": programme_page("manage"),
    "programmes:setup_organisations": programme_page("manage"),
    "programmes:setup_organisations_add": programme_page("manage"),
    "programmes:setup_organisation_remove": [
        Case(
            "an organisation of the programme",
            lambda w: {**slug(w), "pk": w.personas.organisation.pk},
            ok=MAY["manage"],
        ),
        Case(
            "an organisation of another programme",
            lambda w: {**slug(w), "pk": w.elsewhere["organisation"].pk},
            ok=set(),
            hidden=MAY["manage"],
        ),
    ],
    "programmes:setup_referent_add": programme_page("manage"),
    "programmes:setup_referent_remove": [
        *on_object("manage", "referent", "pk"),
        Case(
            "a coordinator through the referents' address",
            lambda w: {**slug(w), "pk": w.here["coordinator"].pk},
            ok=set(),
            hidden=MAY["manage"],
        ),
    ],
    "programmes:setup_coordinator_add": programme_page("administer"),
    "programmes:setup_coordinator_remove": [
        *on_object("administer", "coordinator", "pk"),
        Case(
            "a referent through the coordinators' address",
            lambda w: {**slug(w), "pk": w.here["referent"].pk},
            ok=set(),
            hidden=MAY["administer"],
        ),
    ],
    "programmes:setup_export": programme_page("manage"),
    "programmes:setup_import": programme_page("manage"),
    "programmes:setup_phase": [
        *programme_page("manage", lambda w: {"phase": "matching"}),
        Case(
            "an unknown phase",
            lambda w: {**slug(w), "phase": "vacances"},
            ok=set(),
            hidden=MAY["manage"],
        ),
    ],
    "programmes:organisations": programme_page("manage"),
    "programmes:organisation_create": programme_page("manage"),
    "programmes:organisation_edit": organisation_edit_cases(),
    "programmes:enrolment": programme_page("view_enrolment"),
    "programmes:my_application": own_application_cases(),
    "programmes:profile_edit": own_application_cases(),
    "programmes:withdraw": own_application_cases(),
    "programmes:recruitment": programme_page("manage"),
    "programmes:link_renew": [
        *programme_page("manage", lambda w: {"role": "mentor"}),
        Case(
            "an unknown role",
            lambda w: {**slug(w), "role": "pilote"},
            ok=set(),
            hidden=MAY["manage"],
        ),
    ],
    "programmes:invitations_send": programme_page("manage"),
    "programmes:imported_accounts_invite": programme_page("manage"),
    "programmes:applications": programme_page("manage"),
    "programmes:application_review": on_object("manage", "mentee", "pk"),
    "programmes:application_decision": on_object("manage", "mentee", "pk"),
    "programmes:application_note": on_object("manage", "mentee", "pk"),
    "programmes:import_participants": programme_page("manage"),
    "programmes:import_preview": programme_page("manage"),
    "programmes:import_confirm": programme_page("manage"),
    # --- Matching ---
    "matching:proposal": programme_page("manage"),
    "matching:run_start": programme_page("manage"),
    "matching:run_progress": on_object("manage", "run", "run_id"),
    "matching:run_status": on_object("manage", "run", "run_id"),
    "matching:mentee": mentee_cases(),
    "matching:swap": mentee_cases(),
    "matching:remove": mentee_cases(),
    "matching:lock": programme_page("manage"),
    "matching:exclude": programme_page("manage"),
    "matching:rule_remove": programme_page("manage"),
    "matching:publish": programme_page("manage"),
    "matching:incompatibilities": programme_page("manage"),
    "matching:incompatibility_add": programme_page("manage"),
    "matching:incompatibility_remove": on_object("manage", "incompatible", "pk"),
    "matching:my_pair": programme_page("participate"),
    "matching:my_pair_accept": pair_cases(),
    "matching:my_pair_decline": pair_cases(),
    # --- Follow-up: messages to a segment ---
    "followup:messages": programme_page("send_messages"),
    "followup:message_compose": programme_page("send_messages"),
    "followup:message_send": programme_page("send_messages"),
    "followup:message_progress": on_object("send_messages", "message", "message_id"),
    "followup:message_status": on_object("send_messages", "message", "message_id"),
    # --- Follow-up: a pair's life (its members), and the coordination's page of one pair ---
    "followup:pair": pair_cases(),
    "followup:pair_charter_accept": pair_cases(),
    "followup:pair_meeting_log": pair_cases(),
    "followup:pair_planned_set": pair_cases(),
    "followup:pair_planned_clear": pair_cases(),
    "followup:pair_planned_ics": pair_cases(),
    "followup:pair_help": pair_cases(),
    "followup:pair_phone": pair_cases(),
    "followup:pair_reminders": pair_cases(),
    "followup:steer_pair": on_object("manage", "pair", "pair_id"),
    "followup:steer_pair_end": on_object("manage", "pair", "pair_id"),
    "followup:steer_pair_complete": on_object("manage", "pair", "pair_id"),
    "followup:steer_help_handled": help_request_cases(),
    # --- Follow-up: the coordination's dashboard, all pairs and exports; the referents' page ---
    "followup:dashboard": programme_page("manage"),
    "followup:pairs": programme_page("manage"),
    "followup:pairs_export": [
        *programme_page("manage", lambda w: {"fmt": "csv"}),
        Case("as .xlsx", lambda w: {**slug(w), "fmt": "xlsx"}, ok=MAY["manage"]),
        Case(
            "an unknown format",
            lambda w: {**slug(w), "fmt": "pdf"},
            ok=set(),
            hidden=MAY["manage"],
        ),
    ],
    "followup:people_in_pairs": programme_page("view_enrolment"),
    # --- Evaluation: the report page (a referent: their organisation's figures) and its CSV ---
    "evaluation:report": [
        Case("the programme", slug, ok=MAY["view_reports"]),
        Case("an unknown programme", lambda w: {"slug": "nexiste-pas"}, ok=set(), hidden=SIGNED_IN),
    ],
    "evaluation:report_csv": [
        Case("the programme", slug, ok={"staff", "coordinator"}),
        Case("an unknown programme", lambda w: {"slug": "nexiste-pas"}, ok=set(), hidden=SIGNED_IN),
    ],
    # --- Evaluation: the steering committee's kept reports (PDF) ---
    "evaluation:report_files": programme_page("download_reports"),
    "evaluation:report_build": programme_page("download_reports"),
    "evaluation:report_compare": programme_page("download_reports"),
    "evaluation:report_progress": on_object("download_reports", "report", "report_id"),
    "evaluation:report_status": on_object("download_reports", "report", "report_id"),
    "evaluation:report_pdf": on_object("download_reports", "report", "report_id"),
    "evaluation:report_file_csv": on_object("download_reports", "report", "report_id"),
}


# --- Evaluation: the questionnaires and waves (coordination) ---------------------------------


def _evaluation_objects(w: World, where: str) -> dict:
    """A questionnaire of the programme (copied from the bank), its first question, a scheduled
    and an open wave: made on first use, once per test."""
    from evaluation.models import WaveStatus
    from tests.factories import questionnaire_for, wave_of

    place = getattr(w, where)
    if "baseline" not in place:
        programme = place["programme"]
        place["baseline"] = questionnaire_for(programme, "baseline")
        place["question"] = place["baseline"].questions.order_by("position").first()
        place["scheduled_wave"] = wave_of(programme, "final", status=WaveStatus.SCHEDULED)
        place["open_wave"] = wave_of(programme, "pulse", status=WaveStatus.OPEN)
    return place


def _questionnaire_kwargs(w: World, where: str = "here", *, question: str = "") -> dict:
    place = _evaluation_objects(w, where)
    here = _evaluation_objects(w, "here")
    kwargs = {**slug(w), "questionnaire_id": place["baseline"].pk}
    if question == "own":
        kwargs["question_id"] = here["question"].pk
    elif question == "elsewhere":
        # Another programme's question under this programme's questionnaire.
        kwargs = {**kwargs, "questionnaire_id": here["baseline"].pk}
        kwargs["question_id"] = _evaluation_objects(w, "elsewhere")["question"].pk
    return kwargs


def questionnaire_cases(*, question: bool = False) -> list[Case]:
    manage = MAY["manage_evaluation"]
    mode = "own" if question else ""
    cases = [
        Case(
            "this programme's questionnaire",
            lambda w: _questionnaire_kwargs(w, question=mode),
            ok=manage,
        ),
        Case(
            "another programme's questionnaire",
            lambda w: {
                **_questionnaire_kwargs(w, "elsewhere", question=mode),
                **(
                    {"question_id": _evaluation_objects(w, "elsewhere")["question"].pk}
                    if question
                    else {}
                ),
            },
            ok=set(),
            hidden=manage,
        ),
        Case(
            "an unknown programme",
            lambda w: {**_questionnaire_kwargs(w, question=mode), "slug": "nexiste-pas"},
            ok=set(),
            hidden=SIGNED_IN,
        ),
    ]
    if question:
        cases.append(
            Case(
                "another programme's question",
                lambda w: _questionnaire_kwargs(w, question="elsewhere"),
                ok=set(),
                hidden=manage,
            )
        )
    return cases


def wave_cases(name: str) -> list[Case]:
    manage = MAY["manage_evaluation"]
    return [
        Case(
            f"this programme's {name}",
            lambda w: {**slug(w), "wave_id": _evaluation_objects(w, "here")[name].pk},
            ok=manage,
        ),
        Case(
            f"another programme's {name}",
            lambda w: {**slug(w), "wave_id": _evaluation_objects(w, "elsewhere")[name].pk},
            ok=set(),
            hidden=manage,
        ),
    ]


ROUTES.update(
    {
        "evaluation:overview": programme_page("manage_evaluation"),
        "evaluation:questionnaire": questionnaire_cases(),
        "evaluation:question_add": questionnaire_cases(),
        "evaluation:question_edit": questionnaire_cases(question=True),
        "evaluation:question_delete": questionnaire_cases(question=True),
        "evaluation:question_move": questionnaire_cases(question=True),
        "evaluation:wave_create": questionnaire_cases(),
        "evaluation:wave_open": wave_cases("scheduled_wave"),
        "evaluation:wave_close": wave_cases("open_wave"),
    }
)

# Accounts (allauth): public pages, and those that need a signed-in person.
ACCOUNT_PUBLIC = [
    "account_login",
    "account_logout",
    "account_inactive",
    "account_signup",
    "account_email_verification_sent",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
    "account_confirm_login_code",
    "account_request_login_code",
]
ACCOUNT_SIGNED_IN = [
    "account_email",
    "account_change_password",
    "account_set_password",
    "account_reauthenticate",
]
for name in ACCOUNT_PUBLIC:
    ROUTES[name] = public()
for name in ACCOUNT_SIGNED_IN:
    ROUTES[name] = signed_in()
ROUTES["account_confirm_email"] = public(lambda w: {"key": "cle-inconnue"})
ROUTES["account_reset_password_from_key"] = public(lambda w: {"uidb36": "1", "key": "cle-inconnue"})


# --- The admin: every page of every registered model, and nobody but staff gets in ---------

ADMIN_OBJECTS: dict[str, Callable[[World], object]] = {
    "core_sentemail": lambda w: w.here["email"],
    "accounts_group": lambda w: Group.objects.get_or_create(name="Équipe")[0],
    "accounts_user": lambda w: w.personas.mentee,
    "programmes_programme": lambda w: w.here["programme"],
    "programmes_organisation": lambda w: w.personas.organisation,
    "programmes_membership": lambda w: w.here["referent"],
    "programmes_application": lambda w: w.here["mentee"],
    "matching_matchingrun": lambda w: w.here["run"],
    "matching_proposedpair": lambda w: w.here["proposed"],
    "matching_unmatchedmentee": lambda w: w.here["unmatched"],
    "matching_pairrule": lambda w: w.here["rule"],
    "matching_incompatibleorganisations": lambda w: w.here["incompatible"],
    "matching_pair": lambda w: w.here["pair"],
    "accounts_emailaddress": lambda w: w.personas.mentee.emailaddress_set.get(),
}


def admin_case(kwargs) -> list[Case]:
    return [Case("staff only", kwargs, ok={"staff"}, admin=True)]


def _admin_routes() -> dict[str, list[Case]]:
    routes = {
        "admin:index": admin_case(lambda w: {}),
        "admin:password_change": admin_case(lambda w: {}),
        "admin:password_change_done": admin_case(lambda w: {}),
        "admin:autocomplete": admin_case(lambda w: {}),
        "admin:jsi18n": admin_case(lambda w: {}),
        "admin:view_on_site": admin_case(
            lambda w: {
                "content_type_id": ContentType.objects.get_for_model(Programme).pk,
                "object_id": w.here["programme"].pk,
            }
        ),
        "admin:app_list": admin_case(lambda w: {"app_label": "programmes"}),
        "admin:catch_all": [
            Case(
                "an unknown page",
                lambda w: {"url": "nexiste/"},
                ok=set(),
                hidden={"staff"},
                admin=True,
            )
        ],
        # The admin's login page sends visitors to allauth's and refuses anyone but staff.
        "admin:login": [staff_only()],
        # Logging out of the admin is logging out: anyone may, and lands on the admin's door.
        "admin:logout": public(),
        "admin:auth_user_password_change": admin_case(lambda w: {"id": w.personas.mentee.pk}),
    }
    for model, obj in ADMIN_OBJECTS.items():
        routes[f"admin:{model}_changelist"] = admin_case(lambda w: {})
        routes[f"admin:{model}_add"] = admin_case(lambda w: {})
        for view in ("history", "delete", "change", "redirect"):
            routes[f"admin:{model}_{view}"] = admin_case(
                lambda w, obj=obj: {"object_id": obj(w).pk}
            )
    return routes


ROUTES.update(_admin_routes())


# --- The URL configuration, route by route ---------------------------------------------------


def _patterns(resolver=None, namespace: str = "", prefix: str = ""):
    """(key, pattern) of every route. A route is keyed by its name; the admin's unnamed ones by
    what they are (an object's redirect to its change page, the catch-all)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, inner, prefix + str(entry.pattern))
            continue
        assert isinstance(entry, URLPattern)
        name = entry.name
        route = prefix + str(entry.pattern)
        if name is None and namespace == "admin:":
            if route.endswith("<path:object_id>/"):
                model = route.split("/")[1:3]
                name = f"{'_'.join(model)}_redirect"
            elif route.endswith("(?P<url>.*)$"):
                name = "catch_all"
        assert name, f"name the URL {route}"
        yield f"{namespace}{name}", route


URLCONF = dict(_patterns())


def _path(key: str, kwargs: dict) -> str:
    """The address of a route: reversed by name, or built from the admin's unnamed patterns."""
    if not key.endswith(("_redirect", ":catch_all")):
        return reverse(key, kwargs=kwargs)
    route = URLCONF[key]
    for name, value in kwargs.items():
        route = route.replace(f"<path:{name}>", str(value))
    return "/" + route.replace("(?P<url>.*)$", kwargs.get("url", ""))


def test_the_matrix_has_a_row_for_every_route_of_the_url_configuration():
    missing = sorted(set(URLCONF) - set(ROUTES))
    stale = sorted(set(ROUTES) - set(URLCONF))
    assert not missing, f"routes without a row in ROUTES (decide who may open them): {missing}"
    assert not stale, f"rows of ROUTES for routes that no longer exist: {stale}"


def test_the_actions_of_the_matrix_are_those_of_the_rules():
    # MAY is the programme-level part of RULES, written out by hand.
    assert {action: set(RULES[action]) for action in MAY} == {
        action: {"staff" if role == "staff" else str(role) for role in roles}
        for action, roles in {
            "view": {"staff", Role.COORDINATOR, Role.REFERENT, Role.MENTOR, Role.MENTEE},
            "manage": {"staff", Role.COORDINATOR},
            "administer": {"staff"},
            "view_reports": {"staff", Role.COORDINATOR, Role.REFERENT},
            "view_enrolment": {"staff", Role.COORDINATOR, Role.REFERENT},
            "participate": {Role.MENTOR, Role.MENTEE},
            "send_messages": {"staff", Role.COORDINATOR},
            "manage_evaluation": {"staff", Role.COORDINATOR},
            "download_reports": {"staff", Role.COORDINATOR},
        }.items()
    }


def test_every_programme_view_declares_the_action_the_matrix_expects():
    """Programme pages built with ``programme_view`` carry their action: the matrix's first
    case says who it lets in, so a change of action is a decision visible in both places."""
    for pattern, key in _callbacks(get_resolver()):
        action = getattr(pattern.callback, "required_action", None)
        if action is None or key in OBJECT_ROWS:
            continue
        assert ROUTES[key][0].ok == MAY[action], (key, action, ROUTES[key][0].ok)


# Rows whose first case is an object that the programme-level action alone does not decide.
OBJECT_ROWS = {
    "matching:my_pair_accept",
    "matching:my_pair_decline",
    "programmes:organisation_edit",
}


def _callbacks(resolver, namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _callbacks(entry, inner)
        elif entry.name:
            yield entry, f"{namespace}{entry.name}"


# --- Evaluation: answering (the signed link, my questionnaires, the form) ---------------------


def _answering(w: World) -> dict:
    """The mentee's invitation to an open wave of the personas' programme, and another
    programme's invitation, built once per world."""
    if "answer_invitation" not in w.here:
        from tests.factories import invited, wave_of

        w.here["answer_invitation"] = invited(wave_of(w.here["programme"]), w.personas.mentee)
        their_mentee = w.elsewhere["mentee"]
        w.elsewhere["answer_invitation"] = invited(
            wave_of(w.elsewhere["programme"]), their_mentee.user
        )
    return {"here": w.here["answer_invitation"], "elsewhere": w.elsewhere["answer_invitation"]}


def _answer_link(w: World) -> dict:
    from evaluation.tokens import answer_token

    return {"token": answer_token(_answering(w)["here"].pk)}


ROUTES.update(
    {
        # The e-mail's link answers anyone who holds it, signed in or not: the token decides.
        "evaluation:answer_link": public(_answer_link),
        "evaluation:my_surveys": programme_page("participate"),
        "evaluation:answer": [
            Case(
                "their own invitation",
                lambda w: {**slug(w), "invitation_id": _answering(w)["here"].pk},
                ok={"mentee"},
                hidden={"mentor"},
            ),
            Case(
                "an invitation of another programme",
                lambda w: {**slug(w), "invitation_id": _answering(w)["elsewhere"].pk},
                ok=set(),
                hidden={"mentor", "mentee"},
            ),
        ],
    }
)
OBJECT_ROWS |= {"evaluation:answer"}


CHECKS = [
    (key, index, persona)
    for key in sorted(ROUTES)
    for index in range(len(ROUTES[key]))
    for persona in PERSONAS
]


def _expected(case: Case, persona: str) -> str:
    if persona in case.ok:
        return "ok"
    if persona == "anonymous":
        return "login" if not case.admin else "admin_login"
    if persona in case.hidden:
        return "404"
    if persona in case.forbidden:
        return "403"
    if case.admin:
        return "admin_login"
    return "403" if persona in IN_PROGRAMME else "404"


def _open(client, path: str):
    """GET the page, or POST an empty form to a form's target (405 to GET), and undo whatever
    the view wrote so that the next check finds the same world."""
    with transaction.atomic():
        response = client.get(path)
        if response.status_code == 405:
            response = client.post(path)
        transaction.set_rollback(True)
    return response


def _user(world: World, persona: str):
    if persona == "anonymous":
        return AnonymousUser()
    if persona == "applicant":
        return world.applicant
    return getattr(world.personas, persona)


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "index"), sorted({(k, i) for k, i, _ in CHECKS}))
def test_every_route_answers_each_persona_as_the_matrix_says(client, world, key, index):
    case = ROUTES[key][index]
    path = _path(key, case.kwargs(world))
    wrong = []
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            client.force_login(_user(world, persona))
        response = _open(client, path)
        status = response.status_code
        location = response.get("Location", "")
        expected = _expected(case, persona)
        if expected == "ok":
            good = status in (200, 301, 302, 303) and not _to_login(location)
            if case.admin:
                # The admin itself may refuse staff a page (adding a sent e-mail): never a 5xx.
                good = status in (200, 302, 403) and not _to_login(location)
        elif expected == "login":
            good = status == 302 and location.startswith("/comptes/login/?next=")
        elif expected == "admin_login":
            good = status == 302 and location.startswith("/admin/login/?next=")
        else:
            good = status == int(expected)
        if not good:
            wrong.append((persona, expected, status, location))
    assert not wrong, f"{key} ({case.label}) at {path}: {wrong}"


def _to_login(location: str) -> bool:
    return location.startswith(("/comptes/login/?next=", "/admin/login/?next="))


# --- Ids too large for the database ------------------------------------------------------------

TOO_LARGE = 99999999999999999999  # above PostgreSQL's bigint and SQLite's INTEGER
ID_ROUTES = sorted(
    key
    for key, route in URLCONF.items()
    if not key.startswith("admin:") and any(c in route for c in ("<int:", "<id:"))
)


def test_every_route_taking_an_id_uses_the_id_converter():
    # Django's own <int:> matches any number of digits: a value above the database's range
    # reached the query (OverflowError on SQLite). <id:> stops at the largest id instead.
    assert ID_ROUTES, "no route takes an id?"
    plain = sorted(key for key in ID_ROUTES if "<int:" in URLCONF[key])
    assert not plain, f"routes taking an id with <int:> instead of <id:>: {plain}"


def _check_too_large_ids(client, world) -> list:
    """Each id route, its id replaced by one the database cannot hold, opened (GET and POST) by
    someone who may open the real one: 404, before any view."""
    wrong = []
    for key in ID_ROUTES:
        case = ROUTES[key][0]
        persona = "staff" if "staff" in case.ok else sorted(case.ok)[0]
        client.force_login(_user(world, persona))
        kwargs = case.kwargs(world)
        path = _path(key, kwargs)
        for value in kwargs.values():
            if isinstance(value, int):
                path = path.replace(f"/{value}/", f"/{TOO_LARGE}/")
        assert str(TOO_LARGE) in path, (key, path)
        for method in (client.get, client.post):
            with transaction.atomic():
                status = method(path).status_code
                transaction.set_rollback(True)
            if status != 404:
                wrong.append((key, method.__name__, status))
    return wrong


@pytest.mark.django_db
def test_a_too_large_id_in_an_address_is_not_found(client, world):
    assert not _check_too_large_ids(client, world)


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_too_large_id_in_an_address_is_not_found_on_postgresql(client, world):
    assert not _check_too_large_ids(client, world)
