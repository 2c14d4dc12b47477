"""The answer form: one optional field per question asked to the person, then the optional,
named contact request. A hostile POST (unknown fields, huge values) changes nothing: only the
fields built here are read, each bounded."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from followup.models import HelpChannel

from ..bank import AGREEMENT_LABELS, SCALE4_LABELS
from ..models import Question, QuestionKind
from ..services.answering import value_bounds

# A value posted for a question is a few characters; a longer one is refused unread.
MAX_VALUE_LENGTH = 12


def field_name(question: Question) -> str:
    return f"q{question.pk}"


def _labels(question: Question) -> list[str]:
    if question.kind == QuestionKind.AGREEMENT:
        return [str(label) for label in AGREEMENT_LABELS]
    if question.kind == QuestionKind.SCALE4:
        return [str(label) for label in SCALE4_LABELS]
    return [str(label) for label in question.options]


class AnswerForm(forms.Form):
    contact = forms.BooleanField(
        label=_("I would like the coordination to contact me"),
        required=False,
        help_text=_(
            "Only this request carries your name: the coordination receives it as a request "
            "for contact, without your answers."
        ),
    )
    channel = forms.ChoiceField(
        label=_("How would you like to be contacted?"),
        choices=HelpChannel.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, questions: list[Question], may_contact: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        question_fields = {}
        for question in questions:
            low, high = value_bounds(question)
            if question.kind == QuestionKind.NUMBER:
                field = forms.IntegerField(
                    label=question.text,
                    required=False,
                    min_value=low,
                    max_value=high,
                    help_text=_("A whole number between %(low)s and %(high)s.")
                    % {"low": low, "high": high},
                )
            else:
                field = forms.TypedChoiceField(
                    label=question.text,
                    required=False,
                    coerce=int,
                    empty_value=None,
                    choices=list(enumerate(_labels(question), start=1)),
                    widget=forms.RadioSelect,
                )
            question_fields[field_name(question)] = field
        # The questions first, then the contact request.
        contact_fields = {name: self.fields.pop(name) for name in ("contact", "channel")}
        self.fields.update(question_fields)
        if may_contact:
            self.fields.update(contact_fields)

    def clean(self):
        for name in self.fields:
            raw = self.data.get(self.add_prefix(name), "") if self.is_bound else ""
            if len(str(raw)) > MAX_VALUE_LENGTH and name != "contact":
                raise ValidationError(_("An answer is too long to be read."))
        cleaned = super().clean()
        if cleaned.get("contact") and not cleaned.get("channel"):
            self.add_error("channel", _("Choose how you wish to be contacted."))
        return cleaned

    def answers(self) -> dict[int, int]:
        """{question id: value} of the items answered (those left blank are absent)."""
        return {
            question.pk: self.cleaned_data[field_name(question)]
            for question in self.questions
            if self.cleaned_data.get(field_name(question)) is not None
        }

    def contact_channel(self) -> str | None:
        if self.cleaned_data.get("contact"):
            return self.cleaned_data.get("channel") or None
        return None
