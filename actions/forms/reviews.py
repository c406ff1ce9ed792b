"""Forms of the quarterly review: the cycle, walking an improvement, finishing a review.

Everything from the browser is checked here with the message next to its field; the services check
again against the locked rows (``actions.services.reviews``).
"""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from workshops.limits import COMMENT_MAX, TEXT_MAX

from ..models import CADENCE_MAX, CADENCE_MIN, Status

_CADENCE = format_lazy(_("Choose a whole number of months from {min} to {max}."), min=CADENCE_MIN, max=CADENCE_MAX)
_DATE = _("Enter a date, e.g. 2026-03-31.")


class CycleForm(forms.Form):
    cadence_months = forms.IntegerField(
        label=_("Review every … months"), min_value=CADENCE_MIN, max_value=CADENCE_MAX,
        widget=forms.NumberInput(attrs={"min": CADENCE_MIN, "max": CADENCE_MAX, "class": "input-small"}),
        help_text=_("After each review the next review date moves on by this many months."),
        error_messages={"required": _CADENCE, "invalid": _CADENCE, "min_value": _CADENCE, "max_value": _CADENCE})
    next_due = forms.DateField(
        label=_("Next review"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Choose the date of the next review."), "invalid": _DATE})


class WalkForm(forms.Form):
    """One improvement in an open review: its status now, and what the room said about it."""

    status = forms.ChoiceField(
        label=_("Status"), choices=Status.choices,
        error_messages={"required": _("Choose one of the statuses."),
                        "invalid_choice": _("Choose one of the statuses.")})
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=COMMENT_MAX,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Live since March")}),
        error_messages={"max_length": format_lazy(_("Keep the comment to {max} characters."), max=COMMENT_MAX)})

    def __init__(self, data=None, *, improvement):
        # Ids of its own per improvement: the page holds one form per open improvement.
        super().__init__(data, initial={"status": improvement.status}, auto_id=f"walk-{improvement.pk}-%s")
        self.improvement = improvement


class FinishForm(forms.Form):
    notes = forms.CharField(
        label=_("What did the review bring? (optional)"), required=False, max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("e.g. Delivery scores up since the new tracking "
                                                                  "mails; the call centre is still the low point.")}),
        error_messages={"max_length": format_lazy(_("Keep the notes to {max} characters."), max=TEXT_MAX)})
