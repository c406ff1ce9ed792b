"""Reminder tasks. Beat runs ``reminders_sweep`` daily at 07:00 Europe/Amsterdam and ``reminders_retry`` every
ten minutes (rows made by migration 0002, editable in the admin under Periodic tasks).

The sweeps only read and fan out: each batch becomes one ``reminders_send_batch`` task, which claims, sends
and records (``actions.reminders`` explains why none is lost and when one can arrive twice). Batches go to the
queue the sweep came from. No task here has a countdown or an ETA: a failed email waits in the database for the
retry sweep, not in the broker — on Redis an unacknowledged task with a countdown longer than the visibility
timeout would be delivered a second time.
"""

import logging
from datetime import date

from celery import shared_task

from workshops.queue import enqueue_on_commit

from . import reminders, report_files

logger = logging.getLogger(__name__)

SEND_TIME_LIMIT = 5 * 60  # must stay below reminders.CLAIM_LEASE: a sender is dead before its claim is taken over
SEND_SOFT_TIME_LIMIT = 4 * 60


def _queue_of(request):
    """The queue a running task was delivered from (None when run eagerly: the default queue)."""
    return (request.delivery_info or {}).get("routing_key")


@shared_task(bind=True, time_limit=SEND_TIME_LIMIT, soft_time_limit=SEND_SOFT_TIME_LIMIT)
def reminders_sweep(self, day=None, batch_size=reminders.BATCH_SIZE):
    """What is due today (or on ``day``, ISO): one send task per batch. Returns how many reminders."""
    day = date.fromisoformat(day) if day else reminders.today()
    queue = _queue_of(self.request)
    count = 0
    for kind, batch in reminders.plan(day, batch_size=batch_size):
        targets = [list(reminder.target) for reminder in batch]
        reminders_send_batch.apply_async(args=[kind, day.isoformat(), targets], queue=queue)
        count += len(batch)
    logger.info("Reminder sweep for %s: %s due", day, count)
    return count


@shared_task(bind=True, time_limit=SEND_TIME_LIMIT, soft_time_limit=SEND_SOFT_TIME_LIMIT)
def reminders_retry(self, batch_size=reminders.BATCH_SIZE):
    """Failed emails past their retry delay and claims past their lease, sent again if still due."""
    day = reminders.today()
    queue = _queue_of(self.request)
    for kind, targets in reminders.retry_plan(batch_size=batch_size):
        reminders_send_batch.apply_async(args=[kind, day.isoformat(), [list(t) for t in targets]], queue=queue)


@shared_task(time_limit=SEND_TIME_LIMIT, soft_time_limit=SEND_SOFT_TIME_LIMIT)
def reminders_send_batch(kind, day, targets):
    """Claim, send and record the reminders of ``kind`` for ``targets`` ([object id, recipient id] pairs) that
    are still due on ``day``. Safe to run twice: a second run finds them claimed or sent."""
    outcomes = reminders.send_batch(kind, date.fromisoformat(day), targets=targets)
    return {state: sum(1 for outcome in outcomes if outcome.state == state) for state in ("sent", "failed", "taken")}


@shared_task(time_limit=SEND_TIME_LIMIT, soft_time_limit=SEND_SOFT_TIME_LIMIT)
def reminders_for_improvement(improvement_id):
    """The deadline reminders of one improvement that are due today: sent at once after a save instead of
    at the next morning's sweep (which would find it too — this only makes it timely)."""
    day = reminders.today()
    for kind in reminders.DEADLINE_KINDS:
        reminders.send_batch(kind, day, object_ids=[improvement_id])


def improvement_saved(improvement):
    """Call from every write that sets an improvement's owner, deadline or status, inside its transaction.
    When a deadline reminder may be due today, it is enqueued once the transaction commits (a rollback
    enqueues nothing); when the broker is down the save still stands and the next sweep sends it."""
    if not (improvement.is_open and improvement.owner_id and improvement.deadline):
        return
    days = (improvement.deadline - reminders.today()).days
    if any(low <= days <= high for low, high in (reminders.WINDOWS[kind] for kind in reminders.DEADLINE_KINDS)):
        enqueue_on_commit(reminders_for_improvement, improvement.pk)


# --- The report's PDF, made off the web workers (``actions.report_files`` explains the flow) ----------------

BUILD_TIME_LIMIT = 4 * 60  # must stay below report_files.STALE_AFTER: a build is dead before it is asked again
BUILD_SOFT_TIME_LIMIT = 3 * 60


@shared_task(time_limit=BUILD_TIME_LIMIT, soft_time_limit=BUILD_SOFT_TIME_LIMIT)
def build_report(report_file_id):
    """Make the PDF of a pending report; returns how long WeasyPrint took (None if there was nothing to do)."""
    report_file = report_files.build(report_file_id)
    return report_file.build_seconds if report_file else None


@shared_task(time_limit=BUILD_TIME_LIMIT, soft_time_limit=BUILD_SOFT_TIME_LIMIT)
def prepare_reports(workshop_id):
    """Make a closed workshop's report in each language its team reads; returns those languages."""
    return report_files.prepare_reports(workshop_id)
