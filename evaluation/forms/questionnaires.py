"""Forms of the coordination's evaluation pages: a questionnaire's title and use, one question,
a wave's dates, the confirmation of opening or closing a wave. The rules over several fields (a
single choice's options, a number's bounds, dates that do not overlap) are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import INTRO_MAX_LENGTH, Audience, Question, QuestionKind, Questionnaire
from ..services.questionnaires import NUMBER_LIMIT, OPTION_MAX_LENGTH, OPTIONS_MAX

_title = Questionnaire._meta.get_field("title")
_text = Question._meta.get_field("text")
# Room for ten options of the longest length, one per line.
OPTIONS_TEXT_MAX = OPTIONS_MAX * (OPTION_MAX_LENGTH + 2)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class QuestionnaireForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=_title.max_length)
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=INTRO_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown before the first question."),
    )
    enabled = forms.BooleanField(
        label=_("In use"),
        required=False,
        help_text=_("A questionnaire not in use opens no wave."),
    )


class QuestionnaireUseForm(forms.Form):
    """Once a wave has opened, only the use of the questionnaire may change."""

    enabled = QuestionnaireForm.base_fields["enabled"]


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=_text.max_length)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QuestionKind.choices)
    audience = forms.ChoiceField(label=_("Asked to"), choices=Audience.choices)
    options = forms.CharField(
        label=_("Answer options"),
        required=False,
        max_length=OPTIONS_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For a single choice: one option per line, 2 to 10."),
    )
    min_value = forms.IntegerField(
        label=_("Smallest number"),
        required=False,
        min_value=0,
        max_value=NUMBER_LIMIT,
        help_text=_("For a whole number only."),
    )
    max_value = forms.IntegerField(
        label=_("Largest number"),
        required=False,
        min_value=0,
        max_value=NUMBER_LIMIT,
        help_text=_("For a whole number only."),
    )
    indicator = forms.ModelChoiceField(
        label=_("Result indicator"),
        queryset=None,
        required=False,
        empty_label=_("None"),
        help_text=_("The programme's indicator this question measures, if any."),
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = programme.indicators.all()

    @classmethod
    def initial_of(cls, question: Question) -> dict:
        return {
            "text": question.text,
            "kind": question.kind,
            "audience": question.audience,
            "options": "\n".join(question.options or []),
            "min_value": question.min_value,
            "max_value": question.max_value,
            "indicator": question.indicator_id,
        }

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["options"] = data["options"].splitlines()
        return data


class WaveForm(forms.Form):
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput(), input_formats=DATE_FORMATS)
    closes_on = forms.DateField(
        label=_("Closes on"),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        help_text=_("The last day people may answer, included."),
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Direction"), choices=[("up", _("Up")), ("down", _("Down"))]
    )
