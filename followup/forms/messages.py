"""The form of a message to a segment: whom it is for (a segment of the registry, and the
organisation when the segment needs one), its subject and its text. The preview posts the same
fields again, hidden, to the send page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programmes.models import Programme

from ..models import Message
from ..selectors.messages import ORGANISATION, SEGMENTS, segment_organisations


class MessageForm(forms.ModelForm):
    segment = forms.ChoiceField(label=_("Recipients"), widget=forms.RadioSelect, choices=())
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        required=False,
        empty_label=_("Choose an organisation"),
        help_text=_("Only for « The participants of one organisation »."),
    )

    class Meta:
        model = Message
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
        help_texts = {
            "body": _(
                "Plain text. Each person receives it by e-mail, with a greeting by their first "
                "name and a link to the programme."
            )
        }

    field_order = ["segment", "organisation", "subject", "body"]

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].choices = [(s.code, s.label) for s in SEGMENTS.values()]
        self.fields["organisation"].queryset = segment_organisations(programme)

    def clean(self):
        cleaned = super().clean()
        chosen = SEGMENTS.get(cleaned.get("segment"))
        if chosen is not None and chosen.param == ORGANISATION:
            if not cleaned.get("organisation"):
                self.add_error("organisation", _("Choose the organisation to write to."))
        else:
            cleaned["organisation"] = None
        return cleaned

    @property
    def segment_param(self) -> str:
        organisation = self.cleaned_data.get("organisation")
        return str(organisation.pk) if organisation else ""
