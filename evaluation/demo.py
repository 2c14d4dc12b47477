"""The evaluation part of the demo data: a finished programme in its evaluation phase with
enough answers for a full report, a small one where the rule of small groups shows, and open
waves in the pilot promotion for the demo mentee to answer.

The programmes at evaluation ran over the last months (every date is counted back from the day
the demo is built, like the pilot's): thirty pairs met monthly, most completed, a few ended
early, some asked the coordination for a call; their baseline, four monthly check-ins and the
final questionnaire are closed and their results frozen by the results service, as a
coordinator closing the waves would have them.

Answers are written the way the submit service stores them, never with a link to a person: the
invitation is only marked answered; the response (a random key, the wave, the role and the
coarse attributes kept under the k rule of ``evaluation.attributes``) is created apart, and the
responses of a wave are written in an order that owes nothing to the invitations' order (a
database's row order would otherwise pair them). Answers are drawn from a seeded generator, so
that the figures are the same each time the demo is built, and show what a programme like this
one hopes for: confidence rising, isolation falling, between the baseline and the final
questionnaire.

Built once per programme (a programme that already exists is left alone): seeding twice gives
the same data.
"""

import datetime
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from followup.models import CharterAcceptance, HelpChannel, HelpRequest, Meeting, MeetingMode
from matching.models import EndReason, Pair, PairStatus, PairTransition
from matching.models import Response as PairAnswer
from programmes.models import (
    Application,
    ApplicationStatus,
    Indicator,
    Membership,
    Organisation,
    Phase,
    PhaseDates,
    Programme,
    Role,
)
from programmes.services import programme_create

from .attributes import coarsen, shared_values
from .models import Kind, Question, QuestionKind, Response, SurveyInvitation, Wave, WaveStatus
from .services.invitations import wave_invitations_create
from .services.questionnaires import questionnaires_ensure
from .services.results import wave_results_freeze

FINISHED_SLUG = "mentorat-bfc-bilan"
SMALL_SLUG = "mentorat-nievre-bilan"
EVALUATION_DEMO_SLUGS = [FINISHED_SLUG, SMALL_SLUG]

# Indices of the demo's list of names (mentorat.front.demo): after the main promotion's (0–89)
# and the pilot's (90 + 31 i, up to 741), below 1050 where every index has a name of its own;
# a name whose first and last names are the same ("Nicolas Nicolas") is passed over.
FINISHED_FIRST_INDEX = 742
SMALL_FIRST_INDEX = 830
FINISHED_PAIRS = 30
SMALL_PAIRS = 4

MODES = ["presentiel", "distanciel", "mixte"]
MEETING_MODES = [MeetingMode.IN_PERSON, MeetingMode.VIDEO, MeetingMode.IN_PERSON, MeetingMode.PHONE]
DURATIONS = [90, 60, 75, 60, 45]


@dataclass(frozen=True)
class WavePlan:
    """One wave of a finished programme, in days before today, and how many answered."""

    kind: str
    number: int
    opens: int
    closes: int
    answered: int | None = None  # how many answered; None: ``share`` of those invited
    share: float = 0.7


@dataclass(frozen=True)
class ProgrammePlan:
    slug: str
    name: str  # with {year}: the year the pairs started
    description: str
    pairs: int
    first_index: int
    organisations: Callable[[list[Organisation]], list[Organisation]]
    # Days before today: the phases.
    calendar: dict
    published: int  # the pairs were published
    ended: tuple[tuple[int, str], ...]  # (days ago, reason): pairs ended early, the last pairs
    help: tuple[int, ...]  # days ago: a mentee asked to be called (handled two days later)
    waves: tuple[WavePlan, ...]
    referents: bool = True


def _bfc(organisations: list[Organisation]) -> list[Organisation]:
    return organisations


def _nievre(organisations: list[Organisation]) -> list[Organisation]:
    # The Nièvre's companies first, then its neighbours of the Yonne and the Côte-d'Or.
    order = {"58": 0, "89": 1, "21": 2}
    near = [o for o in organisations if o.departement in order]
    return sorted(near, key=lambda o: (order[o.departement], o.name))


FINISHED = ProgrammePlan(
    slug=FINISHED_SLUG,
    name="Mentorat BFC {year}",
    description=(
        "Promotion régionale terminée : ses trente binômes se sont rencontrés de l’hiver à "
        "l’automne ; la coordination en présente le bilan au comité de pilotage."
    ),
    pairs=FINISHED_PAIRS,
    first_index=FINISHED_FIRST_INDEX,
    organisations=_bfc,
    calendar={
        Phase.RECRUITMENT: (300, 250),
        Phase.MATCHING: (245, 220),
        Phase.RUNNING: (215, 46),
        Phase.CLOSING: (45, 16),
        Phase.EVALUATION: (15, -30),
    },
    published=219,
    # Five of each at least, so that the report shows them (a count under k is masked).
    ended=(
        (160, EndReason.UNAVAILABLE),
        (140, EndReason.LEFT_ORGANISATION),
        (125, EndReason.MISMATCH),
        (110, EndReason.UNAVAILABLE),
        (95, EndReason.LEFT_ORGANISATION),
    ),
    help=(170, 150, 131, 115, 101, 68),
    waves=(
        WavePlan(Kind.BASELINE, 1, 212, 191, answered=52),
        WavePlan(Kind.PULSE, 1, 180, 160, answered=41),
        WavePlan(Kind.PULSE, 2, 150, 130, answered=40),
        WavePlan(Kind.PULSE, 3, 120, 100, answered=39),
        WavePlan(Kind.PULSE, 4, 90, 70, answered=40),
        WavePlan(Kind.FINAL, 1, 45, 17, answered=48),
    ),
)

SMALL = ProgrammePlan(
    slug=SMALL_SLUG,
    name="Mentorat Nièvre {year}",
    description=(
        "Petite promotion départementale de quatre binômes : avec si peu de participants, le "
        "rapport masque tout groupe de moins de cinq personnes."
    ),
    pairs=SMALL_PAIRS,
    first_index=SMALL_FIRST_INDEX,
    organisations=_nievre,
    calendar={
        Phase.RECRUITMENT: (290, 250),
        Phase.MATCHING: (245, 225),
        Phase.RUNNING: (220, 50),
        Phase.CLOSING: (49, 20),
        Phase.EVALUATION: (19, -30),
    },
    published=224,
    ended=(),
    help=(),
    waves=(
        WavePlan(Kind.BASELINE, 1, 215, 194, answered=7),
        WavePlan(Kind.PULSE, 1, 150, 130, answered=6),
        WavePlan(Kind.FINAL, 1, 48, 21, answered=6),
    ),
    referents=False,
)

# What the answers look like, by question code: the mean of an agreement or four-point item
# (answers drawn around it), the weights of a single choice's options, the mean of a number.
BASELINE_MEANS = {
    "mentee-change": 2.7,
    "mentee-psychosocial-risks": 2.4,
    "mentee-isolation": 3.9,
    "mentee-balance": 2.6,
    "mentee-hours": 48,
    "mentor-expects-to-learn": 4.1,
}
FINAL_MEANS = {
    "mentee-change": 3.9,
    "mentee-psychosocial-risks": 3.5,
    "mentee-isolation": 2.5,
    "mentee-balance": 3.2,
    "mentee-hours": 46,
    "mentor-learned": 4.2,
    "satisfaction": 4.55,
}
CHOICES = {
    (Kind.BASELINE, "mentee-new-practice"): (25, 35, 40),
    (Kind.FINAL, "mentee-new-practice"): (65, 25, 10),
    (Kind.FINAL, "mentor-took-back"): (75, 25),
    (Kind.FINAL, "recommend"): (62, 30, 6, 2),
}
# The pulse: "useful" and "rhythm" on four points, a little better each month. Everyone
# answers both, and the check-ins' answers are dealt by share ("not at all", "rather not",
# "rather yes", "absolutely"), each option given to at least k people: the pulse over time then
# shows its means (a mean is masked where it would let an option's masked count be recomputed).
PULSE_MEANS = {"pulse-useful": (2.9, 0.15), "pulse-rhythm": (3.0, 0.1)}
PULSE_SHARES = {
    "pulse-useful": ((14, 26, 36, 24), (13, 22, 38, 27), (13, 19, 38, 30), (13, 16, 38, 33)),
    "pulse-rhythm": ((13, 22, 40, 25), (13, 20, 40, 27), (13, 18, 40, 29), (13, 16, 41, 30)),
}
SKIPPED = 0.04  # share of items left unanswered
# The indicator of the default set tied to a final questionnaire's item (its share agreeing).
# "Évolution des pratiques managériales" is a progression between the baseline and the final:
# no single item's share measures it, so it is left untied.
INDICATOR_ITEMS = {"Satisfaction des participants": "satisfaction"}


def seed_demo_evaluation(
    *,
    pilot: Programme | None,
    staff,
    coordinators: Sequence,
    organisations: list[Organisation],
    referents: Sequence[tuple[object, Organisation]],
    person: Callable[..., object],
    name: Callable[[int], tuple[str, str, str]],
    email: Callable[[str, str, str], str],
    titles: tuple[Sequence[tuple[str, str]], Sequence[tuple[str, str]]],
) -> None:
    """Build the two programmes at evaluation (once each) and the pilot's open waves (once).

    ``person``, ``name``, ``email`` and ``titles`` are the demo's own (mentorat.front.demo):
    its accounts share one password and its names never repeat."""
    today = timezone.localdate()
    people = _People(person=person, name=name, email=email, titles=titles)
    for plan in (FINISHED, SMALL):
        if not Programme.objects.filter(slug=plan.slug).exists():
            _finished_programme(plan, staff, coordinators, organisations, referents, people, today)
    if pilot is not None:
        _pilot_waves(pilot, today)


def demo_evaluation_delete(programmes) -> None:
    """What must go before ``programmes`` can be deleted: their responses (a wave is protected
    while it has responses, so that no answer is lost by mistake)."""
    Response.objects.filter(wave__questionnaire__programme__in=programmes).delete()


# --- People and pairs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _People:
    person: Callable[..., object]
    name: Callable[[int], tuple[str, str, str]]
    email: Callable[[str, str, str], str]
    titles: tuple[Sequence[tuple[str, str]], Sequence[tuple[str, str]]]


def _day(today: datetime.date, days_ago: int) -> datetime.date:
    return today - datetime.timedelta(days=days_ago)


def _working_day(today: datetime.date, days_ago: int) -> datetime.date:
    day = _day(today, days_ago)
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_default_timezone()
    )


def _finished_programme(plan, staff, coordinators, organisations, referents, people, today):
    rng = random.Random(f"evaluation-demo:{plan.slug}")
    running_from = _day(today, plan.calendar[Phase.RUNNING][0])
    programme = programme_create(
        by=staff,
        name=plan.name.format(year=running_from.year),
        slug=plan.slug,
        description=plan.description,
    )
    for phase, (starts, ends) in plan.calendar.items():
        PhaseDates.objects.update_or_create(
            programme=programme,
            phase=phase,
            defaults={"starts_on": _day(today, starts), "ends_on": _day(today, ends)},
        )
    chosen = plan.organisations(organisations)
    programme.organisations.add(*chosen)
    for coordinator in coordinators:
        Membership.objects.get_or_create(
            programme=programme, user=coordinator, role=Role.COORDINATOR
        )
    if plan.referents:
        for user, organisation in referents:
            Membership.objects.get_or_create(
                programme=programme, user=user, role=Role.REFERENT, organisation=organisation
            )
    mentors, mentees = _participants(programme, plan, chosen, people, rng, today)
    pairs = _pairs(programme, plan, mentors, mentees, coordinators[0], today)
    _meetings(pairs, plan, today)
    _help_requests(pairs, plan, coordinators[0], today)
    _evaluation(programme, plan, pairs, rng, today)
    programme.current_phase = Phase.EVALUATION
    programme.save(update_fields=["current_phase"])


def _participants(programme, plan, organisations, people, rng, today):
    """``plan.pairs`` mentors and as many mentees; the k-th mentor and the k-th mentee (a pair)
    are never of the same organisation, and the organisations go round so that every
    département, sector and size of the list has people."""
    topics = list(programme.topics.all())
    recruited_from = plan.calendar[Phase.RECRUITMENT][0]
    count = len(organisations)
    step = 3 if count % 3 else 1
    result = {Role.MENTOR: [], Role.MENTEE: []}
    names = (people.name(index) for index in range(plan.first_index, 1050))
    names = (name for name in names if name[0] != name[2])
    for i, (first, gender, last) in zip(range(plan.pairs * 2), names, strict=False):
        role = Role.MENTOR if i < plan.pairs else Role.MENTEE
        k = i % plan.pairs
        organisation = organisations[(k * step + (role == Role.MENTEE)) % count]
        user = people.person(people.email(first, last, organisation.name), first, last)
        titles = people.titles[0] if role == Role.MENTOR else people.titles[1]
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
            availability="Un créneau par mois, en fin de matinée",
        )
        if topics:
            application.topics.set(rng.sample(topics, k=min(len(topics), rng.randint(1, 3))))
        arrived = _at(_day(today, recruited_from - (i * 7) % 45), 9 + i % 8, (i * 11) % 60)
        Application.objects.filter(pk=application.pk).update(
            created_at=arrived, decided_at=arrived + datetime.timedelta(days=3)
        )
        result[role].append(application)
    return result[Role.MENTOR], result[Role.MENTEE]


def _pairs(programme, plan, mentors, mentees, coordinator, today) -> list[tuple[Pair, dict]]:
    """The pairs, written with their dated history (published, accepted by both, charter
    accepted: meeting; then completed at closing or ended early). Returns each pair with the
    days (before today) it started meeting and stopped."""
    published = _at(_day(today, plan.published), 11)
    closing = plan.calendar[Phase.CLOSING][0]
    ended = dict(enumerate(plan.ended, start=plan.pairs - len(plan.ended)))
    pairs = Pair.objects.bulk_create(
        Pair(
            programme=programme,
            mentor=mentor,
            mentee=mentee,
            status=PairStatus.ENDED if i in ended else PairStatus.COMPLETED,
            score=round(0.92 - i * 0.01, 2),
            mentor_response=PairAnswer.ACCEPTED,
            mentee_response=PairAnswer.ACCEPTED,
            end_reason=ended[i][1] if i in ended else "",
        )
        for i, (mentor, mentee) in enumerate(zip(mentors, mentees, strict=True))
    )
    transitions, charters, lives = [], [], []
    for i, pair in enumerate(pairs):
        pair.created_at = published
        accepted = plan.published - 2 - i % 4
        active = accepted - 2 - i % 3
        stop, reason = ended.get(i, (closing, ""))
        final = PairStatus.ENDED if i in ended else PairStatus.COMPLETED
        steps = [
            ("", PairStatus.PROPOSED, published, None, ""),
            (PairStatus.PROPOSED, PairStatus.ACCEPTED, _at(_day(today, accepted), 18), None, ""),
            (PairStatus.ACCEPTED, PairStatus.ACTIVE, _at(_day(today, active), 9, 15), None, ""),
            (PairStatus.ACTIVE, final, _at(_day(today, stop), 11), coordinator, reason),
        ]
        transitions += [
            PairTransition(pair=pair, from_status=a, to_status=b, at=at, by=by, reason=why)
            for a, b, at, by, why in steps
        ]
        for role, member, days in (
            (Role.MENTOR, pair.mentor.user, active + 1),
            (Role.MENTEE, pair.mentee.user, active),
        ):
            charters.append(
                CharterAcceptance(
                    pair=pair, role=role, user=member, accepted_at=_at(_day(today, days), 9, 15)
                )
            )
        lives.append((pair, {"from": active, "to": stop, "ended": i in ended}))
    Pair.objects.bulk_update(pairs, ["created_at"])
    PairTransition.objects.bulk_create(transitions)
    created = CharterAcceptance.objects.bulk_create(charters)
    # accepted_at is set on insert (auto_now_add): moved back to the demo's day.
    for acceptance, wanted in zip(created, charters, strict=True):
        acceptance.accepted_at = wanted.accepted_at
    CharterAcceptance.objects.bulk_update(created, ["accepted_at"])
    return lives


def _meetings(pairs, plan, today) -> None:
    """About one meeting every four weeks from the charter to the end, on working days."""
    rows, logged = [], []
    for n, (pair, life) in enumerate(pairs):
        days_ago = life["from"] - 5 - n % 6
        i = 0
        while days_ago > life["to"]:
            held_on = _working_day(today, days_ago)
            rows.append(
                Meeting(
                    pair=pair,
                    held_on=held_on,
                    duration_minutes=DURATIONS[(n + i) % len(DURATIONS)],
                    mode=MEETING_MODES[(n + i) % len(MEETING_MODES)],
                    logged_by=(pair.mentee if i % 2 else pair.mentor).user,
                )
            )
            logged.append(_at(held_on, 19))
            days_ago -= 26 + (n * 5 + i * 3) % 9
            i += 1
    created = Meeting.objects.bulk_create(rows)
    for meeting, at in zip(created, logged, strict=True):
        meeting.logged_at = at
    Meeting.objects.bulk_update(created, ["logged_at"])


def _help_requests(pairs, plan, coordinator, today) -> None:
    rows = []
    for n, days_ago in enumerate(plan.help):
        pair, _life = pairs[(n * 7 + 3) % len(pairs)]
        rows.append(
            HelpRequest(
                pair=pair,
                requested_by=pair.mentee.user,
                role=Role.MENTEE,
                channel=HelpChannel.PHONE if n % 2 else HelpChannel.EMAIL,
                created_at=_at(_day(today, days_ago), 8, 30),
                handled_at=_at(_day(today, days_ago - 2), 14),
                handled_by=coordinator,
            )
        )
    created = HelpRequest.objects.bulk_create(rows)
    for request, wanted in zip(created, rows, strict=True):
        request.created_at = wanted.created_at
    HelpRequest.objects.bulk_update(created, ["created_at"])


# --- Waves and answers --------------------------------------------------------------------------


def _evaluation(programme, plan, pairs, rng, today) -> None:
    questionnaires = questionnaires_ensure(programme=programme)
    final_items = {q.code: q for q in questionnaires[Kind.FINAL].questions.all()}
    for indicator in Indicator.objects.filter(programme=programme, name__in=INDICATOR_ITEMS):
        question = final_items.get(INDICATOR_ITEMS[indicator.name])
        if question is not None:
            Question.objects.filter(pk=question.pk).update(indicator=indicator)
    for wave_plan in plan.waves:
        questionnaire = questionnaires[wave_plan.kind]
        wave = Wave.objects.create(
            questionnaire=questionnaire,
            number=wave_plan.number,
            opens_on=_day(today, wave_plan.opens),
            closes_on=_day(today, wave_plan.closes),
            status=WaveStatus.OPEN,
        )
        invitees = _invitees(pairs, wave_plan)
        wave_invitations_create(wave=wave, applications=invitees)
        wave.invitations.update(invited_on=wave.opens_on)
        _answers(wave, wave_plan, programme.min_group_size, rng)
        # Closed on its day, by the coordination: the results are computed then, once.
        Wave.objects.filter(pk=wave.pk).update(status=WaveStatus.CLOSED, closed_on=wave.closes_on)
        wave.refresh_from_db()
        wave_results_freeze(wave=wave)
        _date_results(wave)


def _invitees(pairs, wave_plan) -> list[Application]:
    """Who a wave invites, as the waves service does: at the baseline and the final, every
    member of a pair of the programme (those ended early took part); a check-in, the members
    of the pairs still meeting when it opens."""
    people = []
    for pair, life in pairs:
        if wave_plan.kind == Kind.PULSE and life["to"] >= wave_plan.opens:
            continue
        people += [pair.mentor, pair.mentee]
    return people


def _date_results(wave: Wave) -> None:
    """The figures were computed when the wave closed, not the day the demo was built."""
    results = wave.results
    if isinstance(results, dict) and "computed_on" in results:
        results["computed_on"] = wave.closed_on.isoformat()
        Wave.objects.filter(pk=wave.pk).update(results=results)


def _answers(wave: Wave, wave_plan: WavePlan, k: int, rng: random.Random) -> None:
    """Some of the invited answer: their invitations are marked answered and their responses
    stored with the coarse attributes the k rule keeps (``response_submit`` does the same, one
    person at a time), in a shuffled order."""
    invitations = list(wave.invitations.order_by("pk"))
    count = wave_plan.answered
    if count is None:
        count = round(len(invitations) * wave_plan.share)
    answered = rng.sample(invitations, min(count, len(invitations)))
    rng.shuffle(answered)
    shared = {
        attribute: shared_values((getattr(i, attribute) for i in invitations), k)
        for attribute in ("sector_group", "departement", "size_band")
    }
    questions = list(wave.questionnaire.questions.all())
    sheets = [_answer_sheet(questions, wave_plan, i.role, rng) for i in answered]
    if wave_plan.kind == Kind.PULSE:
        _deal_pulse(sheets, questions, wave_plan, k, rng)
    responses = [
        Response(
            wave=wave,
            role=invitation.role,
            sector_group=coarsen(invitation.sector_group, shared["sector_group"]),
            departement=coarsen(invitation.departement, shared["departement"]),
            size_band=coarsen(invitation.size_band, shared["size_band"]),
            answers=sheet,
        )
        for invitation, sheet in zip(answered, sheets, strict=True)
    ]
    SurveyInvitation.objects.filter(pk__in=[i.pk for i in answered]).update(answered=True)
    Response.objects.bulk_create(responses)


def _deal_pulse(sheets, questions, wave_plan: WavePlan, k: int, rng: random.Random) -> None:
    """The check-in's answers by share (``PULSE_SHARES``): every respondent answers, each
    option is given to at least k of them when there are enough, in a shuffled order."""
    for question in questions:
        shares = PULSE_SHARES.get(question.code)
        if not shares:
            continue
        weights = shares[min(wave_plan.number, len(shares)) - 1]
        values = _dealt(len(sheets), weights, k)
        rng.shuffle(values)
        for sheet, value in zip(sheets, values, strict=True):
            sheet[str(question.pk)] = value


def _dealt(n: int, weights: Sequence[int], k: int) -> list[int]:
    """``n`` values 1, 2, ... in proportion to ``weights`` (largest remainders), none given to
    fewer than k people when n allows it (taken from the most given)."""
    total = sum(weights)
    exact = [n * w / total for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: n - sum(counts)]:
        counts[i] += 1
    if n >= k * len(weights):
        for i in range(len(counts)):
            while counts[i] < k:
                counts[max(range(len(counts)), key=counts.__getitem__)] -= 1
                counts[i] += 1
    return [value for value, count in enumerate(counts, start=1) for _ in range(count)]


def _asked(question: Question, role: str) -> bool:
    return question.audience in ("both", role)


def _answer_sheet(
    questions: Iterable[Question], wave_plan: WavePlan, role: str, rng: random.Random
) -> dict[str, int]:
    sheet = {}
    for question in questions:
        if not _asked(question, role) or rng.random() < SKIPPED:
            continue
        value = _value(question, wave_plan, rng)
        if value is not None:
            sheet[str(question.pk)] = value
    return sheet


def _value(question: Question, wave_plan: WavePlan, rng: random.Random) -> int | None:
    kind = question.kind
    if kind == QuestionKind.CHOICE:
        count = len(question.options)
        weights = CHOICES.get((wave_plan.kind, question.code))
        if not weights or len(weights) != count:
            weights = [1] * count
        return rng.choices(range(1, count + 1), weights=weights)[0] if count else None
    if kind == QuestionKind.NUMBER:
        low, high = question.min_value or 0, question.max_value or 100
        means = FINAL_MEANS if wave_plan.kind == Kind.FINAL else BASELINE_MEANS
        mean = means.get(question.code, (low + high) / 2)
        return max(low, min(high, round(rng.gauss(mean, 5))))
    top = 4 if kind == QuestionKind.SCALE4 else 5
    if wave_plan.kind == Kind.PULSE:
        start, rise = PULSE_MEANS.get(question.code, (3.0, 0.0))
        mean = start + rise * (wave_plan.number - 1)
    else:
        means = FINAL_MEANS if wave_plan.kind == Kind.FINAL else BASELINE_MEANS
        mean = means.get(question.code, 3.6)
    spread = 0.7 if top == 4 else 0.9
    return max(1, min(top, round(rng.gauss(mean, spread))))


# --- The pilot promotion: waves open now ------------------------------------------------------


def _pilot_waves(pilot: Programme, today: datetime.date) -> None:
    """An open check-in (members of the pairs meeting) and an open baseline questionnaire
    (members of the pairs accepted or meeting), nobody has answered yet: the demo mentee finds
    both on their pair page. Built once: a pilot with waves is left alone."""
    questionnaires = questionnaires_ensure(programme=pilot)
    if Wave.objects.filter(questionnaire__programme=pilot).exists():
        return
    members = {
        Kind.PULSE: Q(pairs_as_mentor__status=PairStatus.ACTIVE)
        | Q(pairs_as_mentee__status=PairStatus.ACTIVE),
        Kind.BASELINE: Q(pairs_as_mentor__status__in=[PairStatus.ACCEPTED, PairStatus.ACTIVE])
        | Q(pairs_as_mentee__status__in=[PairStatus.ACCEPTED, PairStatus.ACTIVE]),
    }
    waves = ((Kind.PULSE, 4, pilot.checkin_cadence_days), (Kind.BASELINE, 2, 21))
    for kind, opened, lasts in waves:
        wave = Wave.objects.create(
            questionnaire=questionnaires[kind],
            number=1,
            opens_on=_day(today, opened),
            closes_on=_day(today, opened - lasts),
            status=WaveStatus.OPEN,
        )
        applications = (
            Application.objects.filter(
                members[kind], programme=pilot, status=ApplicationStatus.ACCEPTED
            )
            .select_related("organisation")
            .distinct()
            .order_by("pk")
        )
        wave_invitations_create(wave=wave, applications=applications)
        wave.invitations.update(invited_on=wave.opens_on)
