"""The default bank of questions, copied into each programme's questionnaires (in the
programme's language, French by default) and editable there by the coordinators.

Items with the same ``code`` in the baseline and the final questionnaire are compared (difference
of means, baseline vs final). Agreement items run from 1 ("strongly disagree") to 5 ("strongly
agree"); four-point items from 1 ("not at all") to 4 ("absolutely").
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Audience, Kind, QuestionKind

AGREEMENT_LABELS = (
    pgettext_lazy("agreement", "Strongly disagree"),
    pgettext_lazy("agreement", "Rather disagree"),
    pgettext_lazy("agreement", "Neither agree nor disagree"),
    pgettext_lazy("agreement", "Rather agree"),
    pgettext_lazy("agreement", "Strongly agree"),
)
SCALE4_LABELS = (
    pgettext_lazy("scale4", "Not at all"),
    pgettext_lazy("scale4", "Rather not"),
    pgettext_lazy("scale4", "Rather yes"),
    pgettext_lazy("scale4", "Absolutely"),
)
# The smallest value that counts as agreeing ("part d'accord").
AGREE_FROM = {QuestionKind.AGREEMENT: 4, QuestionKind.SCALE4: 3}


@dataclass(frozen=True)
class BankItem:
    code: str
    text: str
    kind: str
    audience: str = Audience.BOTH
    options: tuple = ()
    min_value: int | None = None
    max_value: int | None = None


_YES_NO = (pgettext_lazy("answer", "Yes"), pgettext_lazy("answer", "No"))

_MENTEE_PRACTICES = (
    BankItem(
        "mentee-change",
        _("I feel confident leading a change in my team."),
        QuestionKind.AGREEMENT,
        Audience.MENTEE,
    ),
    BankItem(
        "mentee-psychosocial-risks",
        _("I feel able to prevent psychosocial risks in my team."),
        QuestionKind.AGREEMENT,
        Audience.MENTEE,
    ),
    BankItem(
        "mentee-isolation",
        _("I feel isolated in my role as a manager."),
        QuestionKind.AGREEMENT,
        Audience.MENTEE,
    ),
    BankItem(
        "mentee-new-practice",
        _("In the last three months, have you tried a new management practice?"),
        QuestionKind.CHOICE,
        Audience.MENTEE,
        options=(
            pgettext_lazy("answer", "Yes"),
            pgettext_lazy("answer", "Not yet, but I intend to"),
            pgettext_lazy("answer", "No"),
        ),
    ),
    BankItem(
        "mentee-balance",
        _("The balance between my working time and my personal life suits me."),
        QuestionKind.AGREEMENT,
        Audience.MENTEE,
    ),
    BankItem(
        "mentee-hours",
        _("How many hours do you usually work in a week?"),
        QuestionKind.NUMBER,
        Audience.MENTEE,
        min_value=0,
        max_value=80,
    ),
)

_BOTH_SATISFACTION = (
    BankItem(
        "satisfaction",
        _("Overall, I am satisfied with the programme."),
        QuestionKind.AGREEMENT,
    ),
    BankItem(
        "recommend",
        _("Would you recommend this programme to a colleague?"),
        QuestionKind.CHOICE,
        options=(
            pgettext_lazy("answer", "Yes, certainly"),
            pgettext_lazy("answer", "Yes, probably"),
            pgettext_lazy("answer", "Probably not"),
            pgettext_lazy("answer", "Certainly not"),
        ),
    ),
)

BANK: dict[str, tuple[BankItem, ...]] = {
    Kind.PULSE: (
        BankItem("pulse-useful", _("Are these exchanges useful to you?"), QuestionKind.SCALE4),
        BankItem(
            "pulse-rhythm", _("Does the rhythm of the meetings suit you?"), QuestionKind.SCALE4
        ),
    ),
    Kind.BASELINE: (
        *_MENTEE_PRACTICES,
        BankItem(
            "mentor-expects-to-learn",
            _("I expect mentoring to teach me something about my own management."),
            QuestionKind.AGREEMENT,
            Audience.MENTOR,
        ),
    ),
    Kind.MIDTERM: (
        BankItem(
            "midterm-expectations",
            _("So far, the mentoring meets my expectations."),
            QuestionKind.AGREEMENT,
        ),
        _MENTEE_PRACTICES[0],
        _MENTEE_PRACTICES[2],
    ),
    Kind.FINAL: (
        *_MENTEE_PRACTICES,
        BankItem(
            "mentor-learned",
            _("Mentoring has taught me something about my own management."),
            QuestionKind.AGREEMENT,
            Audience.MENTOR,
        ),
        BankItem(
            "mentor-took-back",
            _("Have you taken a practice seen in mentoring back to your own company?"),
            QuestionKind.CHOICE,
            Audience.MENTOR,
            options=_YES_NO,
        ),
        *_BOTH_SATISFACTION,
    ),
}

TITLES = {
    Kind.PULSE: _("Check-in"),
    Kind.BASELINE: _("Baseline questionnaire"),
    Kind.MIDTERM: _("Mid-term questionnaire"),
    Kind.FINAL: _("Final questionnaire"),
}

# The form itself says, before the first question, that the answers are anonymous and how they
# are shown: the introductions only say what the questionnaire is for.
INTRODUCTIONS = {
    Kind.PULSE: _("Two questions on how your mentoring is going."),
    Kind.BASELINE: _(
        "A few questions before the pairs start, asked again at the end to measure what the "
        "programme changed."
    ),
    Kind.MIDTERM: _("Halfway through: how is it going?"),
    Kind.FINAL: _("The programme ends: what did it change for you?"),
}

# The mid-term questionnaire is optional: copied but not in use until a coordinator says so.
ENABLED_BY_DEFAULT = {Kind.PULSE, Kind.BASELINE, Kind.FINAL}
