"""Checking a participants table row by row: pure functions, no database.

Every problem is reported with its line and column, in the active language, and all of them
are reported at once so that the coordinator fixes the file in one go.
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from france.departements import is_departement
from mentorat.core.spreadsheets import starts_like_a_formula

from ..models import MeetingMode, Role, normalise_name
from .parsing import Problem, Table

REQUIRED_COLUMNS = ("email", "prenom", "nom", "role", "organisation")
OPTIONAL_COLUMNS = (
    "secteur",
    "departement",
    "fonction",
    "anciennete_ans",
    "thematiques",
    "modalite",
    "capacite",
)
KNOWN_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

# The longest text each column may hold (the database's limits).
MAX_LENGTHS = {
    "email": 254,
    "prenom": 150,
    "nom": 150,
    "organisation": 200,
    "secteur": 120,
    "fonction": 150,
}
MIN_CAPACITY, MAX_CAPACITY = 1, 5
TOPIC_SEPARATOR = "|"


def loose_key(text: str) -> str:
    """Case, spaces and accents do not matter: « Egalité  professionnelle » is the topic
    « Égalité professionnelle » (Excel users often type capitals without their accent)."""
    text = unicodedata.normalize("NFKD", normalise_name(text))
    return "".join(c for c in text if not unicodedata.combining(c))


ROLES = {
    "mentor": Role.MENTOR.value,
    "mentore": Role.MENTEE.value,
    "mentoree": Role.MENTEE.value,
    "mentee": Role.MENTEE.value,
}
MEETING_MODES = {loose_key(mode.value): mode.value for mode in MeetingMode}


@dataclass(frozen=True)
class ParticipantRow:
    """One valid row. Optional values the file leaves empty are "" or None."""

    line: int
    email: str  # trimmed, lower case: the person's identity
    first_name: str
    last_name: str
    role: str  # Role.MENTOR or Role.MENTEE
    organisation: str  # as written, spaces collapsed
    organisation_key: str  # normalise_name(organisation)
    sector: str
    departement: str
    job_title: str
    experience_years: int | None
    topics: tuple[str, ...]  # the programme's own spelling
    meeting_mode: str
    capacity: int | None


@dataclass
class Checked:
    rows: list[ParticipantRow] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def check_table(table: Table, *, topics: Iterable[str]) -> Checked:
    """Valid rows, errors and warnings of ``table`` for a programme whose topic list is
    ``topics``. Rows are only meaningful when there is no error."""
    checked = Checked()
    for label, column in zip(table.labels, table.columns, strict=True):
        if column and column not in KNOWN_COLUMNS:
            checked.warnings.append(Problem(1, label, _("unknown column, ignored")))
    seen_columns: set[str] = set()
    for label, column in zip(table.labels, table.columns, strict=True):
        if column in KNOWN_COLUMNS and column in seen_columns:
            checked.errors.append(Problem(1, label, _("this column appears twice")))
        seen_columns.add(column)
    for column in REQUIRED_COLUMNS:
        if column not in seen_columns:
            checked.errors.append(Problem(1, column, _("required column missing")))
    if checked.errors:
        return checked  # Without its columns, checking the rows would only add noise.
    if not table.rows:
        checked.errors.append(Problem(None, None, _("The file has no participant rows.")))
        return checked

    topic_names = {loose_key(name): name for name in topics}
    first_line_of: dict[str, int] = {}
    for line, cells in table.rows:
        row, errors = _check_row(line, cells, topic_names)
        checked.errors.extend(errors)
        # A repeated address is reported whatever else is wrong with either row, so that the
        # coordinator sees every problem at once.
        email = _parseable_email(cells)
        if email and email in first_line_of:
            checked.errors.append(
                Problem(
                    line,
                    "email",
                    _("the address « %(email)s » already appears on line %(first)s")
                    % {"email": email, "first": first_line_of[email]},
                )
            )
            continue
        if email:
            first_line_of[email] = line
        if row is not None:
            checked.rows.append(row)
    return checked


def _parseable_email(cells: dict[str, str]) -> str:
    """The row's address as ``_check_row`` reads it, or "" when it is missing or invalid."""
    email = " ".join(cells.get("email", "").split()).lower()
    try:
        validate_email(email)
    except ValidationError:
        return ""
    return email


def _check_row(
    line: int, cells: dict[str, str], topic_names: dict[str, str]
) -> tuple[ParticipantRow | None, list[Problem]]:
    errors: list[Problem] = []

    def error(column: str, message: str) -> None:
        errors.append(Problem(line, column, message))

    def text(column: str) -> str:
        value = " ".join(cells.get(column, "").split())
        limit = MAX_LENGTHS.get(column)
        if limit and len(value) > limit:
            error(
                column,
                _("too long (%(length)s characters, at most %(max)s)")
                % {"length": len(value), "max": limit},
            )
        return value

    for column in REQUIRED_COLUMNS:
        if column != "email" and not cells.get(column, "").strip():
            error(column, _("required value missing"))

    email = text("email").lower()
    if not email:
        error("email", _("e-mail address missing"))
    else:
        try:
            validate_email(email)
        except ValidationError:
            error("email", _("invalid e-mail address « %(value)s »") % {"value": email})
        else:
            if starts_like_a_formula(email):
                # Valid for the RFC, but a spreadsheet opening an export would run it.
                error(
                    "email",
                    _("an e-mail address cannot start with « %(character)s »")
                    % {"character": email[0]},
                )

    role_text = cells.get("role", "").strip()
    role = ROLES.get(loose_key(role_text))
    if role_text and role is None:
        error(
            "role",
            _("unknown role « %(value)s »: write mentor or mentoré") % {"value": role_text},
        )

    departement = cells.get("departement", "").strip().upper()
    if departement.isdigit() and len(departement) == 1:
        departement = departement.zfill(2)  # Excel drops the leading zero of « 01 ».
    if departement and not is_departement(departement):
        error(
            "departement",
            _("unknown département « %(value)s »") % {"value": cells["departement"].strip()},
        )

    experience = _whole_number(cells.get("anciennete_ans", ""), "anciennete_ans", error)
    if experience is not None and experience < 0:
        error("anciennete_ans", _("must be zero or more"))

    capacity = _whole_number(cells.get("capacite", ""), "capacite", error)
    if capacity is not None:
        if role == Role.MENTEE:
            error("capacite", _("only mentors have a capacity: leave it empty for a mentee"))
        elif not MIN_CAPACITY <= capacity <= MAX_CAPACITY:
            error(
                "capacite",
                _("capacity %(value)s out of range: between %(min)s and %(max)s mentees")
                % {"value": capacity, "min": MIN_CAPACITY, "max": MAX_CAPACITY},
            )

    topics = []
    for name in cells.get("thematiques", "").split(TOPIC_SEPARATOR):
        if not name.strip():
            continue
        topic = topic_names.get(loose_key(name))
        if topic is None:
            error(
                "thematiques",
                _("topic « %(value)s » is not in the programme's list") % {"value": name.strip()},
            )
        elif topic not in topics:
            topics.append(topic)

    mode_text = cells.get("modalite", "").strip()
    mode = MEETING_MODES.get(loose_key(mode_text), "")
    if mode_text and not mode:
        error(
            "modalite",
            _("unknown meeting mode « %(value)s »: write presentiel, distanciel or mixte")
            % {"value": mode_text},
        )

    first_name, last_name = text("prenom"), text("nom")
    organisation, sector, job_title = text("organisation"), text("secteur"), text("fonction")
    if errors:
        return None, errors
    return (
        ParticipantRow(
            line=line,
            email=email,
            first_name=first_name,
            last_name=last_name,
            role=role,
            organisation=organisation,
            organisation_key=normalise_name(organisation),
            sector=sector,
            departement=departement,
            job_title=job_title,
            experience_years=experience,
            topics=tuple(topics),
            meeting_mode=mode,
            capacity=capacity,
        ),
        [],
    )


def _whole_number(value: str, column: str, error) -> int | None:
    value = value.strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        error(column, _("« %(value)s » is not a whole number") % {"value": value})
        return None
