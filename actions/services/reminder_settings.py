"""Which reminder emails a person receives: every kind, unless they turned it off (a ``ReminderOptOut`` row),
on their settings page or with the link in an email."""

from django.db import transaction

from ..models import ReminderKind, ReminderOptOut


@transaction.atomic
def reminder_settings_save(*, user, off):
    """Send ``user`` every kind of reminder but those in ``off``. Returns ``off``."""
    off = {ReminderKind(kind).value for kind in off}
    ReminderOptOut.objects.filter(user=user).exclude(kind__in=off).delete()
    ReminderOptOut.objects.bulk_create([ReminderOptOut(user=user, kind=kind) for kind in sorted(off)],
                                       ignore_conflicts=True)
    return off


def reminder_turn_off(*, user, kind):
    """The email's "turn these off" link: ``user`` receives no more reminders of ``kind``."""
    ReminderOptOut.objects.get_or_create(user=user, kind=ReminderKind(kind).value)


def reminder_turn_on(*, user, kind):
    """Undo ``reminder_turn_off``."""
    ReminderOptOut.objects.filter(user=user, kind=ReminderKind(kind).value).delete()
