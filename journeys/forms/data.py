"""Forms of the data step: a figure, a quote, and the CSV upload."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from workshops.limits import QUOTE_MAX, SENTENCE_MAX, TITLE_MAX, UNIT_MAX

from ..models import EvidenceSource
from ..services.data import MAX_CSV_BYTES, METRIC_MISSING, QUOTE_MISSING, VALUE_MISSING, evidence_value

WHOLE_JOURNEY = "journey"


def attach_choices(stages):
    """'Whole journey', then per stage (an optgroup) the stage itself and its touchpoints."""
    choices = [(WHOLE_JOURNEY, _("Whole journey"))]
    for stage in stages:
        options = [(f"stage-{stage.pk}", _("%(stage)s (the whole stage)") % {"stage": stage.name})]
        options += [(f"touchpoint-{touchpoint.pk}", touchpoint.name) for touchpoint in stage.touchpoints.all()]
        choices.append((stage.name, options))
    return choices


class NumberField(forms.CharField):
    """A decimal as people type it: '12,5' as well as '12.5' (a text input: type=number refuses commas)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        value = super().to_python(value)
        return None if value in self.empty_values else evidence_value(value)


class EvidenceForm(forms.Form):
    """What figures and quotes share: where they are attached and where they come from.

    ``stages`` are the journey's stages with their touchpoints, already loaded for the page: the
    select costs no query, and an id that is not among them (another journey's, a forged one) is
    an invalid choice.
    """

    attach_to = forms.ChoiceField(label=_("Attach to"), initial=WHOLE_JOURNEY,
                                  error_messages={"invalid_choice": _("Choose the journey, or one of its stages or "
                                                                      "touchpoints.")})
    source = forms.ChoiceField(label=_("Source"), choices=EvidenceSource.choices, initial=EvidenceSource.OTHER)
    source_detail = forms.CharField(label=_("Source detail"), max_length=SENTENCE_MAX, required=False,
                                    widget=forms.TextInput(attrs={"placeholder": _("e.g. Google Analytics, Q3")}))

    def __init__(self, *args, stages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attach_to"].choices = attach_choices(stages)
        self.stages = {stage.pk: stage for stage in stages}
        self.touchpoints = {touchpoint.pk: touchpoint for stage in stages for touchpoint in stage.touchpoints.all()}

    def clean_attach_to(self):
        """→ (stage, touchpoint): at most one of them set."""
        value = self.cleaned_data["attach_to"]
        kind, _dash, pk = value.partition("-")
        if kind == "stage":
            return self.stages[int(pk)], None
        if kind == "touchpoint":
            return None, self.touchpoints[int(pk)]
        return None, None

    def evidence_fields(self):
        """Keyword arguments for services.data.evidence_create."""
        data = dict(self.cleaned_data)
        data["stage"], data["touchpoint"] = data.pop("attach_to")
        return data


class FigureForm(EvidenceForm):
    metric = forms.CharField(label=_("Metric"), max_length=TITLE_MAX,
                             error_messages={"required": METRIC_MISSING},
                             widget=forms.TextInput(attrs={"placeholder": _("e.g. Conversion rate")}))
    value = NumberField(label=_("Value"), error_messages={"required": VALUE_MISSING})
    unit = forms.CharField(label=_("Unit"), max_length=UNIT_MAX, required=False,
                           widget=forms.TextInput(attrs={"placeholder": _("e.g. %, visitors, days")}))

    field_order = ["metric", "value", "unit", "attach_to", "source", "source_detail"]


class QuoteForm(EvidenceForm):
    quote = forms.CharField(label=_("Quote"), widget=forms.Textarea(attrs={"rows": 3}),
                            max_length=QUOTE_MAX,
                            error_messages={"required": QUOTE_MISSING})

    field_order = ["quote", "attach_to", "source", "source_detail"]


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"), allow_empty_file=True,  # an empty file gets our own message, from the parser
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
        error_messages={"required": _("Choose a CSV file."), "invalid": _("Choose a CSV file.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; at most %(limit)s. Split it into smaller files.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_CSV_BYTES)})
        return upload

    def content(self):
        """The file's bytes (at most MAX_CSV_BYTES, checked in clean)."""
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read(MAX_CSV_BYTES + 1)
