"""The follow-up part of the demo data: a programme in its running phase whose pairs show every
status and every health colour on the follow-up dashboard, with months of history behind them.

The services write the pairs' life (answers, charter, meetings, the next meeting, a help
request, the ends) wherever they accept the demo's dates. They date what they write *now*,
while the demo's story took place over the last five months: each step is moved back to its day
right after the service wrote it, in the caller's transaction (``seed_demo`` is atomic), so
nobody ever sees a half-dated demo. What no service writes for the past (a matching run
published five months ago, a planned meeting already passed, reminders and messages already
sent) is written directly, with its date. Nothing here says what a pair talks about: the
models have no place for it.

``today`` is passed in (``timezone.localdate()`` in ``seed_demo``): every date is counted back
from it, so a demo loaded any day reads as a programme in full swing.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from matching.models import (
    DeclineReason,
    EndReason,
    MatchingRun,
    Pair,
    PairStatus,
    PairTransition,
    ProposedPair,
    RunStatus,
)
from matching.services import pair_respond, proposal_publish
from mentorat.core.models import SentEmail
from programmes.models import Application, Programme

from .models import (
    CharterAcceptance,
    HelpChannel,
    HelpRequest,
    Meeting,
    MeetingMode,
    Message,
    MessageRecipient,
    MessageStatus,
    PlannedMeeting,
    Reminder,
)
from .reminder_kinds import CHARTER_REMINDER_GAP_DAYS, PROPOSAL_REMINDER_DAYS
from .selectors.messages import segment_recipients
from .services.pair_life import (
    charter_accept,
    help_request_create,
    meeting_log,
    pair_complete,
    pair_end,
    planned_meeting_set,
    user_phone_set,
)

# Days before today: the first round was published a little over five months ago, the second
# (for the two mentees left without a mentor) twelve days ago.
FIRST_ROUND = 160
SECOND_ROUND = 12
PHONE = "03 53 01 24 68"  # in a range ARCEP keeps for fiction: nobody's real number
MODES = [MeetingMode.IN_PERSON, MeetingMode.VIDEO, MeetingMode.IN_PERSON, MeetingMode.PHONE]
DURATIONS = [90, 60, 75, 60, 45]


@dataclass(frozen=True)
class Story:
    """One pair of the first round, in days before today (None: it did not happen)."""

    label: str  # what the pair shows, for the reader of this file and the tests
    accepted: int | None  # both members accepted the pair
    charter: tuple[int, ...] = ()  # the mentor's acceptance, then the mentee's
    meetings: tuple[int, ...] = ()
    planned: int | None = None  # the next meeting: negative is to come, positive has passed
    help: int | None = None  # the mentee asked the coordination to call them
    completed: int | None = None
    ended: int | None = None  # by the coordination: the mentor left their organisation
    declined: int | None = None  # by the mentor: too far away to meet


# Mentor i with mentee i. The programme's defaults: amber after 6 weeks without a meeting, red
# after 10, the charter expected within 14 days.
FIRST_ROUND_STORIES = [
    Story("green", 152, (150, 148), (145, 118, 90, 62, 35, 9), planned=-12),
    Story("green", 140, (139, 136), (133, 105, 77, 49, 21), planned=-6),
    Story("amber: no meeting for 6 weeks", 138, (137, 131), (128, 99, 71, 45)),
    Story("amber: charter accepted by the mentor only", 120, (118,), (112, 84, 56, 27)),
    Story("amber: planned meeting passed", 130, (129, 127), (122, 94, 66, 38), planned=8),
    Story("red: help requested", 125, (124, 121), (119, 90, 63, 30), help=4),
    Story("red: no meeting for 10 weeks", 145, (144, 140), (137, 106, 76)),
    Story("completed", 150, (149, 147), (144, 116, 88, 60, 31), completed=12),
    Story("ended early", 148, (147, 146), (141, 115), ended=70),
    Story("declined", None, declined=157),
]
# The second round: the mentee of the ended pair with a new mentor, accepted by both and
# waiting for the charter; the mentee of the declined pair, proposed, their mentor has answered.
SECOND_ACCEPTED = 10  # the mentors after the first round's ten
SECOND_MENTOR_ANSWERED = 11


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_default_timezone())


def _moment(today: date, days_ago: int, hour: int = 10, minute: int = 0) -> datetime:
    return _at(today - timedelta(days=days_ago), hour, minute)


def _working_day(today: date, days_ago: int) -> date:
    """The day ``days_ago`` before today, or the Friday before it: managers of small companies
    meet on working days. The stories leave room for it (two days never change a colour)."""
    day = today - timedelta(days=days_ago)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _dated(pair: Pair, status: str, at: datetime) -> None:
    # The step the service has just written, moved back to the day it happened.
    PairTransition.objects.filter(pair=pair, to_status=status).update(at=at)


def _round(
    programme: Programme, by, couples: list[tuple[Application, Application]], at: datetime
) -> list[Pair]:
    """A matching run of ``couples`` published at ``at``. The run is written directly (the
    engine would choose other pairs, and a run is dated when it is computed); publishing is the
    service's, which writes the pairs, their first step and the e-mails to their members."""
    run = MatchingRun.objects.create(
        programme=programme,
        created_by=by,
        status=RunStatus.DONE,
        progress=100,
        summary={
            "matched": len(couples),
            "unmatched": 0,
            "mentors": len({mentor.pk for mentor, _ in couples}),
            "mentees": len(couples),
        },
    )
    ProposedPair.objects.bulk_create(
        ProposedPair(run=run, mentor=mentor, mentee=mentee, score=round(0.9 - i * 0.03, 2))
        for i, (mentor, mentee) in enumerate(couples)
    )
    pairs = proposal_publish(run=run, by=by)
    computed = at - timedelta(hours=2)
    MatchingRun.objects.filter(pk=run.pk).update(
        created_at=computed, finished_at=computed + timedelta(minutes=1), published_at=at
    )
    Pair.objects.filter(pk__in=[p.pk for p in pairs]).update(created_at=at)
    PairTransition.objects.filter(pair__in=pairs).update(at=at)
    return sorted(pairs, key=lambda p: p.pk)


def _accept(pair: Pair, today: date, days_ago: int) -> Pair:
    pair_respond(pair=pair, user=pair.mentor.user, accept=True)
    pair = pair_respond(pair=pair, user=pair.mentee.user, accept=True)
    _dated(pair, PairStatus.ACCEPTED, _moment(today, days_ago, 18))
    return pair


def _live(pair: Pair, story: Story, today: date, coordinator) -> None:
    members = [pair.mentor.user, pair.mentee.user]
    for member, days_ago in zip(members, story.charter, strict=False):
        acceptance = charter_accept(pair=pair, by=member)
        at = _moment(today, days_ago, 9, 15)
        CharterAcceptance.objects.filter(pk=acceptance.pk).update(accepted_at=at)
        _dated(pair, PairStatus.ACTIVE, at)  # written by the second acceptance only
    for i, days_ago in enumerate(story.meetings):
        held_on = _working_day(today, days_ago)
        meeting = meeting_log(
            pair=pair,
            by=members[i % 2],
            held_on=held_on,
            duration_minutes=DURATIONS[(pair.pk + i) % len(DURATIONS)],
            mode=MODES[(pair.pk + i) % len(MODES)],
        )
        Meeting.objects.filter(pk=meeting.pk).update(logged_at=_moment(today, days_ago, 19))
    if story.planned is not None and story.planned < 0:
        planned_meeting_set(
            pair=pair,
            by=pair.mentee.user,
            starts_at=_at(_working_day(today, story.planned), 17, 30),
            mode=MeetingMode.IN_PERSON,
        )
    elif story.planned is not None:
        # A meeting planned for a day now passed, with nothing logged since: the service plans
        # only what is to come.
        PlannedMeeting.objects.create(
            pair=pair,
            starts_at=_at(_working_day(today, story.planned), 12, 30),
            mode=MeetingMode.VIDEO,
            set_by=pair.mentor.user,
        )
    if story.help is not None:
        mentee = pair.mentee.user
        user_phone_set(user=mentee, phone=PHONE, share_phone=False)
        request = help_request_create(pair=pair, by=mentee, channel=HelpChannel.PHONE)
        HelpRequest.objects.filter(pk=request.pk).update(created_at=_moment(today, story.help, 8))
    if story.completed is not None:
        pair_complete(pair=pair, by=coordinator)
        _dated(pair, PairStatus.COMPLETED, _moment(today, story.completed, 11))
    if story.ended is not None:
        pair_end(pair=pair, by=coordinator, reason=EndReason.LEFT_ORGANISATION)
        _dated(pair, PairStatus.ENDED, _moment(today, story.ended, 15))


def seed_demo_followup(
    programme: Programme,
    *,
    by: AbstractBaseUser,
    mentors: list[Application],
    mentees: list[Application],
    today: date,
) -> list[Pair]:
    """Build the pairs of ``programme`` (twelve mentors, ten mentees: more would not show
    more) and their history. The caller builds the programme only once: this is not re-run."""
    emails_before = SentEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    stories = FIRST_ROUND_STORIES
    first = _round(
        programme,
        by,
        list(zip(mentors, mentees[: len(stories)], strict=False)),
        _moment(today, FIRST_ROUND, 11),
    )
    for pair, story in zip(first, stories, strict=True):
        if story.declined is not None:
            pair_respond(pair=pair, user=pair.mentee.user, accept=True)
            pair_respond(
                pair=pair, user=pair.mentor.user, accept=False, reason=DeclineReason.DISTANCE
            )
            _dated(pair, PairStatus.DECLINED, _moment(today, story.declined, 14))
            continue
        pair = _accept(pair, today, story.accepted)
        _live(pair, story, today, by)
    ended = next(p for p, s in zip(first, stories, strict=True) if s.ended is not None)
    declined = next(p for p, s in zip(first, stories, strict=True) if s.declined is not None)
    couples = [
        (mentors[SECOND_ACCEPTED], ended.mentee),
        (mentors[SECOND_MENTOR_ANSWERED], declined.mentee),
    ]
    second = _round(programme, by, couples, _moment(today, SECOND_ROUND, 11))
    _accept(second[0], today, SECOND_ROUND - 3)
    pair_respond(pair=second[1], user=second[1].mentor.user, accept=True)
    pairs = [*first, *second]
    _reminders(pairs, stories, second, today)
    _messages(programme, by, today)
    # The e-mails of the story (pairs proposed and confirmed, a help request) were sent when it
    # happened, not today: recorded now they would all leave at once, dated today.
    SentEmail.objects.filter(pk__gt=emails_before).delete()
    return pairs


def _reminders(pairs: list[Pair], stories: list[Story], second: list[Pair], today: date) -> None:
    """The reminders the morning sweep sent over the months (``followup.reminder_kinds``), with
    the periods it gives them, so that a sweep run today does not send them again."""
    told = {story.label: (pair, story) for pair, story in zip(pairs, stories, strict=False)}
    programme = pairs[0].programme
    rows = []

    def sent(kind: str, pair: Pair, users, period: str, days_ago: int) -> None:
        for user in users:
            rows.append(
                Reminder(
                    kind=kind,
                    subject=f"pair:{pair.pk}",
                    recipient=user,
                    period=period,
                    # One sweep a morning: the same id for the reminders of one day.
                    sweep=uuid.uuid5(uuid.NAMESPACE_URL, f"demo-sweep:{days_ago}"),
                    sent_at=_moment(today, days_ago, 8),
                )
            )

    def both(pair: Pair) -> list:
        return [pair.mentor.user, pair.mentee.user]

    def last_meeting(story: Story) -> date:
        return _working_day(today, story.meetings[-1])

    waiting = second[1]
    for period, after in zip(("1", "2"), PROPOSAL_REMINDER_DAYS, strict=True):
        sent("proposal-unanswered", waiting, [waiting.mentee.user], period, SECOND_ROUND - after)
    pair, story = told["amber: charter accepted by the mentor only"]
    due = story.accepted - programme.charter_within_days
    for period, days_ago in (("1", due), ("2", due - CHARTER_REMINDER_GAP_DAYS)):
        sent("charter-not-accepted", pair, [pair.mentee.user], period, days_ago)
    stretch = programme.attention_after_weeks * 7  # a reminder per stretch without a meeting
    for label in ("amber: no meeting for 6 weeks", "red: no meeting for 10 weeks"):
        pair, story = told[label]
        since = last_meeting(story)
        sent("no-meeting", pair, both(pair), f"{since}/1", (today - since).days - stretch)
    # The first pair's last meeting was planned: its members were told the day before.
    pair, story = pairs[0], stories[0]
    held = last_meeting(story)
    sent("meeting-tomorrow", pair, both(pair), held.isoformat(), (today - held).days + 1)
    Reminder.objects.bulk_create(rows)


MESSAGES = [
    # days ago, segment, subject, body
    (
        150,
        "participants",
        "Bienvenue dans la promotion pilote",
        "Bonjour,\n\nVos binômes sont constitués : pensez à accepter la charte sur la page de "
        "votre binôme et à fixer votre première rencontre. Vous pouvez à tout moment demander "
        "à être contacté par la coordination depuis cette même page.\n\nBelle année de "
        "mentorat,\nClaire Martin, pour la coordination",
    ),
    (
        75,
        "mentors",
        "Atelier d’échange entre mentors",
        "Bonjour,\n\nNous réunissons les mentors de la promotion pour un atelier d’échange de "
        "pratiques de deux heures, à Besançon ou en visio. Répondez à ce message pour vous "
        "inscrire.\n\nClaire Martin, pour la coordination",
    ),
    (
        20,
        "mentees",
        "Questionnaire de mi-parcours",
        "Bonjour,\n\nLe questionnaire de mi-parcours arrive dans les prochains jours. Il est "
        "anonyme : vos réponses ne sont montrées qu’en agrégats.\n\nMerci de prendre dix "
        "minutes pour y répondre,\nClaire Martin, pour la coordination",
    ),
]


def _messages(programme: Programme, by, today: date) -> None:
    """Messages the coordination sent to a segment, long delivered: written directly with their
    recipients (as the segment resolves today) rather than handed to the workers again."""
    for days_ago, segment, subject, body in MESSAGES:
        at = _moment(today, days_ago, 14, 30)
        done = at + timedelta(minutes=2)
        message = Message.objects.create(
            programme=programme,
            segment=segment,
            subject=subject,
            body=body,
            created_by=by,
            status=MessageStatus.DONE,
            heartbeat_at=done,
            finished_at=done,
        )
        ids = list(
            segment_recipients(programme, segment, "")
            .order_by("pk")
            .values_list("pk", flat=True)
            .distinct()
        )
        MessageRecipient.objects.bulk_create(
            MessageRecipient(message=message, user_id=pk, sent_at=done) for pk in ids
        )
        Message.objects.filter(pk=message.pk).update(created_at=at, recipient_count=len(ids))
