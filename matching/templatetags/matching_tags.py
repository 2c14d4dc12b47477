"""Display helpers of the matching pages: the engine's codes as French sentences.

The sentences name organisations by their id in the engine's params; the names of the
programme's organisations are read once per page, on first use, and kept for the rendering.
"""

from django import template
from django.utils.translation import gettext_lazy as _

from programmes.models import Organisation, SectorPreference

from .. import explanations

register = template.Library()

CRITERION_LABELS = {
    "topics": _("Topics"),
    "experience": _("Experience"),
    "mode": _("Way to meet"),
    "distance": _("Distance"),
    "sector": _("Sector"),
}


def _names(context) -> dict[int, str]:
    cache = context.render_context
    if "matching_organisation_names" not in cache:
        programme = context.get("programme")
        names = {}
        if programme is not None:
            names = dict(
                Organisation.objects.filter(applications__programme=programme)
                .distinct()
                .values_list("pk", "name")
            )
        cache["matching_organisation_names"] = names
    return cache["matching_organisation_names"]


@register.simple_tag
def criterion_text(criterion: dict) -> str:
    # A criterion's sentence names no organisation: no need to read their names (each
    # included criteria table has a render context of its own, so it would read them again).
    return explanations.describe_criterion(criterion)


@register.simple_tag(takes_context=True)
def unmatched_text(context, row) -> str:
    return explanations.describe_unmatched(row.code, row.params, names=_names(context))


@register.simple_tag(takes_context=True)
def issue_text(context, issue: dict) -> str:
    return explanations.describe_issue(
        issue.get("code", ""), issue.get("params") or {}, names=_names(context)
    )


@register.filter
def criterion_label(criterion: dict) -> str:
    name = criterion.get("criterion", "")
    return CRITERION_LABELS.get(name, name)


@register.filter
def top_criterion(criteria: list) -> dict | None:
    """The criterion that brings the most points: the pair's main reason, for short lists."""
    return max(criteria or [], key=lambda c: c.get("points") or 0, default=None)


@register.simple_tag
def participant_reasons(criteria: list) -> list[str]:
    """Why two people were matched, as told to them (and in their e-mail): no score, nothing
    about anyone else."""
    return explanations.participant_reasons(criteria or [])


@register.filter
def sector_preference(value: str) -> str:
    """The label of a run's stored sector preference: the programme setting's own."""
    return SectorPreference(value).label if value in SectorPreference.values else value


@register.filter
def percent_of(part, whole) -> int:
    try:
        return round(100 * int(part) / int(whole)) if int(whole) else 0
    except (TypeError, ValueError):
        return 0


@register.filter
def person(user) -> str:
    """A user's full name, else their e-mail address; "" for nobody (a run from the command
    line, a deleted account)."""
    if user is None:
        return ""
    return user.display_name


@register.filter
def participant(user) -> str:
    """A pair member's or an applicant's name; "erased participant" once they were erased
    (their application stays, detached, for the programme's figures)."""
    if user is None:
        return str(_("erased participant"))
    return user.display_name
