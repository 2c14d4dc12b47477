"""Sentences for the engine's codes: the criteria of a pair's score, why a mentee is unmatched,
the issues of a run, the hard constraints a pair breaks.

The engine speaks in codes and params (see `matching.engine`'s docstring); these functions turn
them into whole sentences in the active language (English msgids, French catalogue in
`matching/locale`). Organisation ids in params become names: from `names` when given, else from
an `organisation_name` param, else from the database. People ids (application ids) become names
the same way (`people`, `mentor_name` / `mentee_name` params, or the database).

An unknown code gives a generic sentence, never an exception: runs stored by an older version
must still display.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mentorat.core.french import departement_label, in_departement
from programmes.models import Application, MeetingMode, Organisation

Params = Mapping[str, Any]


# --- names -------------------------------------------------------------------------------------


def _organisation(
    params: Params, key: str = "organisation_id", names: Mapping[int, str] | None = None
) -> str:
    pk = params.get(key)
    name_key = key.removesuffix("_id") + "_name"
    if params.get(name_key):
        return str(params[name_key])
    if names and pk in names:
        return names[pk]
    if pk is not None:
        name = Organisation.objects.filter(pk=pk).values_list("name", flat=True).first()
        if name:
            return name
    return _("an organisation")


def _person(params: Params, role: str, people: Mapping[int, str] | None = None) -> str:
    if params.get(f"{role}_name"):
        return str(params[f"{role}_name"])
    pk = params.get(f"{role}_id")
    if people and pk in people:
        return people[pk]
    if pk is not None:
        application = Application.objects.select_related("user").filter(pk=pk).first()
        if application is not None:
            return str(application.user or _("erased participant"))
    return _("a mentor") if role == "mentor" else _("a mentee")


def _mode(mode: str | None) -> str:
    try:
        return str(MeetingMode(mode).label).lower()
    except ValueError:
        return _("not given")


def _years(n: int) -> str:
    return ngettext("%(n)d year", "%(n)d years", n) % {"n": n}


# --- criteria of a pair's score ----------------------------------------------------------------


def describe_criterion(criterion: Params, *, names: Mapping[int, str] | None = None) -> str:
    """One sentence explaining a criterion of a pair's score (`Criterion.as_dict()`)."""
    code = criterion.get("code", "")
    function = _CRITERIA.get(code)
    if function is None:
        return _("Another criterion was taken into account.")
    try:
        return function(criterion)
    except (KeyError, TypeError, ValueError):
        return _("Another criterion was taken into account.")


def _topics_shared(c: Params) -> str:
    shared, sought = list(c["shared"]), int(c["sought"])
    if not shared:
        return ngettext(
            "The mentor offers none of the %(sought)d topic sought by the mentee.",
            "The mentor offers none of the %(sought)d topics sought by the mentee.",
            sought,
        ) % {"sought": sought}
    return ngettext(
        "%(n)d sought topic out of %(sought)d is offered by the mentor: %(topics)s.",
        "%(n)d sought topics out of %(sought)d are offered by the mentor: %(topics)s.",
        len(shared),
    ) % {"n": len(shared), "sought": sought, "topics": ", ".join(shared)}


def _topics_none_sought(c: Params) -> str:
    offered = int(c.get("offered", 0))
    return ngettext(
        "The mentee did not say which topics they seek; the mentor offers %(n)d topic.",
        "The mentee did not say which topics they seek; the mentor offers %(n)d topics.",
        offered,
    ) % {"n": offered}


def _experience_ahead(c: Params) -> str:
    mentor, mentee, ahead = int(c["mentor_years"]), int(c["mentee_years"]), int(c["ahead"])
    values = {"mentor": _years(mentor), "mentee": _years(mentee), "ahead": _years(ahead)}
    if ahead > 0:
        return (
            _(
                "The mentor has %(mentor)s of management experience, %(ahead)s more than the "
                "mentee (%(mentee)s)."
            )
            % values
        )
    return (
        _(
            "The mentor does not have more management experience than the mentee "
            "(%(mentor)s against %(mentee)s)."
        )
        % values
    )


def _experience_unknown(c: Params) -> str:
    if c.get("mentor_years") is None and c.get("mentee_years") is None:
        return _("Neither the mentor nor the mentee gave their years of management experience.")
    if c.get("mentor_years") is None:
        return _("The mentor did not give their years of management experience.")
    return _("The mentee did not give their years of management experience.")


def _mode_same(c: Params) -> str:
    return _("Both prefer the same way of meeting: %(mode)s.") % {"mode": _mode(c["mentor_mode"])}


def _mode_one_mixte(c: Params) -> str:
    values = {"mentor": _mode(c["mentor_mode"]), "mentee": _mode(c["mentee_mode"])}
    return (
        _(
            "Preferred way of meeting: %(mentor)s for the mentor, %(mentee)s for the mentee; "
            "mixed meetings make it easy to agree."
        )
        % values
    )


def _mode_opposite(c: Params) -> str:
    values = {"mentor": _mode(c["mentor_mode"]), "mentee": _mode(c["mentee_mode"])}
    return (
        _(
            "Preferred way of meeting: %(mentor)s for the mentor, %(mentee)s for the mentee; "
            "they will need to agree."
        )
        % values
    )


def _mode_unknown(c: Params) -> str:
    return _("The preferred way of meeting of the mentor or the mentee is not known.")


def _distance_same(c: Params) -> str:
    return _("Both are in the same département: %(departement)s.") % {
        "departement": departement_label(c["mentor_departement"])
    }


def _distance_km(c: Params) -> str:
    values = {
        "mentor": departement_label(c["mentor_departement"]),
        "mentee": departement_label(c["mentee_departement"]),
        "km": int(c["km"]),
    }
    if c.get("neighbours"):
        return _("Neighbouring départements, %(mentor)s and %(mentee)s, about %(km)d km apart.") % (
            values
        )
    # "in" is the département's own phrase: "dans l’Yonne (89)", "en Côte-d’Or (21)".
    values["mentor_in"] = in_departement(c["mentor_departement"], with_code=True)
    values["mentee_in"] = in_departement(c["mentee_departement"], with_code=True)
    return _("The mentor is %(mentor_in)s and the mentee %(mentee_in)s, about %(km)d km apart.") % (
        values
    )


def _distance_unknown(c: Params) -> str:
    return _("The distance cannot be assessed: the département of one of them is not known.")


def _sector_indifferent(c: Params) -> str:
    return _("The programme does not take the sector of activity into account.")


def _sector_same(c: Params) -> str:
    values = {"sector": c.get("mentor_sector") or c.get("mentee_sector") or ""}
    if c.get("preference") == "same":
        return _("Same sector of activity (%(sector)s), as the programme prefers.") % values
    return (
        _("Same sector of activity (%(sector)s), whereas the programme prefers different sectors.")
        % values
    )


def _sector_different(c: Params) -> str:
    values = {"mentor": c.get("mentor_sector", ""), "mentee": c.get("mentee_sector", "")}
    if c.get("preference") == "different":
        return (
            _(
                "Different sectors of activity (%(mentor)s and %(mentee)s), as the programme "
                "prefers."
            )
            % values
        )
    return (
        _(
            "Different sectors of activity (%(mentor)s and %(mentee)s), whereas the programme "
            "prefers the same sector."
        )
        % values
    )


def _sector_unknown(c: Params) -> str:
    return _("The sector of activity of one of the two organisations is not known.")


_CRITERIA: dict[str, Callable[[Params], str]] = {
    "topics_shared": _topics_shared,
    "topics_none_sought": _topics_none_sought,
    "experience_ahead": _experience_ahead,
    "experience_unknown": _experience_unknown,
    "mode_same": _mode_same,
    "mode_one_mixte": _mode_one_mixte,
    "mode_opposite": _mode_opposite,
    "mode_unknown": _mode_unknown,
    "distance_same_departement": _distance_same,
    "distance_km": _distance_km,
    "distance_unknown": _distance_unknown,
    "sector_indifferent": _sector_indifferent,
    "sector_same": _sector_same,
    "sector_different": _sector_different,
    "sector_unknown": _sector_unknown,
}

CRITERION_CODES = frozenset(_CRITERIA)


def participant_reasons(criteria: list[Params]) -> list[str]:
    """Why two people were matched, for the e-mail they receive: the criteria that speak for the
    pair, strongest first; no score, no weight, nothing about anyone else."""
    favourable = [
        c
        for c in criteria
        if c.get("code") in _CRITERIA
        and float(c.get("value", 0)) >= 0.75
        and c.get("code") != "sector_indifferent"
    ]
    favourable.sort(key=lambda c: -float(c.get("points", 0)))
    return [describe_criterion(c) for c in favourable]


# --- unmatched mentees -------------------------------------------------------------------------


def describe_unmatched(code: str, params: Params, *, names: Mapping[int, str] | None = None) -> str:
    """Why a mentee is unmatched, and whom the coordinator could recruit."""
    try:
        if code == "no_mentor_outside_organisation":
            return _(
                "Every mentor works at %(organisation)s, the mentee's own organisation: "
                "recruit a mentor from another organisation."
            ) % {"organisation": _organisation(params, names=names)}
        if code == "only_incompatible_organisations":
            return _(
                "The only mentors outside %(organisation)s belong to organisations declared "
                "incompatible with it: recruit a mentor from another organisation, or review "
                "the incompatibilities."
            ) % {"organisation": _organisation(params, names=names)}
        if code == "excluded_all":
            n = int(params.get("excluded", 0))
            return ngettext(
                "The only remaining mentor was excluded for this mentee by the coordination: "
                "remove the exclusion or recruit another mentor.",
                "The %(n)d remaining mentors were all excluded for this mentee by the "
                "coordination: remove an exclusion or recruit another mentor.",
                n,
            ) % {"n": n}
        if code == "proximity":
            departement = params.get("departement") or ""
            if not departement:
                return _(
                    "The mentee wants to meet in person but their département is not known: "
                    "complete their profile, or ask whether remote meetings would suit them."
                )
            return _(
                "The mentee wants to meet in person and no available mentor is "
                "%(in_departement)s or in a neighbouring département: recruit a mentor nearby, or "
                "ask the mentee whether remote meetings would suit them."
            ) % {"in_departement": in_departement(departement, with_code=True)}
        if code == "no_mentor_with_topics":
            n = int(params.get("compatible", 0))
            return ngettext(
                "The only compatible mentor is full and offers none of the topics this mentee "
                "seeks: recruit a mentor who offers these topics.",
                "The %(n)d compatible mentors are all full and none of them offers the topics "
                "this mentee seeks: recruit a mentor who offers these topics.",
                n,
            ) % {"n": n}
        if code == "all_compatible_mentors_full":
            n, with_topics = int(params.get("compatible", 0)), int(params.get("with_topics", 0))
            return ngettext(
                "The only compatible mentor is already full (mentors offering a sought topic: "
                "%(with_topics)d): recruit another mentor, or raise a mentor's capacity.",
                "The %(n)d compatible mentors are all full (of them, %(with_topics)d offer a "
                "sought topic): recruit more mentors, or raise a mentor's capacity.",
                n,
            ) % {"n": n, "with_topics": with_topics}
        if code == "removed_by_coordinator":
            # Not the engine's: the coordination took the mentee out of the proposal by hand.
            if params.get("mentor_name"):
                return _(
                    "The coordination removed this mentee from the proposal, which gave them "
                    "%(mentor)s: choose another mentor below, or run the matching again."
                ) % {"mentor": params["mentor_name"]}
            return _(
                "The coordination removed this mentee from the proposal: choose another mentor "
                "below, or run the matching again."
            )
    except (KeyError, TypeError, ValueError):
        pass
    return _("No mentor could be proposed to this mentee.")


UNMATCHED_CODES = frozenset(
    {
        "no_mentor_outside_organisation",
        "only_incompatible_organisations",
        "excluded_all",
        "proximity",
        "no_mentor_with_topics",
        "all_compatible_mentors_full",
        "removed_by_coordinator",  # set by proposal_remove, not by the engine
    }
)


# --- hard constraints of a pair ----------------------------------------------------------------


def describe_violation(code: str, params: Params, *, names: Mapping[int, str] | None = None) -> str:
    """A hard constraint a pair breaks (why it cannot be proposed)."""
    try:
        if code == "same_organisation":
            return _("The mentor and the mentee both work at %(organisation)s.") % {
                "organisation": _organisation(params, names=names)
            }
        if code == "incompatible_organisations":
            return _(
                "%(mentor_organisation)s and %(mentee_organisation)s are declared incompatible."
            ) % {
                "mentor_organisation": _organisation(params, "mentor_organisation_id", names),
                "mentee_organisation": _organisation(params, "mentee_organisation_id", names),
            }
        if code == "excluded":
            return _("The coordination excluded this pair.")
        if code == "proximity":
            return _(
                "Both want to meet in person but their départements (%(mentor)s and %(mentee)s) "
                "are neither the same nor neighbours."
            ) % _departements(params)
    except (KeyError, TypeError, ValueError):
        pass
    return _("This pair breaks a rule of the programme.")


VIOLATION_CODES = frozenset(
    {"same_organisation", "incompatible_organisations", "excluded", "proximity"}
)


def _departements(params: Params) -> dict[str, str]:
    unknown = _("unknown")
    return {
        "mentor": departement_label(params.get("mentor_departement")) or unknown,
        "mentee": departement_label(params.get("mentee_departement")) or unknown,
    }


# --- issues of a run ---------------------------------------------------------------------------

# Whole sentences, with the placeholders that `_issue_values` fills.
_ISSUES: dict[str, Any] = {
    "no_mentors": gettext_lazy(
        "The programme has no accepted mentor: accept mentors' applications before running the "
        "matching."
    ),
    "no_mentees": gettext_lazy(
        "The programme has no accepted mentee waiting for a mentor: accept mentees' applications "
        "before running the matching."
    ),
    "no_capacity": gettext_lazy(
        "No mentor can take a mentee: every mentor's capacity is zero or already used by their "
        "pairs."
    ),
    "single_organisation": gettext_lazy(
        "Every mentor and mentee works at %(organisation)s: a mentor and a mentee must come "
        "from different organisations, so recruit people from other organisations."
    ),
    "duplicate_mentor_id": gettext_lazy("The mentor %(mentor)s appears twice."),
    "duplicate_mentee_id": gettext_lazy("The mentee %(mentee)s appears twice."),
    "negative_capacity": gettext_lazy(
        "The capacity of the mentor %(mentor)s is negative (%(capacity)s)."
    ),
    "negative_weight": gettext_lazy(
        "The weight of the criterion « %(criterion)s » is negative (%(weight)s): weights must "
        "be zero or more, in the programme's matching settings."
    ),
    "invalid_sector_preference": gettext_lazy(
        "The sector preference « %(value)s » is not one the matching knows: choose it again in "
        "the programme's matching settings."
    ),
    "locked_unknown_mentor": gettext_lazy(
        "A locked pair names a mentor who is not among the accepted mentors (%(mentor)s): "
        "remove the lock."
    ),
    "locked_unknown_mentee": gettext_lazy(
        "A locked pair names a mentee who is not waiting for a mentor (%(mentee)s): remove the "
        "lock."
    ),
    "locked_and_excluded": gettext_lazy(
        "The pair %(mentor)s – %(mentee)s is both locked and excluded: keep only one of the "
        "two rules."
    ),
    "locked_same_organisation": gettext_lazy(
        "The locked pair %(mentor)s – %(mentee)s is within one organisation "
        "(%(organisation)s): a mentor and a mentee must come from different organisations; "
        "remove the lock."
    ),
    "locked_incompatible_organisations": gettext_lazy(
        "The locked pair %(mentor)s – %(mentee)s joins two organisations declared incompatible "
        "(%(mentor_organisation)s and %(mentee_organisation)s): remove the lock or the "
        "incompatibility."
    ),
    "locked_proximity": gettext_lazy(
        "The locked pair %(mentor)s – %(mentee)s want to meet in person but are too far apart "
        "(%(mentor_departement)s and %(mentee_departement)s): remove the lock, or one of them "
        "may accept remote meetings."
    ),
    # A plural form: a function of the params, so that makemessages sees both forms.
    "mentor_locked_over_capacity": lambda params: ngettext(
        "The mentor %(mentor)s has %(locked)d locked pairs but room for only %(capacity)d "
        "mentee: remove a lock or raise their capacity.",
        "The mentor %(mentor)s has %(locked)d locked pairs but room for only %(capacity)d "
        "mentees: remove a lock or raise their capacity.",
        int(params["capacity"]),
    ),
    "mentee_locked_twice": gettext_lazy(
        "The mentee %(mentee)s is locked with %(count)d mentors at once (%(mentors)s): keep "
        "only one lock."
    ),
    "weights_all_zero": gettext_lazy(
        "Every criterion weighs zero: all scores are 0 and only the number of pairs counts. "
        "Check the programme's matching settings."
    ),
    "excluded_unknown_id": gettext_lazy(
        "An excluded pair names someone who no longer takes part; it was ignored."
    ),
    "unknown_departement": gettext_lazy(
        "The département « %(departement)s » of %(person)s is not a French département: "
        "distance could not be assessed for them."
    ),
    "in_person_without_departement": gettext_lazy(
        "%(person)s wants to meet in person but their département is not known: they can only "
        "be paired with people who accept remote meetings. Complete their profile."
    ),
    "unknown_mentor": gettext_lazy(
        "%(mentor)s is not among the accepted mentors of the programme."
    ),
    "unknown_mentee": gettext_lazy(
        "%(mentee)s is not among the accepted mentees waiting for a mentor."
    ),
    # From the Django layer, not the engine:
    "lock_ignored": gettext_lazy(
        "The locked pair %(mentor)s – %(mentee)s was left out: one of them is no longer "
        "waiting for a match (already paired, or application no longer accepted)."
    ),
    "worker_lost": gettext_lazy(
        "The computation stopped (the computing service was stopped). You can run the matching "
        "again."
    ),
    "unexpected_error": gettext_lazy(
        "The matching stopped on an unexpected error. Try again; if it happens again, contact "
        "the platform's team."
    ),
}

ISSUE_CODES = frozenset(_ISSUES)


def describe_issue(
    code: str,
    params: Params,
    *,
    names: Mapping[int, str] | None = None,
    people: Mapping[int, str] | None = None,
) -> str:
    """An issue of a run: why it could not be computed (blocking) or a warning."""
    text = _ISSUES.get(code)
    try:
        if callable(text):
            text = text(params)
        if text is not None:
            return str(text) % _issue_values(params, names, people)
    except (KeyError, TypeError, ValueError):
        pass
    return _("The matching could not use part of the data (%(code)s).") % {"code": code}


class _IssueValues(dict):
    """The placeholders of an issue sentence, each computed when the sentence asks for it (a
    name may need the database)."""

    def __init__(self, params: Params, names, people) -> None:
        super().__init__(params)
        self.params, self.names, self.people = params, names, people

    def __missing__(self, key: str) -> Any:
        params, names, people = self.params, self.names, self.people
        if key in ("mentor", "mentee"):
            return _person(params, key, people)
        if key in ("organisation", "mentor_organisation", "mentee_organisation"):
            return _organisation(params, f"{key}_id", names)
        if key in ("mentor_departement", "mentee_departement"):
            return _departements(params)[key.removesuffix("_departement")]
        if key == "criterion":
            return _criterion_label(str(params.get("criterion", "")))
        if key == "person":
            return _person_by_role(params, people)
        if key == "count":
            return len(params["mentor_ids"])
        if key == "mentors":
            names_ = params.get("mentor_names") or [
                _person({"mentor_id": pk}, "mentor", people) for pk in params["mentor_ids"]
            ]
            return ", ".join(names_)
        raise KeyError(key)


def _issue_values(params: Params, names, people) -> dict[str, Any]:
    return _IssueValues(params, names, people)


def _criterion_label(name: str) -> str:
    labels = {
        "topics": _("topics"),
        "experience": _("experience"),
        "mode": _("meeting mode"),
        "distance": _("distance"),
        "sector": _("sector"),
    }
    return labels.get(name, name)


def _person_by_role(params: Params, people) -> str:
    role = params.get("role")
    if role in ("mentor", "mentee"):
        return _person({f"{role}_id": params.get("id"), **params}, role, people)
    return _("a participant")
