"""Forms of the follow-up pages: the action plan's filters, an improvement's status and its details.

Everything arrives from the browser and is checked here (choices, ranges, lengths), with the message next to
the field; the services check again against the locked row (who may own it, what a planned one needs).
"""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from workshops.limits import TEXT_MAX

from ..matrix import Quadrant
from ..models import SCALE_MAX, SCALE_MIN, Improvement, Status, StatusChange
from ..selectors.follow_up import ASC, DEFAULT_ORDER, DESC, NO_OWNER, OPEN, SORT_KEYS

SORT_LABELS = {
    "deadline": _("Deadline"),
    "title": _("Title"),
    "impact": _("Impact"),
    "effort": _("Effort"),
    "status": _("Status"),
    "owner": _("Owner"),
}


def _choice_error(text):
    return {"invalid_choice": text}


class ActionPlanFilterForm(forms.Form):
    """The GET filters and sort of the team action plan. A value that is not on offer (a typo in the address,
    a member who left) is reported next to its field and that filter is left out; the rest still apply."""

    status = forms.ChoiceField(
        label=_("Status"), required=False,
        error_messages=_choice_error(_("This status does not exist. Showing every status.")))
    quadrant = forms.ChoiceField(
        label=_("Quadrant"), required=False,
        error_messages=_choice_error(_("This quadrant does not exist. Showing every quadrant.")))
    owner = forms.ChoiceField(
        label=_("Owner"), required=False,
        error_messages=_choice_error(_("This person is not in the team. Showing everyone's improvements.")))
    journey = forms.ChoiceField(
        label=_("Journey"), required=False,
        error_messages=_choice_error(_("This journey is not one of the team's. Showing every journey.")))
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=[(key, SORT_LABELS[key]) for key in SORT_KEYS],
        error_messages=_choice_error(_("The list cannot be sorted that way. Sorted by deadline.")))
    order = forms.ChoiceField(
        label=_("Order"), required=False, choices=[(ASC, _("ascending")), (DESC, _("descending"))],
        error_messages=_choice_error(_("Choose ascending or descending.")))

    def __init__(self, data=None, *, members, journeys):
        super().__init__(data)
        self.members = {str(membership.user_id): membership.user for membership in members}
        self.journeys = {str(journey.pk): journey for journey in journeys}
        self.fields["status"].choices = [("", _("All statuses")), (OPEN, _("Still open")),
                                         *Status.choices]
        self.fields["quadrant"].choices = [("", _("All quadrants")),
                                           *((quadrant.value, quadrant.heading) for quadrant in Quadrant)]
        self.fields["owner"].choices = [("", _("Everyone")), (NO_OWNER, _("No owner yet")),
                                        *((pk, user.name) for pk, user in self.members.items())]
        self.fields["journey"].choices = [("", _("All journeys")),
                                          *((pk, journey.title) for pk, journey in self.journeys.items())]

    def filters(self):
        """The valid filters and sort as keyword arguments of ``follow_up.action_plan``."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value}
        sort = data.get("sort", "deadline")
        owner = data.get("owner", "")
        return {
            "status": data.get("status", ""),
            "quadrant": data.get("quadrant", ""),
            "owner": NO_OWNER if owner == NO_OWNER else self.members.get(owner, ""),
            "journey": self.journeys.get(data.get("journey")),
            "sort": sort,
            "order": data.get("order", DEFAULT_ORDER[sort]),
        }

    def applied(self):
        """The valid, non-empty filter values, to carry into sort links and the export (errors dropped)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value and name not in self.errors}

    @property
    def is_filtered(self):
        return any(self.applied().get(name) for name in ("status", "quadrant", "owner", "journey"))


_SCALE = format_lazy(_("Choose a number from {min} to {max}."), min=SCALE_MIN, max=SCALE_MAX)


def _scale_field(label, help_text):
    return forms.TypedChoiceField(
        label=label, coerce=int, help_text=help_text,
        choices=[(value, str(value)) for value in range(SCALE_MIN, SCALE_MAX + 1)],
        error_messages={"required": _SCALE, "invalid_choice": _SCALE},
    )


class ImprovementForm(forms.Form):
    """An improvement's details. ``owners`` are the memberships that may own it; the owner it has now stays
    on offer even when they left the team or became a viewer, so saving a deadline does not drop them."""

    title = forms.CharField(
        label=_("Title"), max_length=Improvement._meta.get_field("title").max_length,
        error_messages={"required": _("Give the improvement a title.")})
    description = forms.CharField(label=_("Description"), required=False, max_length=TEXT_MAX,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    impact = _scale_field(_("Impact"), _("1 = hardly noticeable for the customer, 5 = a big difference"))
    effort = _scale_field(_("Effort"), _("1 = a few hours, 5 = a large project"))
    kpi = forms.CharField(label=_("KPI it should move"), required=False,
                          max_length=Improvement._meta.get_field("kpi").max_length,
                          widget=forms.TextInput(attrs={"placeholder": _("e.g. NPS after delivery, calls per order")}))
    owner = forms.ChoiceField(label=_("Owner"), required=False,
                              error_messages=_choice_error(_("Choose a member of this team.")))
    deadline = forms.DateField(label=_("Deadline"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                               error_messages={"invalid": _("Enter a date, e.g. 2026-03-31.")})

    def __init__(self, data=None, *, improvement, owners):
        initial = {name: getattr(improvement, name) for name in ("title", "description", "impact", "effort", "kpi",
                                                                  "deadline")}
        initial["owner"] = str(improvement.owner_id or "")
        super().__init__(data, initial=initial)
        self.improvement = improvement
        self.owners = {str(membership.user_id): membership.user for membership in owners}
        choices = [("", _("— nobody yet —")), *((pk, user.name) for pk, user in self.owners.items())]
        current = improvement.owner
        if current is not None and str(current.pk) not in self.owners:
            self.owners[str(current.pk)] = current
            choices.append((str(current.pk), format_lazy(_("{name} (no longer a member)"), name=current.name)))
        self.fields["owner"].choices = choices

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Give the improvement a title."))
        return title

    def clean_owner(self):
        return self.owners.get(self.cleaned_data["owner"])


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices, widget=forms.RadioSelect,
                               error_messages={"required": _("Choose one of the statuses."),
                                               "invalid_choice": _("Choose one of the statuses.")})
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False,
        max_length=StatusChange._meta.get_field("comment").max_length,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("e.g. Budget approved in the MT meeting")}),
        help_text=_("Kept in the history, with your name and the date."))

    def __init__(self, data=None, *, improvement):
        super().__init__(data, initial={"status": improvement.status})
        self.improvement = improvement
