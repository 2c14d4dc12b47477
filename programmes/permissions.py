"""Who may do what: the one place that decides, used by every view.

Roles are held per programme: coordinator and referent are appointed (``Membership``), mentor
and mentee come from the person's accepted ``Application``, the one record of taking part.
Staff (``User.is_staff``) is the body that owns the platform. Each action lists the roles that
may perform it on a programme::

    can(user, "manage", programme)
    programme = get_programme_for(request.user, slug, "manage")  # 404 or 403, never a leak

One object (an application, an organisation, a pair, anything of a programme) is fetched for a
person with its ``get_…_for`` helper, as healthchecks' ``_get_check_for_user`` does: it is 404
when the person has nothing to do with it (it does not exist for them), 403 when they have a role
on it that does not allow the action. On one object, the roles are the programme's staff and
coordinator roles, the referent role only for an object of the referent's organisation, and
``OWNER`` for the person the object is about (the applicant, the two members of a pair); a
mentor or mentee role alone gives nothing on someone else's object.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Exists, OuterRef, QuerySet, Value
from django.http import Http404

from .models import (
    STAFF,
    Application,
    ApplicationStatus,
    Membership,
    Organisation,
    Programme,
    Role,
)

# The person an object is about: the applicant of an application, a member of a pair.
OWNER = "owner"

# action -> roles that may perform it on a programme.
RULES: dict[str, frozenset[str]] = {
    # See the programme's page (what each role sees on it is decided by the page).
    "view": frozenset({STAFF, Role.COORDINATOR, Role.REFERENT, Role.MENTOR, Role.MENTEE}),
    # Set up the programme, review recruitment, run matching, follow pairs (metadata only).
    "manage": frozenset({STAFF, Role.COORDINATOR}),
    # Appoint coordinators, delete a programme.
    "administer": frozenset({STAFF}),
    # See an organisation's enrolment (a referent: only their own organisation's).
    "view_enrolment": frozenset({STAFF, Role.COORDINATOR, Role.REFERENT}),
    # Take part as mentor or mentee: profile, match, meetings, check-ins.
    "participate": frozenset({Role.MENTOR, Role.MENTEE}),
    # Write to a segment of the programme (all mentors, one organisation...) and follow the
    # sending: those who manage.
    "send_messages": frozenset({STAFF, Role.COORDINATOR}),
    # Set up the evaluation: edit the questionnaires, open and close waves, build the PDF.
    "manage_evaluation": frozenset({STAFF, Role.COORDINATOR}),
    # Read the programme's aggregate report (a referent: their organisation's figures only,
    # where the group reaches k).
    "view_reports": frozenset({STAFF, Role.COORDINATOR, Role.REFERENT}),
    # Download the steering committee's PDF and the CSV of the aggregates.
    "download_reports": frozenset({STAFF, Role.COORDINATOR}),
    # --- On one object (get_application_for, get_organisation_for, get_pair_for...) ---
    # Read one application: the applicant, those who manage, the referent of its organisation.
    "view_application": frozenset({STAFF, Role.COORDINATOR, Role.REFERENT, OWNER}),
    # Decide on it, note it, place the mentee in the matching.
    "review_application": frozenset({STAFF, Role.COORDINATOR}),
    # Change one's own profile.
    "edit_application": frozenset({OWNER}),
    # Edit an organisation of the shared directory: staff, and the coordinators of a programme
    # it takes part in (the directory is shared: other programmes' organisations are not theirs).
    "edit_organisation": frozenset({STAFF, Role.COORDINATOR}),
    # Follow one pair (its state and dates, never what is said): those who manage, its members.
    "view_pair": frozenset({STAFF, Role.COORDINATOR, OWNER}),
    # Answer a proposed pair: its two members only.
    "respond_pair": frozenset({OWNER}),
    # Live one's pair after both accepted: accept the charter, log a meeting, plan the next
    # one, ask the coordination for a call. Its two members only.
    "live_pair": frozenset({OWNER}),
    # Steer one pair (its history, meeting dates, help requests; never what is said), end it
    # early or mark it completed: those who manage, never its members or a referent.
    "steer_pair": frozenset({STAFF, Role.COORDINATOR}),
}

# Actions that are not about one programme.
GLOBAL_RULES: dict[str, frozenset[str]] = {
    "create_programme": frozenset({STAFF}),
    "use_admin": frozenset({STAFF}),
}


def roles_for(user, programme: Programme) -> frozenset[str]:
    """The roles ``user`` holds in ``programme``, cached on the user for the request."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cache = user.__dict__.setdefault("_programme_roles", {})
    if programme.pk not in cache:
        # Appointed roles and the role of an accepted application, in one query.
        appointed = (
            Membership.objects.filter(user=user, programme=programme).order_by().values_list("role")
        )
        taking_part = (
            Application.objects.filter(
                user=user, programme=programme, status=ApplicationStatus.ACCEPTED
            )
            .order_by()
            .values_list("role")
        )
        roles = {role for (role,) in appointed.union(taking_part)}
        if user.is_staff:
            roles.add(STAFF)
        cache[programme.pk] = frozenset(roles)
    return cache[programme.pk]


def can(user, action: str, programme: Programme | None = None) -> bool:
    """Whether ``user`` may perform ``action`` (on ``programme`` when the action needs one)."""
    if action in GLOBAL_RULES:
        if not user.is_authenticated or not user.is_active:
            return False
        return bool(GLOBAL_RULES[action] & ({STAFF} if user.is_staff else set()))
    if action not in RULES:
        raise ValueError(f"Unknown action {action!r}")
    if programme is None:
        return False
    return bool(RULES[action] & roles_for(user, programme))


def get_programme_for(user, slug: str, action: str) -> Programme:
    """The programme for a view, or 404 when the user has no role in it, 403 when the role
    does not allow ``action``: outsiders cannot even learn that a programme exists."""
    try:
        programme = Programme.objects.get(slug=slug)
    except Programme.DoesNotExist:
        raise Http404 from None
    if not roles_for(user, programme):
        raise Http404
    if not can(user, action, programme):
        raise PermissionDenied
    return programme


def require(user, action: str, programme: Programme | None = None) -> None:
    if not can(user, action, programme):
        raise PermissionDenied


# --- One object -------------------------------------------------------------------------------


def referent_organisation_ids(user, programme: Programme) -> set[int]:
    """The organisations ``user`` is referent for in ``programme``."""
    if Role.REFERENT not in roles_for(user, programme):
        return set()
    return set(
        Membership.objects.filter(programme=programme, user=user, role=Role.REFERENT).values_list(
            "organisation_id", flat=True
        )
    )


def enrolment_scope(user, programme: Programme) -> set[int] | None:
    """The organisations whose applications ``user`` sees in the enrolment: None for every
    one (those who manage), else the referent's own organisations (none for anybody else)."""
    if can(user, "manage", programme):
        return None
    return referent_organisation_ids(user, programme)


def object_roles(
    user, programme: Programme, *, owner_ids=(), organisation_id: int | None = None
) -> frozenset[str]:
    """The roles ``user`` holds on one object of ``programme`` (see the module's docstring)."""
    held = roles_for(user, programme)
    roles = set(held & {STAFF, Role.COORDINATOR})
    if organisation_id is not None and organisation_id in referent_organisation_ids(
        user, programme
    ):
        roles.add(Role.REFERENT)
    if user.is_authenticated and user.pk in owner_ids:
        roles.add(OWNER)
    return frozenset(roles)


def require_on(roles: frozenset[str], action: str) -> None:
    """404 when the person holds no role on the object, 403 when no role of theirs allows
    ``action``."""
    if action not in RULES:
        raise ValueError(f"Unknown action {action!r}")
    if not roles:
        raise Http404
    if not roles & RULES[action]:
        raise PermissionDenied


def get_object_for(user, programme: Programme, queryset: QuerySet, action: str, **lookup):
    """One object of ``programme`` (a run, an incompatibility, a membership...) that only the
    programme-level ``action`` governs: 404 when it is not this programme's."""
    try:
        obj = queryset.get(programme=programme, **lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None
    require_on(roles_for(user, programme), action)
    return obj


def get_application_for(
    user,
    programme: Programme | str,
    action: str,
    pk: int | None = None,
    *,
    queryset: QuerySet | None = None,
) -> Application:
    """The application ``pk`` of the programme (or, without ``pk``, the user's own) if ``user``
    may perform ``action`` on it. The programme may be given by its slug: an applicant holds no
    role in it yet, yet their own application is theirs."""
    applications = queryset if queryset is not None else Application.objects.all()
    if isinstance(programme, str):
        applications = applications.filter(programme__slug=programme)
    else:
        applications = applications.filter(programme=programme)
    if pk is None:
        if not user.is_authenticated:
            raise Http404
        applications = applications.filter(user=user)
    else:
        applications = applications.filter(pk=pk)
    application = applications.select_related("programme").first()
    if application is None:
        raise Http404
    roles = object_roles(
        user,
        application.programme,
        owner_ids={application.user_id},
        organisation_id=application.organisation_id,
    )
    require_on(roles, action)
    return application


def organisation_editable(user):
    """Whether an organisation may be edited by ``user``, as an expression for ``annotate``."""
    if user.is_staff:
        return Value(True, output_field=BooleanField())
    return Exists(
        Programme.organisations.through.objects.filter(
            organisation_id=OuterRef("pk"),
            programme__memberships__user=user,
            programme__memberships__role=Role.COORDINATOR,
        )
    )


def get_organisation_for(
    user, pk: int, action: str, *, queryset: QuerySet | None = None
) -> Organisation:
    """An organisation of the shared directory if ``user`` may perform ``action`` on it."""
    organisations = queryset if queryset is not None else Organisation.objects.all()
    if not user.is_authenticated or not user.is_active:
        raise Http404
    organisation = organisations.filter(pk=pk).annotate(_editable=organisation_editable(user))
    organisation = organisation.first()
    if organisation is None:
        raise Http404
    roles = set()
    if user.is_staff:
        roles.add(STAFF)
    if organisation._editable:
        roles.add(Role.COORDINATOR)
    require_on(frozenset(roles), action)
    return organisation


def programme_view(action: str):
    """Decorate a view taking ``slug``: logs the person in, fetches the programme with
    ``get_programme_for`` and passes it as ``programme``. The action is kept on the view so that
    the permission matrix test can check every programme page against ``RULES``."""
    from functools import wraps

    from django.contrib.auth.decorators import login_required

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, slug: str, *args, **kwargs):
            programme = get_programme_for(request.user, slug, action)
            return view(request, programme, *args, **kwargs)

        wrapper.required_action = action
        return wrapper

    return decorator
