"""What the coordination's evaluation pages read: the programme's questionnaires with their
waves and participation, whether a questionnaire may still be edited, and what a phase change
means for the waves (the confirmation page's notes)."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from matching.models import PairStatus
from programmes.hooks import PhaseNote
from programmes.models import Application, ApplicationStatus, Phase, Programme

from ..models import Kind, Question, Questionnaire, Wave, WaveStatus

# Who is asked to answer each kind: the members of the programme's pairs in these statuses.
# The final questionnaire also asks those whose pair ended early: they took part.
INVITED_PAIR_STATUSES: dict[str, tuple[str, ...]] = {
    Kind.PULSE: (PairStatus.ACTIVE,),
    Kind.BASELINE: (PairStatus.ACCEPTED, PairStatus.ACTIVE),
    Kind.MIDTERM: (PairStatus.ACTIVE,),
    Kind.FINAL: (PairStatus.ACTIVE, PairStatus.COMPLETED, PairStatus.ENDED),
}

# The order of the instruments on the pages: the pulse, then the questionnaires in time.
KIND_ORDER = [Kind.PULSE, Kind.BASELINE, Kind.MIDTERM, Kind.FINAL]


@dataclass
class WaveRow:
    wave: Wave
    invited: int
    answered: int
    k: int

    @property
    def count_shown(self) -> bool:
        """Who answered is shown as a count only once at least k have: with one answer in,
        "who answered" would be "what they answered"."""
        return self.answered >= self.k


@dataclass
class QuestionnaireRow:
    questionnaire: Questionnaire
    questions: int
    waves: list[WaveRow] = field(default_factory=list)

    @property
    def editable(self) -> bool:
        return all(row.wave.status == WaveStatus.SCHEDULED for row in self.waves)

    @property
    def has_live_wave(self) -> bool:
        return any(row.wave.status != WaveStatus.CLOSED for row in self.waves)


def evaluation_overview(programme: Programme) -> list[QuestionnaireRow]:
    """The programme's questionnaires in ``KIND_ORDER``, each with its number of questions and
    its waves with the invited and answered counts. Two queries, whatever the numbers."""
    questionnaires = Questionnaire.objects.filter(programme=programme).annotate(
        question_count=Count("questions")
    )
    rows = {
        q.kind: QuestionnaireRow(questionnaire=q, questions=q.question_count)
        for q in questionnaires
    }
    waves = (
        Wave.objects.filter(questionnaire__programme=programme)
        .annotate(
            invited=Count("invitations"),
            answered=Count("invitations", filter=Q(invitations__answered=True)),
        )
        .order_by("questionnaire_id", "number")
    )
    by_id = {row.questionnaire.pk: row for row in rows.values()}
    for wave in waves:
        row = by_id[wave.questionnaire_id]
        wave.questionnaire = row.questionnaire
        row.waves.append(WaveRow(wave, wave.invited, wave.answered, programme.min_group_size))
    return [rows[kind] for kind in KIND_ORDER if kind in rows]


def questionnaire_editable(questionnaire: Questionnaire) -> bool:
    """Whether the questions may still change: no wave of the questionnaire has ever opened
    (changing a question afterwards would mix answers to two different questions)."""
    return not questionnaire.waves.exclude(status=WaveStatus.SCHEDULED).exists()


def questions_of(questionnaire: Questionnaire) -> list[Question]:
    """The questionnaire's questions in order, their indicator selected. One query."""
    return list(questionnaire.questions.select_related("indicator").order_by("position", "pk"))


def invited_applications(questionnaire: Questionnaire):
    """The accepted applications of the people a wave of ``questionnaire`` invites: the members
    of the programme's pairs in the statuses its kind asks (``INVITED_PAIR_STATUSES``), their
    organisation selected. One query, whatever their number."""
    statuses = INVITED_PAIR_STATUSES[questionnaire.kind]
    return (
        Application.objects.filter(
            programme_id=questionnaire.programme_id, status=ApplicationStatus.ACCEPTED
        )
        .filter(Q(pairs_as_mentor__status__in=statuses) | Q(pairs_as_mentee__status__in=statuses))
        .distinct()
        .select_related("organisation")
        .order_by("pk")
    )


# --- Phase change notes (registered in programmes.hooks) --------------------------------------


def moves_forward(previous: str, phase: str) -> bool:
    """Whether going from ``previous`` to ``phase`` moves the programme on: going back to an
    earlier phase opens no wave."""
    order = list(Phase.values)
    return order.index(phase) > order.index(previous)


def phase_change_notes(programme: Programme, phase: str) -> list[PhaseNote]:
    """What moving ``programme`` to ``phase`` does to its waves: entering the running phase
    opens the baseline questionnaire and starts the pulse check-ins, entering closing opens the
    final questionnaire (each when it is in use and, for a questionnaire, has no wave yet), only
    when the programme moves forward. One query."""
    if phase not in (Phase.RUNNING, Phase.CLOSING) or not moves_forward(
        programme.current_phase, phase
    ):
        return []
    from ..bank import ENABLED_BY_DEFAULT

    kinds = [Kind.BASELINE, Kind.PULSE] if phase == Phase.RUNNING else [Kind.FINAL]
    found = {
        q.kind: q
        for q in Questionnaire.objects.filter(programme=programme, kind__in=kinds).annotate(
            wave_count=Count("waves")
        )
    }

    def in_use(kind: str) -> bool:
        questionnaire = found.get(kind)
        return questionnaire.enabled if questionnaire else kind in ENABLED_BY_DEFAULT

    def without_wave(kind: str) -> bool:
        return kind not in found or not found[kind].wave_count

    notes = []
    if phase == Phase.RUNNING:
        if in_use(Kind.BASELINE) and without_wave(Kind.BASELINE):
            notes.append(
                PhaseNote(
                    _(
                        "The baseline questionnaire opens for three weeks: the members of the "
                        "pairs accepted by both or meeting are invited to answer it, anonymously."
                    )
                )
            )
        if in_use(Kind.PULSE):
            notes.append(
                PhaseNote(
                    ngettext(
                        "The pulse check-ins start: every %(days)d day, the members of the "
                        "pairs that meet are invited to answer two short questions, anonymously.",
                        "The pulse check-ins start: every %(days)d days, the members of the "
                        "pairs that meet are invited to answer two short questions, anonymously.",
                        programme.checkin_cadence_days,
                    )
                    % {"days": programme.checkin_cadence_days}
                )
            )
    elif in_use(Kind.FINAL) and without_wave(Kind.FINAL):
        notes.append(
            PhaseNote(
                _(
                    "The final questionnaire opens for four weeks: the members of the pairs that "
                    "met, including those that ended early, are invited to answer it, "
                    "anonymously."
                )
            )
        )
    return notes
