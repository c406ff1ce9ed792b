"""A user's reminder settings: one checkbox per kind of reminder email."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ReminderKind

# Who receives each kind, shown under its checkbox.
KIND_HELP = {
    ReminderKind.DEADLINE_WEEK: _("A week before the deadline of an improvement you own."),
    ReminderKind.DEADLINE_TOMORROW: _("The day before the deadline of an improvement you own."),
    ReminderKind.OVERDUE_DIGEST: _("On Mondays: the improvements past their deadline that you own, or that came "
                                   "from a workshop you facilitate."),
    ReminderKind.REVIEW_SOON: _("Two weeks before a review of your team is due (owners and facilitators)."),
    ReminderKind.REVIEW_TODAY: _("On the day a review of your team is due (owners and facilitators)."),
}


class ReminderSettingsForm(forms.Form):
    """Checked means "send me these"; ``opted_out``: the kinds the user turned off (``reminders_turned_off``)."""

    def __init__(self, *args, opted_out, **kwargs):
        super().__init__(*args, **kwargs)
        self.opted_out = opted_out
        for kind in ReminderKind:
            self.fields[kind.value] = forms.BooleanField(
                label=kind.label, help_text=KIND_HELP[kind], required=False, initial=kind.value not in self.opted_out)

    def kinds(self):
        """(field, kind) pairs in ReminderKind's order, for the template."""
        return [(self[kind.value], kind) for kind in ReminderKind]

    def turned_off(self):
        """The kinds left unchecked: what ``reminder_settings_save`` turns off."""
        return {kind for kind in ReminderKind.values if not self.cleaned_data[kind]}
