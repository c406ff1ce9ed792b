"""The reminder sweep by hand: the same selection, claims and sending as the daily Celery task, run here
without a broker, listing every reminder it sends (or, with --dry-run, would send)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from actions import reminders
from actions.models import ReminderKind


def _day(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today wants a date as YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = "Send the reminder emails due today (or on --today), or list them with --dry-run."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list what is due; send and record nothing")
        parser.add_argument("--today", type=_day, help="pretend it is this day (YYYY-MM-DD)")
        parser.add_argument("--kind", action="append", choices=ReminderKind.values,
                            help="only this kind (repeatable); all kinds by default")
        parser.add_argument("--batch-size", type=int, default=reminders.BATCH_SIZE)

    def handle(self, *args, dry_run=False, today=None, kind=None, batch_size=reminders.BATCH_SIZE, **options):
        day = today or reminders.today()
        self.stdout.write(f"Reminders due on {day.isoformat()}{' (dry run: nothing is sent)' if dry_run else ''}")
        counts = {"would send": 0, "sent": 0, "failed": 0, "taken": 0}
        for kind_value, batch in reminders.plan(day, batch_size=batch_size, kinds=kind):
            if dry_run:
                outcomes = [reminders.Outcome(reminder, "would send") for reminder in batch]
            else:
                outcomes = reminders.send_batch(kind_value, day, targets=[reminder.target for reminder in batch])
            for outcome in outcomes:
                counts[outcome.state] += 1
                self.stdout.write(self._line(outcome))
        summary = ", ".join(f"{number} {state}" for state, number in counts.items() if number) or "nothing due"
        self.stdout.write(self.style.SUCCESS(summary) if not counts["failed"] else self.style.WARNING(summary))

    def _line(self, outcome):
        reminder = outcome.reminder
        state = {"taken": "skipped (sent or being sent elsewhere)"}.get(outcome.state, outcome.state)
        line = (f"  {state:<10} {reminder.kind:<18} {reminder.period:<10} object {reminder.object_id:<6} "
                f"→ {reminder.email} ({reminder.language})")
        return f"{line}: {outcome.error}" if outcome.error else line
