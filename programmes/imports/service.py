"""Importing participants into a programme: plan what a file changes, then write it in bulk.

Choices (documented in ``docs/``-style here, where the code is):

- A person is identified by e-mail (trimmed, case-insensitive), an organisation by
  ``normalise_name``. New people get an account with no usable password and an unconfirmed
  e-mail; the coordinator chooses when to send them the invitation to activate it.
- Imported applications are **accepted**: the coordinator recruited these people outside the
  platform, so they take part at once (an accepted application is the mentor or mentee role).
  An application that already exists keeps its status: an import never overrides a review
  decision.
- An empty optional cell leaves the existing value alone: a file adds and corrects, it never
  erases what people or coordinators entered. That is also why importing the same file twice
  changes nothing the second time.
- An existing account keeps its names: the file only fills a first or last name the account
  lacks. An account belongs to its owner (it may be a staff member's or a person known from
  another programme), and a file must not rename it. So a row whose only difference with the
  database is the name of an existing account counts as **unchanged**; a row that fills a
  missing name counts as **updated**.
- A file with any invalid row writes nothing; every write happens in one transaction, with a
  constant number of queries whatever the number of rows (bulk operations, maps in memory).
"""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from ..models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    Organisation,
    Programme,
)
from .parsing import Problem, UnreadableFile, read_table
from .validation import ParticipantRow, check_table

# Lookups by ``IN (…)`` are cut into chunks: SQLite limits the number of parameters.
CHUNK = 500

# Application fields a row may set (an empty cell leaves the field alone).
APPLICATION_FIELDS = (
    "role",
    "departement",
    "job_title",
    "experience_years",
    "meeting_mode",
    "capacity",
)


@dataclass
class ImportReport:
    """What an import did (or, for a preview, would do)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    written: bool = False

    @property
    def refused(self) -> bool:
        return bool(self.errors)

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [problem.as_dict() for problem in self.errors],
            "warnings": [problem.as_dict() for problem in self.warnings],
        }


def participants_import(
    *,
    programme: Programme,
    data: bytes,
    filename: str,
    by=None,
    dry_run: bool = False,
    size: int | None = None,
) -> ImportReport:
    """Check the file ``data`` and, unless ``dry_run`` or a problem was found, write it.
    ``size`` is the file's real size when ``data`` holds only its beginning (a caller that
    reads no more than the limit allows)."""
    from django.conf import settings

    report = ImportReport()
    try:
        table = read_table(data, filename, max_size=settings.MAX_UPLOAD_SIZE, size=size)
    except UnreadableFile as exc:
        report.errors.append(exc.problem)
        return report
    topics = list(programme.topics.values_list("name", flat=True))
    checked = check_table(table, topics=topics)
    report.errors, report.warnings = checked.errors, checked.warnings
    if report.refused:
        return report
    with transaction.atomic():
        plan = _plan(programme, checked.rows)
        report.created = len(plan.new)
        report.updated = len(plan.changed)
        report.unchanged = len(checked.rows) - report.created - report.updated
        if not dry_run:
            _write(programme, plan, by=by)
            report.written = True
    return report


@dataclass
class _Plan:
    users: dict  # e-mail → existing user
    organisations: dict  # name key → existing organisation
    topics: dict  # name → Topic
    applications: dict  # user id → existing application in this programme
    application_topics: dict  # application id → set of topic ids
    new: list = field(default_factory=list)  # rows without an application
    changed: list = field(default_factory=list)  # rows whose person or application differ


def _chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _plan(programme: Programme, rows: list[ParticipantRow]) -> _Plan:
    User = get_user_model()
    emails = [row.email for row in rows]
    users = {}
    for chunk in _chunks(emails):
        # Compared in lower case: an address stored with capitals is still the same person.
        for user in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=chunk):
            users[user.email_lower] = user
    keys = sorted({row.organisation_key for row in rows})
    organisations = {}
    for chunk in _chunks(keys):
        for organisation in Organisation.objects.filter(name_key__in=chunk):
            organisations[organisation.name_key] = organisation
    applications = {}
    user_ids = [user.pk for user in users.values()]
    for chunk in _chunks(user_ids):
        for application in Application.objects.filter(programme=programme, user_id__in=chunk):
            applications[application.user_id] = application
    application_topics: dict[int, set[int]] = {a.pk: set() for a in applications.values()}
    through = Application.topics.through
    app_ids = [application.pk for application in applications.values()]
    for chunk in _chunks(app_ids):
        for app_id, topic_id in through.objects.filter(application_id__in=chunk).values_list(
            "application_id", "topic_id"
        ):
            application_topics[app_id].add(topic_id)
    plan = _Plan(
        users=users,
        organisations=organisations,
        topics={topic.name: topic for topic in programme.topics.all()},
        applications=applications,
        application_topics=application_topics,
    )
    for row in rows:
        user = users.get(row.email)
        application = applications.get(user.pk) if user else None
        if application is None:
            plan.new.append(row)
        elif _differs(plan, row, user, application):
            plan.changed.append(row)
    return plan


def _application_values(row: ParticipantRow) -> dict:
    """The application fields the row sets: its non-empty cells."""
    values = {"role": row.role}
    if row.departement:
        values["departement"] = row.departement
    if row.job_title:
        values["job_title"] = row.job_title
    if row.experience_years is not None:
        values["experience_years"] = row.experience_years
    if row.meeting_mode:
        values["meeting_mode"] = row.meeting_mode
    if row.capacity is not None:
        values["capacity"] = row.capacity
    return values


def _names_to_fill(user, row: ParticipantRow) -> dict[str, str]:
    """The names the row gives that the existing account lacks: never a renaming."""
    values = {"first_name": row.first_name, "last_name": row.last_name}
    return {name: value for name, value in values.items() if value and not getattr(user, name)}


def _differs(plan: _Plan, row: ParticipantRow, user, application: Application) -> bool:
    if _names_to_fill(user, row):
        return True
    organisation = plan.organisations.get(row.organisation_key)
    if organisation is None or application.organisation_id != organisation.pk:
        return True
    for name, value in _application_values(row).items():
        if getattr(application, name) != value:
            return True
    if application.role != row.role and application.capacity is not None:
        return True
    if row.topics:
        wanted = {plan.topics[name].pk for name in row.topics}
        if wanted != plan.application_topics[application.pk]:
            return True
    return False


def _write(programme: Programme, plan: _Plan, *, by) -> None:
    rows = plan.new + plan.changed
    organisations = _write_organisations(plan, rows)
    programme.organisations.add(*{organisations[row.organisation_key] for row in rows})
    users = _write_users(plan, rows)
    now = timezone.now()

    new_applications = []
    for row in plan.new:
        values = _application_values(row)
        if not row.departement:
            values["departement"] = organisations[row.organisation_key].departement
        new_applications.append(
            Application(
                programme=programme,
                user=users[row.email],
                organisation=organisations[row.organisation_key],
                status=ApplicationStatus.ACCEPTED,
                source=ApplicationSource.IMPORT,
                decided_at=now,
                decided_by=by,
                **values,
            )
        )
    Application.objects.bulk_create(new_applications)
    for application in new_applications:
        plan.application_topics[application.pk] = set()

    changed_applications = []
    for row in plan.changed:
        application = plan.applications[users[row.email].pk]
        application.organisation = organisations[row.organisation_key]
        for name, value in _application_values(row).items():
            setattr(application, name, value)
        if application.role != "mentor":
            application.capacity = None  # Only mentors have a capacity (a database check).
        application.updated_at = now
        changed_applications.append(application)
    Application.objects.bulk_update(
        changed_applications, ["organisation", *APPLICATION_FIELDS, "updated_at"], batch_size=500
    )

    _write_topics(plan, [(row, app) for row, app in zip(plan.new, new_applications, strict=True)])
    _write_topics(plan, [(row, plan.applications[users[row.email].pk]) for row in plan.changed])


def _write_organisations(plan: _Plan, rows: list[ParticipantRow]) -> dict:
    organisations = dict(plan.organisations)
    new, filled = {}, {}
    for row in rows:
        organisation = organisations.get(row.organisation_key) or new.get(row.organisation_key)
        if organisation is None:
            # bulk_create skips save(): the key is set here as Organisation.save() would.
            new[row.organisation_key] = Organisation(
                name=row.organisation,
                name_key=row.organisation_key,
                sector=row.sector,
                departement=row.departement,
            )
            continue
        # An existing organisation only gets what it lacks: the coordinators' data wins.
        for name, value in (("sector", row.sector), ("departement", row.departement)):
            if value and not getattr(organisation, name):
                setattr(organisation, name, value)
                if organisation.pk:
                    filled[organisation.pk] = organisation
    Organisation.objects.bulk_create(new.values())
    Organisation.objects.bulk_update(filled.values(), ["sector", "departement"], batch_size=500)
    organisations.update(new)
    return organisations


def _write_users(plan: _Plan, rows: list[ParticipantRow]) -> dict:
    User = get_user_model()
    users = dict(plan.users)
    new, filled = [], []
    for row in rows:
        user = users.get(row.email)
        if user is None:
            # No usable password: the person sets one from the activation e-mail.
            user = User(
                email=row.email,
                first_name=row.first_name,
                last_name=row.last_name,
                password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
            )
            users[row.email] = user
            new.append(user)
        elif names := _names_to_fill(user, row):
            for name, value in names.items():
                setattr(user, name, value)
            filled.append(user)
    User.objects.bulk_create(new)
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=False, primary=True) for user in new
    )
    User.objects.bulk_update(filled, ["first_name", "last_name"], batch_size=500)
    return users


def _write_topics(plan: _Plan, pairs: list[tuple[ParticipantRow, Application]]) -> None:
    through = Application.topics.through
    replace, links = [], []
    for row, application in pairs:
        if not row.topics:
            continue
        wanted = {plan.topics[name].pk for name in row.topics}
        if wanted == plan.application_topics.get(application.pk):
            continue
        replace.append(application.pk)
        links.extend(through(application_id=application.pk, topic_id=pk) for pk in wanted)
    for chunk in _chunks(replace):
        through.objects.filter(application_id__in=chunk).delete()
    through.objects.bulk_create(links, batch_size=1000)
