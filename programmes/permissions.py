"""Who may do what: the one place that decides, used by every view.

Roles are held per programme: coordinator and referent are appointed (``Membership``), mentor
and mentee come from the person's accepted ``Application``, the one record of taking part.
Staff (``User.is_staff``) is the body that owns the platform. Each action lists the roles that
may perform it on a programme::

    can(user, "manage", programme)
    programme = get_programme_for(request.user, slug, "manage")  # 404 or 403, never a leak
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import STAFF, Application, ApplicationStatus, Membership, Programme, Role

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
