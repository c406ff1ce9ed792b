"""Forms of the workshop's improvements step: proposing or editing an improvement, moving it on the matrix,
giving it an owner and a deadline, and the room's status decision (proposed or planned).

Every value from the browser is checked here with its message next to the field; the services check again
(the gap and touchpoints belong to the journey, the owner to the team, the deadline has not passed).
"""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from journeys.services.gaps import TOUCHPOINTS_OF_THIS_JOURNEY
from workshops.forms import int_or_none
from workshops.limits import TEXT_MAX

from ..models import SCALE_MAX, SCALE_MIN, Improvement, Status
from ..suggestion import NO_FACTS

_IMPACT_RANGE = format_lazy(_("Choose an impact from {min} to {max}."), min=SCALE_MIN, max=SCALE_MAX)
_EFFORT_RANGE = format_lazy(_("Choose an effort from {min} to {max}."), min=SCALE_MIN, max=SCALE_MAX)
_DATE_INVALID = _("Enter a real date: day, month and year.")
WORKSHOP_STATUSES = (Status.PROPOSED, Status.PLANNED)


def _scale_field(label, message, **kwargs):
    return forms.IntegerField(
        label=label, min_value=SCALE_MIN, max_value=SCALE_MAX,
        widget=forms.NumberInput(attrs={"class": "input-small", "inputmode": "numeric"}),
        error_messages={key: message for key in ("required", "invalid", "min_value", "max_value")},
        **kwargs,
    )


def impact_field(**kwargs):
    return _scale_field(_("Impact"), _IMPACT_RANGE, **kwargs)


def effort_field(**kwargs):
    return _scale_field(_("Effort"), _EFFORT_RANGE, **kwargs)


class ImprovementForm(forms.Form):
    """An improvement proposed for a gap. The gaps and touchpoints to choose from are the current journey's.

    ``gaps``: the journey's gaps (most dots first); ``facts``: {gap id: GapFacts} (actions.suggestion),
    for the suggested impact; ``stages``: the journey's stages with their touchpoints loaded; ``kpis``: the
    journey's figures, offered as KPIs. The choices cost no query; an id from elsewhere is refused.
    """

    gap = forms.TypedChoiceField(
        label=_("Gap it addresses"), required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": _("Choose a gap of this journey.")},
    )
    title = forms.CharField(
        label=_("The improvement"), max_length=Improvement._meta.get_field("title").max_length,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Send a track & trace link with the confirmation"),
                                      "autocomplete": "off"}),
        error_messages={"required": _("Say in a few words what you would do.")},
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=TEXT_MAX,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    touchpoints = forms.TypedMultipleChoiceField(
        label=_("Touchpoints"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": TOUCHPOINTS_OF_THIS_JOURNEY},
    )
    kpi = forms.CharField(
        label=_("KPI it should move"), required=False, max_length=Improvement._meta.get_field("kpi").max_length,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Customer contacts about deliveries per month"),
                                      "list": "improvement-kpis", "autocomplete": "off"}),
    )
    impact = impact_field(initial=3)
    effort = effort_field(initial=3)
    # The impact the form filled in itself (the default, or the chosen gap's suggestion): while the impact still
    # has that value, choosing another gap brings that gap's suggestion; a number someone typed stays.
    suggested = forms.IntegerField(required=False, initial=3, widget=forms.HiddenInput)

    def __init__(self, *args, gaps, facts, stages, kpis=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.gaps = {gap.pk: gap for gap in gaps}
        self.facts = facts
        self.stages = stages
        self.kpis = kpis
        self.touchpoints_by_id = {
            touchpoint.pk: touchpoint for stage in stages for touchpoint in stage.touchpoints.all()
        }
        self.fields["gap"].choices = [("", _("— no gap (a loose idea) —"))] + [
            (gap.pk, gap.problem) for gap in gaps
        ]
        self.fields["touchpoints"].choices = [
            (stage.name, [(touchpoint.pk, touchpoint.name) for touchpoint in stage.touchpoints.all()])
            for stage in stages
        ]

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Say in a few words what you would do."))
        return title

    def clean_kpi(self):
        return " ".join(self.cleaned_data["kpi"].split())

    def clean_gap(self):
        pk = self.cleaned_data["gap"]
        return self.gaps[pk] if pk is not None else None

    def clean_touchpoints(self):
        return [self.touchpoints_by_id[pk] for pk in self.cleaned_data["touchpoints"]]

    # --- For the template ---

    def chosen_gap_id(self):
        value = self["gap"].value()
        try:
            return int(value)
        except (TypeError, ValueError):
            return None

    @property
    def suggestion(self):
        """The suggested impact for the chosen gap (None without a gap or without a known size)."""
        gap_id = self.chosen_gap_id()
        return self.facts.get(gap_id, NO_FACTS).impact if gap_id in self.gaps else None

    def selected_touchpoint_ids(self):
        value = self["touchpoints"].value() or []
        return {str(getattr(item, "pk", item)) for item in value}


def initial_from_query(form_kwargs, params, *, base=None):
    """The form's initial values from the query string of a refresh (another gap was chosen): what was typed
    stays; the impact follows the new gap's suggestion unless the room changed it; an unticked form gets the
    gap's touchpoints. ``base``: the initial values without a refresh (e.g. the improvement being edited)."""
    initial = dict(base or {})
    if "refresh" not in params:
        return initial
    for name in ("title", "description", "kpi"):
        initial[name] = params.get(name, "")
    for name in ("impact", "effort", "suggested"):
        value = int_or_none(params.get(name))
        initial[name] = value if value is not None and SCALE_MIN <= value <= SCALE_MAX else initial.get(name)
    gap_id = int_or_none(params.get("gap"))
    gaps, facts = {gap.pk for gap in form_kwargs["gaps"]}, form_kwargs["facts"]
    initial["gap"] = gap_id if gap_id in gaps else None
    touchpoints = [pk for pk in (int_or_none(value) for value in params.getlist("touchpoints")) if pk is not None]
    new_facts = facts.get(initial["gap"])
    if not touchpoints and new_facts is not None:
        touchpoints = list(new_facts.touchpoint_ids)
    initial["touchpoints"] = touchpoints
    suggestion = new_facts.impact if new_facts is not None else None
    filled = initial.get("suggested") or ImprovementForm.base_fields["impact"].initial
    if initial.get("impact") in (None, filled):  # the room did not change what the form filled in
        initial["impact"] = suggestion or initial.get("impact") or filled
        initial["suggested"] = initial["impact"]
    return initial


def initial_for_gap(form_kwargs, gap_id):
    """A new improvement for the gap ``gap_id`` ("Propose an improvement" beside a gap): its touchpoints
    ticked, its suggested impact filled in."""
    if gap_id not in {gap.pk for gap in form_kwargs["gaps"]}:
        return {}
    facts = form_kwargs["facts"].get(gap_id)
    initial = {"gap": gap_id}
    if facts is not None:
        initial["touchpoints"] = list(facts.touchpoint_ids)
        if facts.impact is not None:
            initial["impact"] = initial["suggested"] = facts.impact
    return initial


class MoveForm(forms.Form):
    """Where an improvement sits on the matrix (the number inputs; dragging a mark fills them in)."""

    impact = impact_field()
    effort = effort_field()


class AssignForm(forms.Form):
    """Who takes an improvement on, and by when. ``owners``: the memberships of those who may own one."""

    owner = forms.TypedChoiceField(
        label=_("Owner"), required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": _("Choose a member of this team (viewers cannot own improvements).")},
    )
    deadline = forms.DateField(
        label=_("Deadline"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
        error_messages={"invalid": _DATE_INVALID},
    )

    def __init__(self, *args, owners, current_owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = {membership.user_id: membership.user for membership in owners}
        if current_owner is not None:
            # Someone who left the team (or became a viewer) may stay the owner until the room chooses another.
            self.owners.setdefault(current_owner.pk, current_owner)
        self.fields["owner"].choices = [("", _("— nobody yet —"))] + [
            (pk, user.name or user.email) for pk, user in self.owners.items()
        ]

    def clean_owner(self):
        pk = self.cleaned_data["owner"]
        return self.owners[pk] if pk is not None else None


class WorkshopStatusForm(forms.Form):
    """The room decides whether an idea is only proposed or planned; starting, finishing and dropping happen
    in the follow-up."""

    status = forms.ChoiceField(
        label=_("Status"), choices=[(status.value, status.label) for status in WORKSHOP_STATUSES],
        error_messages={"invalid_choice": _("In the workshop an improvement is proposed or planned."),
                        "required": _("In the workshop an improvement is proposed or planned.")},
    )
