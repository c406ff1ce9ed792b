"""Faults, against the real broker (Redis in CI, the filesystem broker locally), real Celery worker processes,
the real test database and a real SMTP server on loopback:

(a) a worker killed with SIGKILL in the middle of a sweep, then restarted: every email once when the server had
    not accepted the one in flight; when it had, that one again with the same Message-ID; and workers killed at
    moments of chance in a sweep of 300: none lost, at most one double per kill, each with one Message-ID;
(b) the broker is down when an improvement is saved: the save stands, the next sweep sends the reminder;
(c) two sweeps at once (two threads, and two worker processes) send nothing twice;
(d) a failing SMTP server: the email is retried later, not lost and not doubled;
and no task waits in the broker longer than the broker's visibility timeout.
"""

import os
import random
import signal
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from celery.signals import before_task_publish
from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import F
from django.utils import timezone

from actions import reminders
from actions.models import Improvement, ReminderKind, ReminderLog, ReminderState, Status
from actions.tasks import improvement_saved, reminders_retry, reminders_send_batch, reminders_sweep
from config.celery import app
from tests.actions.reminder_support import improvement, journey_for, plus, review_cycle
from tests.broker import broker_down
from tests.worker import WAIT, Workers, drain, logs, wait_ready, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

@pytest.fixture
def workers(tmp_path, smtp_server):
    """``start(queue)`` starts a Celery worker process on ``queue`` (tests/worker.py), sending through the test's
    SMTP server. Returns the ``Worker``; its log is in ``worker.log_path``. All are stopped at the end."""
    _mailbox, port = smtp_server
    started = Workers(tmp_path)
    yield lambda queue: started.start(queue, email_url=f"smtp://127.0.0.1:{port}")
    started.stop()


@pytest.fixture
def publish_to_broker():
    """This process publishes to the broker instead of running tasks itself (as the other tests do)."""
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


def finished(result, *processes):
    """Until the task sent as ``result`` has succeeded in one of the workers."""
    wait_until(lambda: any(process.succeeded(result.id) for process in processes), *processes,
               what=f"the end of task {result.id}")


def states():
    return Counter(ReminderLog.objects.values_list("state", flat=True))


def delivered(mailbox):
    """How often each subject reached the SMTP server."""
    return Counter(str(message["Subject"]) for message in mailbox.accepted)


def message_id(message):
    """The Message-ID header's value (a long one is folded onto a line of its own, after a space)."""
    return str(message["Message-ID"]).strip()


def message_ids(mailbox):
    """How often each Message-ID reached the SMTP server."""
    return Counter(map(message_id, mailbox.accepted))


def title_of(message):
    """The improvement's title, from a deadline reminder's subject ("Deadline …: <title>")."""
    return str(message["Subject"]).split(": ", 1)[1]


def expire_claims_of(rows):
    """Let the lease of these (dead) senders' claims pass, as if CLAIM_LEASE had gone by."""
    ReminderLog.objects.filter(pk__in=[row.pk for row in rows]).update(
        claimed_at=F("claimed_at") - reminders.CLAIM_LEASE)


# --- (a) SIGKILL in the middle of a sweep -------------------------------------------------------------------

def test_a_worker_killed_mid_sweep_before_the_server_accepted_sends_every_email_once(
    team, member, facilitator, smtp_server, workers, queue, publish_to_broker
):
    mailbox, _port = smtp_server
    journey = journey_for(team, facilitator)
    day = reminders.today()
    titles = [f"Verbetering {n:02}" for n in range(1, 13)]
    for title in titles:
        improvement(journey, title, owner=member, deadline=plus(day, 7))
    # Batches of 4: batch 1 is sent, the 6th email (batch 2) is held at the SMTP server, batch 3 waits in the queue.
    mailbox.hold_at = 6

    first = workers(queue)
    reminders_sweep.apply_async(args=[day.isoformat(), 4], queue=queue)
    assert mailbox.held.wait(WAIT), f"the sweep never reached the 6th email:\n{logs(first)}"
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=20)
    mailbox.release.set()  # the held email is refused: its sender is gone, it was never accepted

    assert len(mailbox.accepted) == 5
    # Email 6 possibly sent (the log cannot know it was refused), 7-8 claimed but not started, 9-12 not claimed.
    assert states() == {ReminderState.SENT: 5, ReminderState.SENDING: 1, ReminderState.CLAIMED: 2}

    second = workers(queue)  # restarted: it takes batch 3 from the queue
    wait_until(lambda: states()[ReminderState.SENT] == 9, second, what="batch 3 after the restart")
    # The dead worker's claims are inside their lease: the sweep does not offer them yet (nothing twice) ...
    assert [batch for _kind, batch in reminders.plan(day)] == []
    # ... and once the lease has passed, the retry sweep sends them (nothing lost).
    expire_claims_of(ReminderLog.objects.exclude(state=ReminderState.SENT))
    reminders_retry.apply_async(queue=queue)
    wait_until(lambda: states() == {ReminderState.SENT: 12}, second, what="the abandoned claims after the lease")

    later_sweep = reminders_sweep.apply_async(args=[day.isoformat(), 4], queue=queue)  # nothing left to send
    later_retry = reminders_retry.apply_async(queue=queue)
    # Seen to be finished (the two tasks and any batch they sent), not merely given time: then count.
    finished(later_sweep, second)
    finished(later_retry, second)
    drain(queue, second)
    subjects = delivered(mailbox)
    assert len(subjects) == 12 and set(subjects.values()) == {1}, subjects
    assert all(any(title in subject for subject in subjects) for title in titles)
    assert ReminderLog.objects.filter(attempts=2).count() == 3  # the three taken over


def test_a_worker_killed_after_the_server_accepted_an_email_sends_it_again_with_the_same_message_id(
    team, member, facilitator, smtp_server, workers, queue, publish_to_broker
):
    """The window that remains, made to happen: the server has taken the 3rd email, its "250" is on the way,
    and the sender dies before it records it. The log says what it knows (two sent, one possibly sent, the
    rest not started); after the lease the retry sends the possibly sent one again — with the same Message-ID,
    so the recipient's mail system can tell it is one email — and the rest once."""
    mailbox, _port = smtp_server
    journey = journey_for(team, facilitator)
    day = reminders.today()
    for n in range(1, 7):
        improvement(journey, f"Verbetering {n}", owner=member, deadline=plus(day, 7))
    mailbox.hold_at, mailbox.accept_held = 3, True

    first = workers(queue)
    reminders_sweep.apply_async(args=[day.isoformat(), 10], queue=queue)
    assert mailbox.held.wait(WAIT), f"the sweep never reached the 3rd email:\n{logs(first)}"
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=20)
    mailbox.release.set()

    assert len(mailbox.accepted) == 3
    assert states() == {ReminderState.SENT: 2, ReminderState.SENDING: 1, ReminderState.CLAIMED: 3}
    possibly_sent = ReminderLog.objects.get(state=ReminderState.SENDING)

    second = workers(queue)
    expire_claims_of(ReminderLog.objects.exclude(state=ReminderState.SENT))
    reminders_retry.apply_async(queue=queue)
    wait_until(lambda: states() == {ReminderState.SENT: 6}, second, what="the abandoned claims after the lease")

    counted = message_ids(mailbox)
    assert len(mailbox.accepted) == 7 and len(counted) == 6
    assert [sent_as for sent_as, times in counted.items() if times > 1] == [
        f"<reminder.deadline_week.improvement-{possibly_sent.object_id}.{possibly_sent.period}"
        f".to-{member.pk}@klantreis.test>"]
    assert Counter(map(title_of, mailbox.accepted)) == {f"Verbetering {n}": 2 if n == 3 else 1 for n in range(1, 7)}


KILLS = 2  # the kill test below kills this many workers, each while it sends a batch


def test_workers_killed_mid_batch_send_every_reminder_and_a_double_only_with_the_same_message_id(
    team, member, facilitator, smtp_server, workers, queue, publish_to_broker
):
    """300 reminders in batches of 50 through a slow mail server (20 ms before each reply, as a real one that
    queues and scans), two workers killed with SIGKILL at a moment of chance while they send, a new worker
    after each, then the retry after the lease. Every reminder arrives; one arrives twice only when its row
    said "sending" at a kill (at most one per killed worker, as each sends one email at a time), and both
    copies carry the same Message-ID."""
    mailbox, _port = smtp_server
    journey = journey_for(team, facilitator)
    day = reminders.today()
    count = 300
    Improvement.objects.bulk_create(
        Improvement(journey=journey, title=f"Verbetering {n:03}", owner=member, deadline=plus(day, 7),
                    status=Status.PLANNED)
        for n in range(count)
    )
    titles = dict(Improvement.objects.values_list("pk", "title"))
    mailbox.delay = 0.02
    chance = random.Random()

    worker = workers(queue)
    reminders_sweep.apply_async(args=[day.isoformat(), 50], queue=queue)
    abandoned, possibly_sent = {}, set()
    for _kill in range(KILLS):
        # Well inside what this worker can still send: the dead ones' claims wait for the lease.
        arrived = len(mailbox.accepted) + chance.randrange(20, 100)
        wait_until(lambda at=arrived: len(mailbox.accepted) >= at, worker, what=f"{arrived} emails")
        time.sleep(chance.uniform(0, 0.05))
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=20)
        # One worker at a time: every unfinished claim now is the dead worker's (or an earlier dead one's).
        dead = ReminderLog.objects.exclude(state=ReminderState.SENT).exclude(pk__in=abandoned)
        abandoned |= {row.pk: row for row in dead}
        possibly_sent |= {titles[row.object_id] for row in dead if row.state == ReminderState.SENDING}
        worker = workers(queue)
    wait_until(lambda: states()[ReminderState.SENT] == count - len(abandoned), worker,
               what="the batches after the kills")
    expire_claims_of(abandoned.values())
    reminders_retry.apply_async(queue=queue)
    wait_until(lambda: states() == {ReminderState.SENT: count}, worker, what="the abandoned claims after the lease")

    subjects = Counter(map(title_of, mailbox.accepted))
    twice = {title for title, times in subjects.items() if times > 1}
    print(f"\n{KILLS} kills: {len(mailbox.accepted)} emails for {count} reminders, {len(twice)} twice "
          f"({len(possibly_sent)} possibly sent at the kills, {len(abandoned)} claims taken over)")
    assert set(subjects) == set(titles.values())  # none lost
    assert max(subjects.values()) <= 2 and len(twice) <= KILLS
    by_title = {}
    for message in mailbox.accepted:
        by_title.setdefault(title_of(message), set()).add(message_id(message))
    assert all(len(ids) == 1 for ids in by_title.values())  # a double carries the first copy's Message-ID
    assert len(message_ids(mailbox)) == count
    assert twice <= possibly_sent  # the log knew which ones might arrive twice


# --- (b) the broker is down when an improvement is saved -----------------------------------------------------


def test_saving_works_when_the_broker_is_down_and_the_next_sweep_sends_the_reminder(
    team, member, facilitator, smtp_server, workers, queue, caplog
):
    mailbox, _port = smtp_server
    journey = journey_for(team, facilitator)
    day = reminders.today()
    with broker_down():
        with transaction.atomic():
            item = improvement(journey, "Opgeslagen tijdens de storing", owner=member, deadline=plus(day, 1))
            improvement_saved(item)
        assert "Broker unreachable" in caplog.text
    assert Improvement.objects.filter(pk=item.pk).exists()  # the save stands
    assert not ReminderLog.objects.exists() and mailbox.accepted == []

    worker = workers(queue)
    app.conf.task_always_eager = False
    try:
        reminders_sweep.apply_async(queue=queue)  # the next sweep, as beat sends it
    finally:
        app.conf.task_always_eager = True
    wait_until(lambda: states() == {ReminderState.SENT: 1}, worker, what="the reminder at the next sweep")
    assert len(mailbox.accepted) == 1
    message = mailbox.accepted[0]
    assert "Opgeslagen tijdens de storing" in str(message["Subject"])
    assert member.email in str(message["To"])
    assert f"http://klantreis.test/t/{team.slug}/improvements/{item.pk}/" in message.get_body(("plain",)).get_content()


# --- (c) two sweeps at once ----------------------------------------------------------------------------------

def due_everywhere(team, journey, people, day):
    """20 deadline reminders, a digest for two people and two review reminders: 24 emails."""
    member, owner = people
    for n in range(10):
        improvement(journey, f"Week {n}", owner=member, deadline=plus(day, 7))
        improvement(journey, f"Morgen {n}", owner=owner, deadline=plus(day, 1))
    improvement(journey, "Lang geleden", owner=member, deadline=plus(day, -30))
    review_cycle(journey, plus(day, 14))
    return 20 + 2 + 2  # digest: member (owner) and the facilitator; review: owner and facilitator


def test_two_sweeps_in_two_threads_at_once_send_nothing_twice(team, member, owner, facilitator, smtp):
    if connection.vendor != "postgresql":
        pytest.skip("threads racing on one database need PostgreSQL: SQLite lets one writer in at a time "
                    "(the two-worker test below races two processes on SQLite too)")
    journey = journey_for(team, facilitator)
    day = reminders.today()
    expected = due_everywhere(team, journey, (member, owner), day)
    barrier = threading.Barrier(2)
    errors = []

    def sweep():
        try:
            barrier.wait(timeout=30)
            reminders_sweep.apply(args=[day.isoformat(), 5])  # eager: its batches run in this thread
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(smtp.accepted) == expected
    recipients_and_subjects = Counter((str(m["To"]), str(m["Subject"])) for m in smtp.accepted)
    assert set(recipients_and_subjects.values()) == {1}
    assert states() == {ReminderState.SENT: expected}


def test_two_workers_sweeping_at_once_send_nothing_twice(
    team, member, owner, facilitator, smtp_server, workers, queue, publish_to_broker
):
    """The realistic version: two processes, each sweeping and then taking batches from the same queue, so
    copies of a batch run side by side. (Whether they overlap is up to timing; the thread test above releases
    both sweeps at one instant and is the sharper check of the claim itself.)"""
    mailbox, _port = smtp_server
    journey = journey_for(team, facilitator)
    day = reminders.today()
    expected = due_everywhere(team, journey, (member, owner), day)
    mailbox.delay = 0.1  # each batch of 5 takes half a second: both workers hold copies of it at once
    one, two = workers(queue), workers(queue)
    wait_ready(one, two)
    first = [reminders_sweep.apply_async(args=[day.isoformat(), 5], queue=queue) for _ in range(2)]
    wait_until(lambda: states()[ReminderState.SENT] == expected, one, two, what="every reminder")
    # Both sweeps enqueued every batch, and two later sweeps find nothing due: once they have ended, every copy
    # of a batch is in the queue; once the queue is drained by both workers, every copy has run. Then count.
    later = [reminders_sweep.apply_async(args=[day.isoformat(), 5], queue=queue) for _ in range(2)]
    for result in [*first, *later]:
        finished(result, one, two)
    drain(queue, one, two)
    counted = Counter((str(m["To"]), str(m["Subject"])) for m in mailbox.accepted)
    assert len(counted) == expected and set(counted.values()) == {1}, counted
    assert states() == {ReminderState.SENT: expected}


# --- (d) a failing SMTP server --------------------------------------------------------------------------------

def test_a_failing_smtp_server_gets_the_email_again_later_not_lost_not_doubled(team, member, facilitator, smtp):
    journey = journey_for(team, facilitator)
    day = reminders.today()
    improvement(journey, "Post komt later", owner=member, deadline=plus(day, 7))
    smtp.refuse = "451 4.3.0 Mailbox busy, try again later"

    reminders_sweep.apply()
    row = ReminderLog.objects.get()
    assert (row.state, row.attempts) == (ReminderState.FAILED, 1)
    assert "Mailbox busy" in row.last_error
    assert smtp.accepted == []

    smtp.refuse = None
    reminders_retry.apply()  # too soon: the retry delay has not passed
    reminders_sweep.apply()  # nor will the daily sweep pick it up before then
    assert smtp.accepted == [] and ReminderLog.objects.get().state == ReminderState.FAILED

    with time_machine.travel(timezone.now() + reminders.RETRY_DELAY + timedelta(minutes=1)):
        reminders_retry.apply()
        row = ReminderLog.objects.get()
        assert (row.state, row.attempts, row.last_error) == (ReminderState.SENT, 2, "")
        reminders_retry.apply()
        reminders_sweep.apply()
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        reminders_retry.apply()
        reminders_sweep.apply()
    assert len(smtp.accepted) == 1 and "Post komt later" in str(smtp.accepted[0]["Subject"])


def test_a_refused_address_fails_alone_and_the_rest_of_the_batch_goes_out(team, member, owner, facilitator, smtp):
    journey = journey_for(team, facilitator)
    day = reminders.today()
    improvement(journey, "Voor het lid", owner=member, deadline=plus(day, 7))
    improvement(journey, "Voor de eigenaar", owner=owner, deadline=plus(day, 7))
    smtp.refuse_recipients = {member.email}

    outcomes = reminders.send_batch(ReminderKind.DEADLINE_WEEK, day)
    assert sorted((outcome.reminder.email, outcome.state) for outcome in outcomes) == sorted(
        [(member.email, "failed"), (owner.email, "sent")])
    assert "No such mailbox" in ReminderLog.objects.get(recipient=member).last_error
    assert [str(message["To"]) for message in smtp.accepted] == [f"{owner.name} <{owner.email}>"]


def test_an_smtp_server_that_is_not_there_fails_the_batch_for_a_retry(team, member, facilitator, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens: connection refused
    journey = journey_for(team, facilitator)
    day = reminders.today()
    for n in range(3):
        improvement(journey, f"Geen server {n}", owner=member, deadline=plus(day, 1))
    outcomes = reminders.send_batch(ReminderKind.DEADLINE_TOMORROW, day)
    assert [outcome.state for outcome in outcomes] == ["failed"] * 3
    assert states() == {ReminderState.FAILED: 3}
    assert len(reminders.retry_candidates(now=timezone.now() + reminders.RETRY_DELAY)) == 3


# --- Nothing waits in the broker longer than its visibility timeout -------------------------------------------

def visibility_timeout():
    """Redis redelivers an unacknowledged message after this (kombu's default: one hour)."""
    return settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 60 * 60)


def test_no_task_retries_later_than_the_visibility_timeout():
    for name, task in app.tasks.items():
        if name.startswith("celery.") or not getattr(task, "autoretry_for", ()):
            continue
        longest = task.retry_backoff_max if task.retry_backoff else task.default_retry_delay
        assert longest < visibility_timeout(), f"{name} may wait {longest} s in the broker"


def test_the_sweeps_publish_their_batches_without_countdown_or_eta(team, member, facilitator, queue,
                                                                    publish_to_broker):
    journey = journey_for(team, facilitator)
    day = reminders.today()
    improvement(journey, "Gepubliceerd", owner=member, deadline=plus(day, 7))
    improvement(journey, "Mislukt eerder", owner=member, deadline=plus(day, 1))
    held = reminders.claim(reminders.due(ReminderKind.DEADLINE_TOMORROW, day))
    reminders._mark_failed(held, OSError("earlier failure"))
    ReminderLog.objects.update(claimed_at=F("claimed_at") - reminders.RETRY_DELAY)
    published = []

    def record(sender=None, headers=None, **kwargs):
        published.append((sender, headers.get("eta"), headers.get("countdown"), kwargs.get("routing_key")))

    before_task_publish.connect(record, weak=False)
    try:
        reminders_sweep.apply(routing_key=queue)  # run here, as a worker on ``queue`` would
        reminders_retry.apply(routing_key=queue)
    finally:
        before_task_publish.disconnect(record)
    assert {entry[0] for entry in published} == {reminders_send_batch.name}
    # The sweep: the week's batch and tomorrow's (the failed email is due again); the retry: the failed one.
    assert len(published) == 3
    assert {(eta, countdown, routing_key) for _name, eta, countdown, routing_key in published} == {(None, None, queue)}
