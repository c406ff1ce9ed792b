from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from workshops.limits import TEXT_MAX

from ..models import Gap, GapOrigin, Touchpoint
from ..services.gaps import PROBLEM_MISSING, TOUCHPOINTS_OF_THIS_JOURNEY, VOTES_MAX, VOTES_MIN, looks_like_solution


class GapForm(forms.Form):
    """A gap written as a problem. The touchpoints to choose from are the current journey's, by stage.

    ``stages`` are the journey's stages with their touchpoints already loaded (journey_stages), so
    the choices cost no query. A touchpoint id from elsewhere is "not one of the available choices".
    """

    problem = forms.CharField(
        label=_("The problem"), max_length=Gap._meta.get_field("problem").max_length,
        widget=forms.TextInput(attrs={
            "placeholder": _("e.g. Customers do not know when their order will arrive"),
            "autocomplete": "off",
        }),
        help_text=_("What the customer lacks or runs into — not yet how to solve it."),
        error_messages={"required": PROBLEM_MISSING},
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=TEXT_MAX,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    touchpoints = forms.TypedMultipleChoiceField(
        label=_("Touchpoints"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": TOUCHPOINTS_OF_THIS_JOURNEY},
    )
    origin = forms.ChoiceField(choices=GapOrigin.choices, initial=GapOrigin.TEAM, required=False,
                               widget=forms.HiddenInput)
    ideal_touchpoint = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, stages, journey, hint_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        if hint_url:
            # While someone types, the server says whether the text reads like a solution (no script of ours).
            self.fields["problem"].widget.attrs.update({
                "hx-get": hint_url, "hx-trigger": "input changed delay:400ms", "hx-target": "#gap-problem-hint",
                "hx-swap": "innerHTML", "hx-sync": "this:replace",
            })
        self.stages = stages
        self.journey = journey
        self.touchpoints_by_id = {
            touchpoint.pk: touchpoint for stage in stages for touchpoint in stage.touchpoints.all()
        }
        self.fields["touchpoints"].choices = [
            (stage.name, [(touchpoint.pk, touchpoint.name) for touchpoint in stage.touchpoints.all()])
            for stage in stages
        ]

    def clean_origin(self):
        return self.cleaned_data["origin"] or GapOrigin.TEAM

    def clean_touchpoints(self):
        return [self.touchpoints_by_id[pk] for pk in self.cleaned_data["touchpoints"]]

    def clean_ideal_touchpoint(self):
        pk = self.cleaned_data.get("ideal_touchpoint")
        if pk is None:
            return None
        touchpoint = (
            Touchpoint.objects.filter(pk=pk, stage__journey__ideal_of=self.journey, source__isnull=True)
            .select_related("stage__journey").first()
        )
        if touchpoint is None:
            raise forms.ValidationError(_("This suggestion is no longer in the ideal journey."))
        return touchpoint

    def clean(self):
        cleaned = super().clean()
        for name in ("origin", "ideal_touchpoint"):
            if name in self.errors:
                # A hidden field has no place to show its error: say it above the form.
                self.add_error(None, _("This suggestion is no longer available. Write the gap without it."))
                del self.errors[name]
        return cleaned

    def selected_touchpoint_ids(self):
        """The touchpoint ids to show checked (bound data, or the initial ones), as strings."""
        value = self["touchpoints"].value() or []
        return {str(getattr(item, "pk", item)) for item in value}

    @property
    def looks_like_solution(self):
        return looks_like_solution(self["problem"].value())


_DOTS_RANGE = format_lazy(_("Choose between {min} and {max} dots per participant."), min=VOTES_MIN, max=VOTES_MAX)


class VotesPerParticipantForm(forms.Form):
    votes_per_participant = forms.IntegerField(
        label=_("Dots per participant"), min_value=VOTES_MIN, max_value=VOTES_MAX,
        widget=forms.NumberInput(attrs={"class": "input-small"}),
        error_messages={key: _DOTS_RANGE for key in ("required", "invalid", "min_value", "max_value")},
    )
