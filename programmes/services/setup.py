"""Writes of programme setup: the programme's settings, topics, indicators, calendar and phase,
organisations, referents and coordinators. Plain keyword-only functions inside a transaction,
which validate before saving and raise ``ValidationError`` with a French-translatable message.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from france.departements import is_departement
from mentorat.core.emails import email_enqueue

from ..defaults import DEFAULT_CHARTER, DEFAULT_INDICATORS, DEFAULT_OBJECTIVES, DEFAULT_TOPICS
from ..hooks import phase_changed
from ..models import (
    CALENDAR_PHASES,
    RESERVED_SLUGS,
    WEIGHT_FIELDS,
    Application,
    Indicator,
    Membership,
    Organisation,
    Phase,
    PhaseDates,
    Programme,
    Role,
    SizeBand,
    Topic,
    normalise_name,
)
from ..programme_file import ProgrammeTemplate, TemplateError, path_of, problem_at
from ..selectors.phases import PhaseChange, phase_change_review

__all__ = [
    "CALENDAR_PHASES",
    "RESERVED_SLUGS",
    "SETTINGS_FIELDS",
    "IndicatorRow",
    "PhaseChangeNotConfirmed",
    "PhaseRow",
    "TopicRow",
    "coordinator_appoint",
    "coordinator_appoint_by_email",
    "coordinator_remove",
    "programme_retention_set",
    "organisation_create",
    "organisation_update",
    "person_get_or_invite",
    "programme_calendar_update",
    "programme_create",
    "programme_file_import",
    "programme_general_update",
    "programme_indicators_update",
    "programme_organisation_remove",
    "programme_organisations_add",
    "programme_phase_set",
    "programme_settings_update",
    "programme_topics_update",
    "referent_appoint_by_email",
    "referent_remove",
    "siret_clean",
]


def _check_slug_free(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            {
                "slug": _("“%(slug)s” is reserved by the platform: choose another short name.")
                % {"slug": slug}
            }
        )


# Settings edited field by field (steps "charter", "matching", "reports", and the templates).
SETTINGS_FIELDS: tuple[str, ...] = (
    "charter",
    "checkin_cadence_days",
    "default_mentor_capacity",
    *WEIGHT_FIELDS,
    "sector_preference",
    "proximity_required",
    "min_group_size",
    # The follow-up's thresholds (pair health and reminders).
    "meeting_rhythm_days",
    "attention_after_weeks",
    "alert_after_weeks",
    "charter_within_days",
)


@dataclass(frozen=True)
class TopicRow:
    """One line of the topic list as edited: ``id`` is None for a new topic."""

    id: int | None
    name: str


@dataclass(frozen=True)
class IndicatorRow:
    id: int | None
    name: str
    measure: str = ""
    target: str = ""


@dataclass(frozen=True)
class PhaseRow:
    phase: str
    starts_on: date | None
    ends_on: date | None


# --- Programme -------------------------------------------------------------------------------


@transaction.atomic
def programme_create(*, by, name: str, slug: str, description: str = "") -> Programme:
    """A new programme, usable at once: default topics, charter, objectives and indicators."""
    _check_slug_free(slug)
    programme = Programme.objects.create(
        name=name,
        slug=slug,
        description=description,
        objectives=list(DEFAULT_OBJECTIVES),
        charter=DEFAULT_CHARTER,
        created_by=by,
    )
    Topic.objects.bulk_create(
        Topic(programme=programme, name=name, position=i) for i, name in enumerate(DEFAULT_TOPICS)
    )
    Indicator.objects.bulk_create(
        Indicator(programme=programme, name=name, measure=measure, target=target, position=i)
        for i, (name, measure, target) in enumerate(DEFAULT_INDICATORS)
    )
    if not by.is_staff:
        Membership.objects.get_or_create(programme=programme, user=by, role=Role.COORDINATOR)
    return programme


@transaction.atomic
def programme_general_update(
    *, programme: Programme, name: str, description: str, objectives: list[str]
) -> Programme:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("The programme needs a name.")})
    programme.name = name
    programme.description = description.strip()
    programme.objectives = [o.strip() for o in objectives if o.strip()]
    # The model holds the limits of the description and of each objective.
    programme.full_clean(exclude=["slug", "organisations"], validate_unique=False)
    programme.save(update_fields=["name", "description", "objectives", "updated_at"])
    return programme


@transaction.atomic
def programme_settings_update(*, programme: Programme, changes: dict) -> Programme:
    """Change some of the ``SETTINGS_FIELDS``; the model's validators decide (k ≥ 3 and so on)."""
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"Not a setting: {sorted(unknown)}")
    for field, value in changes.items():
        setattr(programme, field, value)
    # The model's clean() holds "at least one weight above zero", its validators the bounds.
    programme.full_clean(exclude=["slug", "name", "organisations"], validate_unique=False)
    programme.save(update_fields=[*changes, "updated_at"])
    return programme


def programme_retention_set(*, programme: Programme, months: int) -> Programme:
    """How many months after the programme closes its personal data is purged (staff's
    decision: it is the body's answer to the CNIL, not the coordination's)."""
    programme.retention_months = months
    programme.full_clean(exclude=["slug", "name", "organisations"], validate_unique=False)
    programme.save(update_fields=["retention_months", "updated_at"])
    return programme


class PhaseChangeNotConfirmed(ValidationError):
    """The phase change leaves something behind or goes back: it needs ``confirm=True``, given
    once the person has read ``review`` (the confirmation page shows it)."""

    def __init__(self, review: PhaseChange):
        super().__init__(
            _("Read what this change does, then confirm it."), code="phase_not_confirmed"
        )
        self.review = review


@transaction.atomic
def programme_phase_set(*, programme: Programme, phase: str, confirm: bool = False) -> Programme:
    """Move the programme to ``phase``. A change that leaves something behind (moving to the
    running phase before the calendar's date, or with pairs still waiting for answers) or that
    goes back a phase is refused with ``PhaseChangeNotConfirmed`` unless ``confirm``: the caller
    showed what it does (``phase_change_review``) and the person confirmed."""
    if phase not in Phase.values:
        raise ValidationError(_("Unknown phase."))
    # The phase as it is now, not as the page saw it (two coordinators at once).
    programme.current_phase = previous = (
        Programme.objects.select_for_update()
        .values_list("current_phase", flat=True)
        .get(pk=programme.pk)
    )
    if phase == previous:
        return programme
    if not confirm:
        review = phase_change_review(programme, phase)
        if review.needs_confirmation:
            raise PhaseChangeNotConfirmed(review)
    programme.current_phase = phase
    programme.save(update_fields=["current_phase", "updated_at"])
    # The apps above hear of it (the follow-up completes the running pairs at closing).
    phase_changed(programme, previous)
    return programme


@transaction.atomic
def programme_calendar_update(*, programme: Programme, rows: list[PhaseRow]) -> None:
    """Replace the calendar. A phase must not end before it starts, nor start before the phase
    before it has started: the phases follow each other."""
    errors = []
    previous: PhaseRow | None = None
    for row in rows:
        if row.phase not in CALENDAR_PHASES:
            raise ValidationError(_("Unknown phase."))
        label = Phase(row.phase).label
        if row.starts_on and row.ends_on and row.ends_on < row.starts_on:
            errors.append(_("%(phase)s: the end date is before the start date.") % {"phase": label})
        if previous and previous.starts_on and row.starts_on and row.starts_on < previous.starts_on:
            errors.append(
                _("%(phase)s starts before %(previous)s: the phases follow each other.")
                % {"phase": label, "previous": Phase(previous.phase).label}
            )
        if row.starts_on:
            previous = row
    if errors:
        raise ValidationError(errors)
    PhaseDates.objects.filter(programme=programme).delete()
    PhaseDates.objects.bulk_create(
        PhaseDates(programme=programme, phase=r.phase, starts_on=r.starts_on, ends_on=r.ends_on)
        for r in rows
        if r.starts_on or r.ends_on
    )


def _unique_names(names: list[str], empty_message: str) -> None:
    seen: set[str] = set()
    for name in names:
        key = normalise_name(name)
        if not key:
            raise ValidationError(empty_message)
        if key in seen:
            raise ValidationError(
                _("“%(name)s” appears twice in the list.") % {"name": name.strip()}
            )
        seen.add(key)


@transaction.atomic
def programme_topics_update(*, programme: Programme, rows: list[TopicRow]) -> None:
    """Make the topic list exactly ``rows``, in this order: rename the topics that keep their id,
    create the new ones, delete the missing ones — unless applications chose them, which would
    silently change what people asked for: that is refused."""
    _unique_names([r.name for r in rows], _("Every topic needs a name."))
    existing = {t.pk: t for t in Topic.objects.filter(programme=programme)}
    kept_ids = {r.id for r in rows if r.id is not None}
    if not kept_ids <= set(existing):
        raise ValidationError(_("A topic of the list does not belong to this programme."))
    removed = [t for pk, t in existing.items() if pk not in kept_ids]
    used = Topic.objects.filter(pk__in=[t.pk for t in removed], applications__isnull=False)
    used_names = sorted(set(used.values_list("name", flat=True)))
    if used_names:
        raise ValidationError(
            _(
                "These topics were chosen in applications and cannot be removed: %(names)s. "
                "Rename them instead, or keep them."
            )
            % {"names": ", ".join(f"« {n} »" for n in used_names)}
        )
    Topic.objects.filter(pk__in=[t.pk for t in removed]).delete()
    # Free the names that change first: swapping two names would otherwise break the unique
    # constraint between the two updates. The temporary names cannot meet a real one.
    wanted = {r.id: " ".join(r.name.split()) for r in rows if r.id is not None}
    renamed = [t for pk, t in existing.items() if pk in wanted and t.name != wanted[pk]]
    for topic in renamed:
        topic.name = f"~{uuid.uuid4().hex}"
    Topic.objects.bulk_update(renamed, ["name"])
    to_update, to_create = [], []
    for position, row in enumerate(rows):
        name = " ".join(row.name.split())
        if row.id is None:
            to_create.append(Topic(programme=programme, name=name, position=position))
        else:
            topic = existing[row.id]
            topic.name, topic.position = name, position
            to_update.append(topic)
    Topic.objects.bulk_update(to_update, ["name", "position"])
    Topic.objects.bulk_create(to_create)


@transaction.atomic
def programme_indicators_update(*, programme: Programme, rows: list[IndicatorRow]) -> None:
    """Make the indicator list exactly ``rows``, in this order."""
    _unique_names([r.name for r in rows], _("Every indicator needs a name."))
    existing = {i.pk: i for i in Indicator.objects.filter(programme=programme)}
    kept_ids = {r.id for r in rows if r.id is not None}
    if not kept_ids <= set(existing):
        raise ValidationError(_("An indicator of the list does not belong to this programme."))
    Indicator.objects.filter(programme=programme).exclude(pk__in=kept_ids).delete()
    to_update, to_create = [], []
    for position, row in enumerate(rows):
        values = {
            "name": " ".join(row.name.split()),
            "measure": row.measure.strip(),
            "target": row.target.strip(),
            "position": position,
        }
        if row.id is None:
            to_create.append(Indicator(programme=programme, **values))
        else:
            indicator = existing[row.id]
            for field, value in values.items():
                setattr(indicator, field, value)
            to_update.append(indicator)
    Indicator.objects.bulk_update(to_update, ["name", "measure", "target", "position"])
    Indicator.objects.bulk_create(to_create)


# --- Organisations ---------------------------------------------------------------------------


def siret_clean(value: str) -> str:
    """The SIRET without spaces, or ``ValidationError``: 14 digits whose Luhn sum is a multiple
    of 10. La Poste's establishments (SIREN 356 000 000) share one SIREN and are numbered with
    another rule instead: the sum of their digits is a multiple of 5."""
    siret = "".join(value.split())
    if not siret:
        return ""
    if len(siret) != 14 or not siret.isdigit():
        raise ValidationError(_("A SIRET number has exactly 14 digits."), code="siret_format")
    total = 0
    for i, digit in enumerate(reversed(siret)):
        n = int(digit) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    valid = total % 10 == 0
    if not valid and siret.startswith("356000000"):
        valid = sum(int(d) for d in siret) % 5 == 0
    if not valid:
        raise ValidationError(
            _("This SIRET number is not valid: check its 14 digits (checksum error)."),
            code="siret_checksum",
        )
    return siret


def _organisation_fields(
    *, name: str, sector: str, departement: str, siret: str, size_band: str
) -> dict:
    errors = {}
    name = " ".join(name.split())
    if not name:
        errors["name"] = _("The organisation needs a name.")
    if departement and not is_departement(departement):
        errors["departement"] = _("“%(value)s” is not a French département code.") % {
            "value": departement
        }
    if size_band and size_band not in SizeBand.values:
        errors["size_band"] = _("Unknown size band.")
    try:
        siret = siret_clean(siret)
    except ValidationError as e:
        errors["siret"] = e.messages[0]
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "sector": " ".join(sector.split()),
        "departement": departement,
        "siret": siret,
        "size_band": size_band,
    }


def _check_name_free(name: str, organisation: Organisation | None = None) -> None:
    others = Organisation.objects.filter(name_key=normalise_name(name))
    if organisation is not None:
        others = others.exclude(pk=organisation.pk)
    if others.exists():
        raise ValidationError(
            {"name": _("An organisation with this name already exists: choose it from the list.")}
        )


@transaction.atomic
def organisation_create(
    *,
    name: str,
    sector: str = "",
    departement: str = "",
    siret: str = "",
    size_band: str = "",
    programme: Programme | None = None,
) -> Organisation:
    """A new organisation of the shared directory; with ``programme``, it joins that programme."""
    fields = _organisation_fields(
        name=name, sector=sector, departement=departement, siret=siret, size_band=size_band
    )
    _check_name_free(fields["name"])
    organisation = Organisation.objects.create(**fields)
    if programme is not None:
        programme.organisations.add(organisation)
    return organisation


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    name: str,
    sector: str = "",
    departement: str = "",
    siret: str = "",
    size_band: str = "",
) -> Organisation:
    fields = _organisation_fields(
        name=name, sector=sector, departement=departement, siret=siret, size_band=size_band
    )
    _check_name_free(fields["name"], organisation)
    for field, value in fields.items():
        setattr(organisation, field, value)
    organisation.save()
    return organisation


@transaction.atomic
def programme_organisations_add(*, programme: Programme, organisations: list[Organisation]):
    programme.organisations.add(*organisations)


@transaction.atomic
def programme_organisation_remove(*, programme: Programme, organisation: Organisation) -> None:
    """Take an organisation out of a programme, unless people of the programme belong to it."""
    in_use = (
        Application.objects.filter(programme=programme, organisation=organisation).exists()
        or Membership.objects.filter(programme=programme, organisation=organisation).exists()
    )
    if in_use:
        raise ValidationError(
            _(
                "%(name)s cannot leave the programme: applications or referents of the "
                "programme belong to it."
            )
            % {"name": organisation.name}
        )
    programme.organisations.remove(organisation)


# --- People: coordinators and company referents -----------------------------------------------


@transaction.atomic
def person_get_or_invite(*, email: str, first_name: str = "", last_name: str = ""):
    """The account with this e-mail (case and spaces ignored), or a new one without a password:
    the person logs in with a code sent to that address, which also confirms it."""
    User = get_user_model()
    email = User.objects.normalize_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("“%(value)s” is not a valid e-mail address.") % {"value": email}}
        ) from None
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    user = User.objects.create_user(
        email=email, first_name=first_name.strip(), last_name=last_name.strip()
    )
    EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
    return user, True


def _notify_role(*, programme: Programme, user, role: str, organisation=None) -> None:
    # Keyed by programme, person and role: appointing the same person again sends nothing.
    email_enqueue(
        key=f"role-appointed:{role}:{programme.pk}:{user.pk}",
        to=user.email,
        template=f"setup_{role}_appointed",
        context={
            "programme_name": programme.name,
            "programme_path": programme.get_absolute_url(),
            "first_name": user.first_name,
            "organisation_name": organisation.name if organisation else "",
        },
        language=user.language,
    )


@transaction.atomic
def coordinator_appoint(*, programme: Programme, user) -> Membership:
    membership, created = Membership.objects.get_or_create(
        programme=programme, user=user, role=Role.COORDINATOR
    )
    if created:
        _notify_role(programme=programme, user=user, role=Role.COORDINATOR)
    return membership


@transaction.atomic
def coordinator_appoint_by_email(
    *, programme: Programme, email: str, first_name: str = "", last_name: str = ""
) -> Membership:
    """Appoint the person with this e-mail, inviting them if they have no account yet. The same
    e-mail tells both cases to log in, so that the page does not reveal who has an account."""
    user, _created = person_get_or_invite(email=email, first_name=first_name, last_name=last_name)
    return coordinator_appoint(programme=programme, user=user)


@transaction.atomic
def coordinator_remove(*, programme: Programme, membership: Membership) -> None:
    if membership.programme_id != programme.pk or membership.role != Role.COORDINATOR:
        raise ValidationError(_("This person is not a coordinator of the programme."))
    membership.delete()


@transaction.atomic
def referent_appoint_by_email(
    *,
    programme: Programme,
    organisation: Organisation,
    email: str,
    first_name: str = "",
    last_name: str = "",
) -> Membership:
    """A company referent sees their organisation's enrolment in this programme."""
    if not programme.organisations.filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": _("Add the organisation to the programme first.")})
    user, _created = person_get_or_invite(email=email, first_name=first_name, last_name=last_name)
    current = Membership.objects.filter(programme=programme, user=user, role=Role.REFERENT).first()
    if current is not None:
        if current.organisation_id != organisation.pk:
            raise ValidationError(
                {
                    "email": _(
                        "This person is already the referent of another organisation in this "
                        "programme: remove that role first."
                    )
                }
            )
        return current
    membership = Membership.objects.create(
        programme=programme, user=user, role=Role.REFERENT, organisation=organisation
    )
    _notify_role(programme=programme, user=user, role=Role.REFERENT, organisation=organisation)
    return membership


@transaction.atomic
def referent_remove(*, programme: Programme, membership: Membership) -> None:
    if membership.programme_id != programme.pk or membership.role != Role.REFERENT:
        raise ValidationError(_("This person is not a referent of the programme."))
    membership.delete()


# --- The programme file ------------------------------------------------------------------------


@transaction.atomic
def programme_file_import(
    *, template: ProgrammeTemplate, by, programme: Programme | None = None
) -> tuple[Programme, bool]:
    """Create the programme of ``template.slug``, or update it if it exists, so that its
    configuration is exactly the file's. With ``programme``, that programme is updated
    whatever the file's slug (a coordinator reusing another region's file). Its phase, people
    and organisations are left as they are. Returns the programme and whether it was created.
    The settings go through ``programme_settings_update``, the lists through their services:
    the model's rules are checked once, here as on the setup pages."""
    created = False
    if programme is None:
        programme = Programme.objects.select_for_update().filter(slug=template.slug).first()
    if programme is None:
        programme = Programme(slug=template.slug, created_by=by, current_phase=Phase.SETUP)
        created = True
    programme.name = template.name
    programme.description = template.description
    programme.objectives = list(template.objectives)
    try:
        if created:
            _check_slug_free(template.slug)
            programme.full_clean(exclude=["organisations"])
            programme.save()
        else:
            programme.save(update_fields=["name", "description", "objectives", "updated_at"])
        programme_settings_update(
            programme=programme,
            changes={attr: getattr(template, attr) for attr in SETTINGS_FIELDS},
        )
    except ValidationError as e:
        raise TemplateError(
            [problem_at(path_of(k), m) for k, ms in e.message_dict.items() for m in ms]
        ) from e

    # Topics are matched by name, so that applications keep the topics they chose.
    existing = {
        " ".join(t.name.split()).casefold(): t.pk for t in Topic.objects.filter(programme=programme)
    }
    try:
        programme_topics_update(
            programme=programme,
            rows=[TopicRow(existing.get(name.casefold()), name) for name in template.topics],
        )
    except ValidationError as e:
        raise TemplateError([problem_at("topics", m) for m in e.messages]) from e
    programme_indicators_update(
        programme=programme,
        rows=[IndicatorRow(None, i.name, i.measure, i.target) for i in template.indicators],
    )
    try:
        programme_calendar_update(
            programme=programme,
            rows=[PhaseRow(p.phase, p.starts_on, p.ends_on) for p in template.calendar],
        )
    except ValidationError as e:
        raise TemplateError([problem_at("calendar", m) for m in e.messages]) from e
    return programme, created
