"""The programme file: a programme's configuration as a JSON file, to reuse it elsewhere.

The file carries configuration only — never personal data: no people, no organisations, no
applications. ``template_parse`` reads and checks a file and returns a ``ProgrammeTemplate`` (pure,
no database), or raises ``TemplateError`` listing every problem with its place in the file, such
as « indicators[2].name : ce champ est obligatoire ». The bounds, lengths and defaults of the
settings are the model's (its fields' validators, ``max_length`` and ``default``), and so is the
rule "at least one weight above zero": this module restates none of them.
``programmes.services.setup.programme_file_import`` writes a file in one transaction. The
format is documented in docs/programme-format.md.
"""

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _

from .defaults import DEFAULT_CHARTER, DEFAULT_INDICATORS, DEFAULT_OBJECTIVES
from .models import (
    CALENDAR_PHASES,
    NO_WEIGHT_MESSAGE,
    OBJECTIVE_MAX_LENGTH,
    RESERVED_SLUGS,
    WEIGHT_FIELDS,
    Indicator,
    Programme,
    SectorPreference,
    Topic,
    bounds_of,
    weights_valid,
)

FORMAT_VERSION = 1
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A programme file is a few kilobytes (a long charter, two hundred topics): 1 MB is far above
# any real one and far below what would cost the server.
MAX_FILE_BYTES = 1024 * 1024
# The format nests four levels (matching.weights in the object); JSON's parser recurses on
# each level, so a file of 100,000 "[" would exhaust Python's stack before any check.
MAX_DEPTH = 10

# The follow-up's thresholds (pair health, reminders), under "followup" in the file.
FOLLOWUP_FIELDS = (
    "meeting_rhythm_days",
    "attention_after_weeks",
    "alert_after_weeks",
    "charter_within_days",
)

# The JSON names of the matching weights and the model field each one sets.
WEIGHTS = dict(
    zip(("topics", "experience", "mode", "distance", "sector"), WEIGHT_FIELDS, strict=True)
)


def path_of(name: str) -> str:
    """Where the value of a programme's field is in the file, for an error found on saving
    (the programme's one rule on several fields is the weights')."""
    if name == NON_FIELD_ERRORS:
        return "matching.weights"
    keys = {attr: key for key, attr in WEIGHTS.items()}
    if name in keys:
        return f"matching.weights.{keys[name]}"
    if name in ("sector_preference", "proximity_required"):
        return f"matching.{name}"
    if name in FOLLOWUP_FIELDS:
        return f"followup.{name}"
    return name


def _field(name: str, model=Programme):
    return model._meta.get_field(name)


def _default(name: str):
    return _field(name).get_default()


@dataclass(frozen=True)
class IndicatorSpec:
    name: str
    measure: str = ""
    target: str = ""


@dataclass(frozen=True)
class PhaseSpec:
    phase: str
    starts_on: date | None = None
    ends_on: date | None = None


def _default_indicators() -> tuple[IndicatorSpec, ...]:
    return tuple(IndicatorSpec(n, m, t) for n, m, t in DEFAULT_INDICATORS)


@dataclass(frozen=True)
class ProgrammeTemplate:
    """A programme's configuration. Every field but slug, name and topics has a default."""

    slug: str
    name: str
    topics: tuple[str, ...]
    description: str = ""
    objectives: tuple[str, ...] = tuple(DEFAULT_OBJECTIVES)
    indicators: tuple[IndicatorSpec, ...] = field(default_factory=_default_indicators)
    calendar: tuple[PhaseSpec, ...] = ()
    # A new programme's charter, as programme_create gives it; the rest as the model's defaults.
    charter: str = DEFAULT_CHARTER
    checkin_cadence_days: int = _default("checkin_cadence_days")
    default_mentor_capacity: int = _default("default_mentor_capacity")
    weight_topics: int = _default("weight_topics")
    weight_experience: int = _default("weight_experience")
    weight_mode: int = _default("weight_mode")
    weight_distance: int = _default("weight_distance")
    weight_sector: int = _default("weight_sector")
    sector_preference: str = _default("sector_preference")
    proximity_required: bool = _default("proximity_required")
    min_group_size: int = _default("min_group_size")
    meeting_rhythm_days: int = _default("meeting_rhythm_days")
    attention_after_weeks: int = _default("attention_after_weeks")
    alert_after_weeks: int = _default("alert_after_weeks")
    charter_within_days: int = _default("charter_within_days")


class TemplateError(Exception):
    """A file that cannot be imported: ``errors`` lists every problem, in French."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


# --- Writing a file --------------------------------------------------------------------------


def template_to_data(template: ProgrammeTemplate) -> dict:
    """The JSON-ready dictionary of a template, keys in the documented order."""
    return {
        "format_version": FORMAT_VERSION,
        "slug": template.slug,
        "name": template.name,
        "description": template.description,
        "objectives": list(template.objectives),
        "topics": list(template.topics),
        "indicators": [asdict(i) for i in template.indicators],
        "calendar": [
            {
                "phase": p.phase,
                "starts_on": p.starts_on.isoformat() if p.starts_on else None,
                "ends_on": p.ends_on.isoformat() if p.ends_on else None,
            }
            for p in template.calendar
        ],
        "charter": template.charter,
        "checkin_cadence_days": template.checkin_cadence_days,
        "default_mentor_capacity": template.default_mentor_capacity,
        "matching": {
            "weights": {key: getattr(template, attr) for key, attr in WEIGHTS.items()},
            "sector_preference": template.sector_preference,
            "proximity_required": template.proximity_required,
        },
        "min_group_size": template.min_group_size,
        "followup": {key: getattr(template, key) for key in FOLLOWUP_FIELDS},
    }


def template_dumps(template: ProgrammeTemplate) -> str:
    return json.dumps(template_to_data(template), ensure_ascii=False, indent=2) + "\n"


def template_of_programme(programme: Programme) -> ProgrammeTemplate:
    """The configuration of a programme (three queries: topics, indicators, calendar)."""
    order = {phase: i for i, phase in enumerate(CALENDAR_PHASES)}
    calendar = sorted(programme.calendar.all(), key=lambda p: order.get(p.phase, len(order)))
    return ProgrammeTemplate(
        slug=programme.slug,
        name=programme.name,
        description=programme.description,
        objectives=tuple(programme.objectives or ()),
        topics=tuple(t.name for t in programme.topics.order_by("position", "name")),
        indicators=tuple(
            IndicatorSpec(i.name, i.measure, i.target)
            for i in programme.indicators.order_by("position", "pk")
        ),
        calendar=tuple(PhaseSpec(p.phase, p.starts_on, p.ends_on) for p in calendar),
        charter=programme.charter,
        checkin_cadence_days=programme.checkin_cadence_days,
        default_mentor_capacity=programme.default_mentor_capacity,
        weight_topics=programme.weight_topics,
        weight_experience=programme.weight_experience,
        weight_mode=programme.weight_mode,
        weight_distance=programme.weight_distance,
        weight_sector=programme.weight_sector,
        sector_preference=programme.sector_preference,
        proximity_required=programme.proximity_required,
        min_group_size=programme.min_group_size,
        **{key: getattr(programme, key) for key in FOLLOWUP_FIELDS},
    )


# --- Reading a file --------------------------------------------------------------------------


def problem_at(path: str, message: str) -> str:
    """A problem and where it is; French puts a space before the colon."""
    return _("%(path)s: %(message)s") % {"path": path, "message": message}


class _Reader:
    """Walks the parsed JSON, collecting errors with their path instead of stopping at the
    first one, so that a coordinator fixes the whole file in one go."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(problem_at(path, message))

    def text(
        self,
        obj: dict,
        key: str,
        path: str,
        *,
        required=False,
        max_length=None,
        default="",
        multiline=False,
    ) -> str:
        if key not in obj or obj[key] is None:
            if required:
                self.error(path, _("this field is required"))
            return default
        value = obj[key]
        if not isinstance(value, str):
            self.error(path, _("must be text between quotes"))
            return default
        # Long texts (charter, description) are kept as written, so that a round trip is exact.
        if not multiline:
            value = value.strip()
        if required and not value.strip():
            self.error(path, _("this field is required"))
        elif max_length and len(value) > max_length:
            self.error(
                path,
                _("at most %(max)s characters (here %(n)s)") % {"max": max_length, "n": len(value)},
            )
        return value

    def setting(self, obj: dict, key: str, path: str, *, attr: str, default: int) -> int:
        """A whole-number setting, within the bounds of the model field ``attr``."""
        if key not in obj:
            return default
        value = obj[key]
        # JSON true/false are not numbers, although Python's bool is an int.
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path, _("must be a whole number, without quotes"))
            return default
        low, high = bounds_of(_field(attr))
        if low is not None and value < low:
            self.error(path, _("must be at least %(min)s") % {"min": low})
        elif high is not None and value > high:
            self.error(path, _("must be at most %(max)s") % {"max": high})
        return value

    def boolean(self, obj: dict, key: str, path: str, *, default: bool) -> bool:
        if key not in obj:
            return default
        if not isinstance(obj[key], bool):
            self.error(path, _("must be true or false, without quotes"))
            return default
        return obj[key]

    def choice(self, obj: dict, key: str, path: str, *, default: str, choices) -> str:
        if key not in obj:
            return default
        value = obj[key]
        if value not in choices:
            self.error(
                path,
                _("unknown value %(value)s; expected one of: %(choices)s")
                % {"value": json.dumps(value, ensure_ascii=False), "choices": ", ".join(choices)},
            )
            return default
        return value

    def listing(self, obj: dict, key: str, path: str, *, required=False) -> list | None:
        if key not in obj:
            if required:
                self.error(path, _("this field is required"))
            return None
        value = obj[key]
        if not isinstance(value, list):
            self.error(path, _("must be a list between square brackets [ ]"))
            return None
        return value

    def mapping(self, value, path: str) -> dict | None:
        if not isinstance(value, dict):
            self.error(path, _("must be an object between braces { }"))
            return None
        return value

    def known_keys(self, obj: dict, path_prefix: str, known) -> None:
        for key in obj:
            if key not in known:
                self.error(
                    f"{path_prefix}{key}",
                    _("unknown key; the keys here are: %(keys)s") % {"keys": ", ".join(known)},
                )

    def day(self, obj: dict, key: str, path: str) -> date | None:
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.error(path, _("must be a date written YYYY-MM-DD, e.g. 2027-01-15, or null"))
        return None

    def names(self, values: list, path: str, *, max_length: int) -> list[str]:
        """A list of distinct, non-empty texts (topics, objectives)."""
        result, seen = [], {}
        for i, value in enumerate(values):
            item_path = f"{path}[{i}]"
            if not isinstance(value, str):
                self.error(item_path, _("must be text between quotes"))
                continue
            value = " ".join(value.split())
            if not value:
                self.error(item_path, _("must not be empty"))
            elif len(value) > max_length:
                self.error(item_path, _("at most %(max)s characters") % {"max": max_length})
            elif value.casefold() in seen:
                self.error(
                    item_path,
                    _("“%(value)s” already appears at %(other)s")
                    % {"value": value, "other": f"{path}[{seen[value.casefold()]}]"},
                )
            else:
                seen[value.casefold()] = i
                result.append(value)
        return result


TOP_LEVEL_KEYS = (
    "format_version",
    "slug",
    "name",
    "description",
    "objectives",
    "topics",
    "indicators",
    "calendar",
    "charter",
    "checkin_cadence_days",
    "default_mentor_capacity",
    "matching",
    "min_group_size",
    "followup",
)


def template_from_data(data) -> ProgrammeTemplate:
    """Check parsed JSON and build the template, or raise ``TemplateError`` with every problem."""
    r = _Reader()
    if not isinstance(data, dict):
        raise TemplateError(
            [_("The file must hold one JSON object between braces { }, not a list or a value.")]
        )
    r.known_keys(data, "", TOP_LEVEL_KEYS)
    version = data.get("format_version", FORMAT_VERSION)
    if version != FORMAT_VERSION or isinstance(version, bool):
        r.error(
            "format_version",
            _("version %(version)s of the format is not supported; this platform reads version 1")
            % {"version": json.dumps(version)},
        )
        raise TemplateError(r.errors)

    defaults = ProgrammeTemplate(slug="", name="", topics=())
    values: dict = {}
    slug = r.text(data, "slug", "slug", required=True, max_length=_field("slug").max_length)
    if slug and not SLUG_RE.match(slug):
        r.error(
            "slug", _("only lowercase letters, digits and single hyphens, e.g. mentorat-bfc-2027")
        )
    elif slug in RESERVED_SLUGS:
        r.error("slug", _("reserved by the platform: choose another short name"))
    values["slug"] = slug
    values["name"] = r.text(
        data, "name", "name", required=True, max_length=_field("name").max_length
    )
    values["description"] = r.text(
        data,
        "description",
        "description",
        multiline=True,
        max_length=_field("description").max_length,
    )
    values["charter"] = r.text(
        data,
        "charter",
        "charter",
        default=defaults.charter,
        multiline=True,
        max_length=_field("charter").max_length,
    )

    topics = r.listing(data, "topics", "topics", required=True)
    if topics is not None:
        values["topics"] = tuple(
            r.names(topics, "topics", max_length=_field("name", Topic).max_length)
        )
        if not topics:
            r.error("topics", _("give at least one topic"))
    objectives = r.listing(data, "objectives", "objectives")
    if objectives is not None:
        values["objectives"] = tuple(
            r.names(objectives, "objectives", max_length=OBJECTIVE_MAX_LENGTH)
        )

    indicators = r.listing(data, "indicators", "indicators")
    if indicators is not None:
        specs = []
        for i, item in enumerate(indicators):
            path = f"indicators[{i}]"
            if (item := r.mapping(item, path)) is None:
                continue
            r.known_keys(item, f"{path}.", ("name", "measure", "target"))
            specs.append(
                IndicatorSpec(
                    name=r.text(
                        item,
                        "name",
                        f"{path}.name",
                        required=True,
                        max_length=_field("name", Indicator).max_length,
                    ),
                    measure=r.text(
                        item,
                        "measure",
                        f"{path}.measure",
                        multiline=True,
                        max_length=_field("measure", Indicator).max_length,
                    ),
                    target=r.text(
                        item,
                        "target",
                        f"{path}.target",
                        max_length=_field("target", Indicator).max_length,
                    ),
                )
            )
        values["indicators"] = tuple(specs)

    calendar = r.listing(data, "calendar", "calendar")
    if calendar is not None:
        values["calendar"] = tuple(_read_calendar(r, calendar))

    for key in ("checkin_cadence_days", "default_mentor_capacity", "min_group_size"):
        values[key] = r.setting(data, key, key, attr=key, default=getattr(defaults, key))
    if "matching" in data and (matching := r.mapping(data["matching"], "matching")) is not None:
        values.update(_read_matching(r, matching, defaults))
    if "followup" in data and (followup := r.mapping(data["followup"], "followup")) is not None:
        r.known_keys(followup, "followup.", FOLLOWUP_FIELDS)
        for key in FOLLOWUP_FIELDS:
            values[key] = r.setting(
                followup, key, f"followup.{key}", attr=key, default=getattr(defaults, key)
            )

    if r.errors:
        raise TemplateError(r.errors)
    return ProgrammeTemplate(**values)


def _read_calendar(r: _Reader, calendar: list) -> list[PhaseSpec]:
    specs: dict[str, PhaseSpec] = {}
    for i, item in enumerate(calendar):
        path = f"calendar[{i}]"
        if (item := r.mapping(item, path)) is None:
            continue
        r.known_keys(item, f"{path}.", ("phase", "starts_on", "ends_on"))
        if "phase" not in item:
            r.error(f"{path}.phase", _("this field is required"))
            continue
        phase = r.choice(item, "phase", f"{path}.phase", default="", choices=CALENDAR_PHASES)
        starts_on = r.day(item, "starts_on", f"{path}.starts_on")
        ends_on = r.day(item, "ends_on", f"{path}.ends_on")
        if not phase:
            continue
        if phase in specs:
            r.error(f"{path}.phase", _("this phase already appears earlier in the calendar"))
            continue
        if starts_on and ends_on and ends_on < starts_on:
            r.error(f"{path}.ends_on", _("the phase ends before it starts"))
        specs[phase] = PhaseSpec(phase, starts_on, ends_on)
    # Kept in the lifecycle's order, whatever the order of the file.
    return [specs[p] for p in CALENDAR_PHASES if p in specs]


def _read_matching(r: _Reader, matching: dict, defaults: ProgrammeTemplate) -> dict:
    values: dict = {}
    r.known_keys(matching, "matching.", ("weights", "sector_preference", "proximity_required"))
    if "weights" in matching:
        weights = r.mapping(matching["weights"], "matching.weights")
        if weights is not None:
            r.known_keys(weights, "matching.weights.", tuple(WEIGHTS))
            for key, attr in WEIGHTS.items():
                values[attr] = r.setting(
                    weights,
                    key,
                    f"matching.weights.{key}",
                    attr=attr,
                    default=getattr(defaults, attr),
                )
            if not weights_valid(values.values()):
                r.error("matching.weights", str(NO_WEIGHT_MESSAGE))
    values["sector_preference"] = r.choice(
        matching,
        "sector_preference",
        "matching.sector_preference",
        default=defaults.sector_preference,
        choices=SectorPreference.values,
    )
    values["proximity_required"] = r.boolean(
        matching,
        "proximity_required",
        "matching.proximity_required",
        default=defaults.proximity_required,
    )
    return values


def too_large_message(size: int) -> str:
    return _("The file is too large (%(size)s KB); the limit is %(limit)s KB.") % {
        "size": size // 1024,
        "limit": MAX_FILE_BYTES // 1024,
    }


_STRING_RE = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET_RE = re.compile(r"[\[\]{}]")


def _depth(text: str) -> int:
    """How deeply lists and objects nest, counted without recursion (strings left out)."""
    depth = deepest = 0
    for bracket in _BRACKET_RE.findall(_STRING_RE.sub("", text)):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def template_parse(raw: bytes | str) -> ProgrammeTemplate:
    """Read a template file's content: size, encoding, nesting, JSON syntax, then every field."""
    size = len(raw.encode() if isinstance(raw, str) else raw)
    if size > MAX_FILE_BYTES:
        raise TemplateError([too_large_message(size)])
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TemplateError(
                [_("The file is not UTF-8 text: is it really a programme template (.json)?")]
            ) from None
    if _depth(raw) > MAX_DEPTH:
        raise TemplateError(
            [
                _(
                    "The file nests lists or objects more than %(max)s levels deep: a programme "
                    "file never does. Is it really a programme template (.json)?"
                )
                % {"max": MAX_DEPTH}
            ]
        )
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as e:
        raise TemplateError(
            [
                _(
                    "The file is not valid JSON (line %(line)s, column %(column)s): is it "
                    "really a programme template (.json)?"
                )
                % {"line": e.lineno, "column": e.colno}
            ]
        ) from None
    return template_from_data(data)
