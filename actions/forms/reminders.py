"""A user's reminder settings: one checkbox per kind of reminder email."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..models import ReminderKind, ReminderOptOut

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
    """Checked means "send me these". Unchecked kinds are stored as ``ReminderOptOut`` rows."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.opted_out = set(ReminderOptOut.objects.filter(user=user).values_list("kind", flat=True))
        for kind in ReminderKind:
            self.fields[kind.value] = forms.BooleanField(
                label=kind.label, help_text=KIND_HELP[kind], required=False, initial=kind.value not in self.opted_out)

    def kinds(self):
        """(field, kind) pairs in ReminderKind's order, for the template."""
        return [(self[kind.value], kind) for kind in ReminderKind]

    @transaction.atomic
    def save(self):
        off = {kind for kind in ReminderKind.values if not self.cleaned_data[kind]}
        ReminderOptOut.objects.filter(user=self.user).exclude(kind__in=off).delete()
        ReminderOptOut.objects.bulk_create([ReminderOptOut(user=self.user, kind=kind) for kind in sorted(off)],
                                           ignore_conflicts=True)
        return off
