"""Forms of the touchpoints step. Their fields come from the models (labels, lengths, choices)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import IMPORTANCE_MAX, IMPORTANCE_MIN, SCORE_MAX, SCORE_MIN, Stage, Touchpoint
from ..services.touchpoints import STAGE_OF_THIS_JOURNEY


def model_field(model, name, **kwargs):
    return model._meta.get_field(name).formfield(**kwargs)


def signed(number):
    """−2, 0, +3: the sign always shown (with a real minus sign), as on an emotion scale."""
    return f"+{number}" if number > 0 else f"−{-number}" if number < 0 else "0"


IMPORTANCE_CHOICES = [(value, str(value)) for value in range(IMPORTANCE_MIN, IMPORTANCE_MAX + 1)]
TARGET_CHOICES = [("", _("not set"))] + [(value, signed(value)) for value in range(SCORE_MAX, SCORE_MIN - 1, -1)]


def importance_field():
    return forms.IntegerField(
        label=_("Importance"), min_value=IMPORTANCE_MIN, max_value=IMPORTANCE_MAX, initial=3,
        widget=forms.Select(choices=IMPORTANCE_CHOICES), help_text=_("1 = minor, 5 = crucial for the customer."),
    )


def target_emotion_field():
    return forms.IntegerField(
        label=_("Target emotion"), required=False, min_value=SCORE_MIN, max_value=SCORE_MAX,
        widget=forms.Select(choices=TARGET_CHOICES),
        help_text=_("How this touchpoint should feel in the ideal journey, −5 to +5."),
    )


class StageForm(forms.Form):
    name = model_field(Stage, "name")
    customer_goal = model_field(Stage, "customer_goal")
    scenario = model_field(Stage, "scenario", widget=forms.Textarea(attrs={"rows": 3}))


class StageAddForm(forms.Form):
    """Quick entry: a name; the customer's goal and the scenario follow when someone edits the stage."""

    name = model_field(Stage, "name")


class TouchpointAddForm(forms.Form):
    """Quick entry: a name and a channel; the rest keeps its defaults until someone edits it."""

    name = model_field(Touchpoint, "name")
    channel = model_field(Touchpoint, "channel")


class TouchpointForm(forms.Form):
    """Everything about one touchpoint, including the stage it sits in (one of this journey's)."""

    name = model_field(Touchpoint, "name")
    stage = forms.ModelChoiceField(
        label=_("Stage"), queryset=Stage.objects.none(), empty_label=None,
        error_messages={"invalid_choice": STAGE_OF_THIS_JOURNEY},
    )
    channel = model_field(Touchpoint, "channel")
    category = model_field(Touchpoint, "category")
    media = model_field(Touchpoint, "media")
    lane = model_field(Touchpoint, "lane")
    importance = importance_field()
    moment_of_truth = model_field(Touchpoint, "moment_of_truth", help_text=_(
        "A moment that makes or breaks the customer's opinion of the whole journey."))

    def __init__(self, *args, journey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = Stage.objects.filter(journey=journey).order_by("position", "pk")
        if journey.is_ideal:
            self.fields["target_emotion"] = target_emotion_field()

    @classmethod
    def for_touchpoint(cls, touchpoint, journey, data=None):
        initial = {name: getattr(touchpoint, name) for name in
                   ("name", "channel", "category", "media", "lane", "importance", "moment_of_truth",
                    "target_emotion")}
        initial["stage"] = touchpoint.stage_id
        return cls(data, journey=journey, initial=initial, auto_id=f"id_tp{touchpoint.pk}_%s")
