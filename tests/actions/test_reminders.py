"""Reminder emails: what is due on a day, to whom, in which language; claims; the command; the schedule.

The day under test is fixed (DAY, a Monday); claims and leases run on the real clock (or a frozen one).
The fault tests against the real broker, worker and SMTP server are in test_reminders_faults.py.
"""

import re
from datetime import date, datetime, time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import ModelEntry

from actions import reminders
from actions.models import (
    Improvement,
    ReminderKind,
    ReminderLog,
    ReminderOptOut,
    ReminderState,
    Review,
    Status,
)
from actions.reminders import CLAIM_LEASE, RETRY_DELAY, claim, due, send_batch
from actions.tasks import improvement_saved
from config.celery import app
from journeys.models import Measurement
from tests.actions.reminder_support import improvement, journey_for, plus, review_cycle
from workshops.models import Membership

DAY = date(2026, 3, 9)  # a Monday, in ISO week 11
WEEK, TOMORROW, DIGEST = ReminderKind.DEADLINE_WEEK, ReminderKind.DEADLINE_TOMORROW, ReminderKind.OVERDUE_DIGEST
REVIEW_SOON, REVIEW_TODAY = ReminderKind.REVIEW_SOON, ReminderKind.REVIEW_TODAY


@pytest.fixture
def journey(team, facilitator):
    """Team A's journey; its workshop is facilitated by the facilitator persona."""
    return journey_for(team, facilitator)


def targets(batch):
    return [(reminder.object_id, reminder.recipient_id, reminder.period) for reminder in batch]


def titles(digest):
    return [item["title"] for item in digest.context["items"]]


# --- What is due --------------------------------------------------------------------------------------------

def test_deadline_reminders_are_due_a_week_and_a_day_before_to_the_owner(journey, member, owner):
    week = improvement(journey, "Over een week", owner=member, deadline=plus(DAY, 7))
    tomorrow = improvement(journey, "Morgen", owner=owner, deadline=plus(DAY, 1))
    proposed = improvement(journey, "Voorstel voor morgen", owner=member, deadline=plus(DAY, 1),
                           status=Status.PROPOSED)
    improvement(journey, "Over acht dagen", owner=member, deadline=plus(DAY, 8))
    improvement(journey, "Al klaar", owner=member, deadline=plus(DAY, 1), status=Status.DONE)
    improvement(journey, "Geschrapt", owner=member, deadline=plus(DAY, 7), status=Status.DROPPED)
    Improvement.objects.create(journey=journey, title="Zonder eigenaar", deadline=plus(DAY, 1))

    assert targets(due(WEEK, DAY)) == [(week.pk, member.pk, "2026-03-16")]
    assert targets(due(TOMORROW, DAY)) == [(tomorrow.pk, owner.pk, "2026-03-10"),
                                           (proposed.pk, member.pk, "2026-03-10")]


def test_a_missed_sweep_is_caught_up_by_the_next_one_under_the_same_key(journey, member):
    item = improvement(journey, "Gemist", owner=member, deadline=plus(DAY, 7))
    two_days_late = due(WEEK, plus(DAY, 2))  # no sweep ran on DAY or the day after
    assert targets(two_days_late) == [(item.pk, member.pk, "2026-03-16")]
    assert two_days_late[0].context["days"] == 5
    assert due(WEEK, plus(DAY, 6)) == []  # the last day before: tomorrow's reminder takes over
    assert targets(due(TOMORROW, plus(DAY, 7))) == [(item.pk, member.pk, "2026-03-16")]  # on the day itself
    assert due(TOMORROW, plus(DAY, 8)) == []  # overdue now: that is the digest's business


def test_a_moved_deadline_is_a_new_reminder(journey, member):
    item = improvement(journey, "Verschoven", owner=member, deadline=plus(DAY, 7))
    send_batch(WEEK, DAY)
    assert due(WEEK, DAY) == []
    Improvement.objects.filter(pk=item.pk).update(deadline=plus(DAY, 5))
    assert targets(due(WEEK, DAY)) == [(item.pk, member.pk, "2026-03-14")]


def test_no_reminder_for_who_turned_it_off_left_the_team_or_was_deactivated(journey, member, owner, facilitator):
    improvement(journey, "Afgemeld", owner=member, deadline=plus(DAY, 7))
    improvement(journey, "Vertrokken", owner=owner, deadline=plus(DAY, 7))
    improvement(journey, "Gedeactiveerd", owner=facilitator, deadline=plus(DAY, 7))
    kept = improvement(journey, "Wel", owner=member, deadline=plus(DAY, 1))
    ReminderOptOut.objects.create(user=member, kind=WEEK)
    Membership.objects.filter(user=owner).delete()
    facilitator.is_active = False
    facilitator.save()

    assert due(WEEK, DAY) == []
    assert targets(due(TOMORROW, DAY)) == [(kept.pk, member.pk, "2026-03-10")]  # only the week was turned off


def test_the_overdue_digest_goes_weekly_to_owners_and_the_workshop_facilitator(journey, member, owner, facilitator):
    improvement(journey, "Te laat", owner=member, deadline=plus(DAY, -3))
    improvement(journey, "Veel te laat", owner=owner, deadline=plus(DAY, -20))
    improvement(journey, "Vandaag", owner=member, deadline=DAY)  # not yet overdue on Monday morning
    improvement(journey, "Klaar", owner=member, deadline=plus(DAY, -5), status=Status.DONE)
    Improvement.objects.create(journey=journey, title="Niemands", deadline=plus(DAY, -1))

    digests = {digest.recipient_id: digest for digest in due(DIGEST, DAY)}
    assert set(digests) == {member.pk, owner.pk, facilitator.pk}
    assert titles(digests[facilitator.pk]) == ["Veel te laat", "Te laat", "Niemands"]  # by deadline
    assert titles(digests[member.pk]) == ["Te laat"]
    assert titles(digests[owner.pk]) == ["Veel te laat"]
    assert {digest.period for digest in digests.values()} == {"2026-W11"}
    assert [item["is_mine"] for item in digests[member.pk].context["items"]] == [True]

    # Wednesday, same week (Monday's sweep did not run): the same digests, what was overdue on Monday.
    wednesday = {digest.recipient_id: digest for digest in due(DIGEST, plus(DAY, 2))}
    assert titles(wednesday[member.pk]) == ["Te laat"]
    assert {digest.period for digest in wednesday.values()} == {"2026-W11"}
    send_batch(DIGEST, DAY)
    assert due(DIGEST, plus(DAY, 2)) == []  # once a week
    assert {digest.period for digest in due(DIGEST, plus(DAY, 7))} == {"2026-W12"}  # and again the next


def test_the_digest_leaves_out_teams_the_recipient_left(journey, member, facilitator, outsider, other_team):
    journey_b = journey_for(other_team, outsider, title="Bravo")
    Membership.objects.create(team=other_team, user=member, role="member")
    improvement(journey, "Bij Alfa", owner=member, deadline=plus(DAY, -2))
    improvement(journey_b, "Bij Bravo", owner=member, deadline=plus(DAY, -2))
    assert titles({d.recipient_id: d for d in due(DIGEST, DAY)}[member.pk]) == ["Bij Alfa", "Bij Bravo"]
    Membership.objects.filter(team=other_team, user=member).delete()
    assert titles({d.recipient_id: d for d in due(DIGEST, DAY)}[member.pk]) == ["Bij Alfa"]


def test_review_reminders_go_to_the_teams_owners_and_facilitators(journey, owner, facilitator, member, viewer):
    cycle = review_cycle(journey, plus(DAY, 14))
    assert targets(due(REVIEW_SOON, DAY)) == sorted([(cycle.pk, owner.pk, "2026-03-23"),
                                                     (cycle.pk, facilitator.pk, "2026-03-23")])
    assert due(REVIEW_TODAY, DAY) == []
    on_the_day = plus(DAY, 14)
    assert {r.recipient_id for r in due(REVIEW_TODAY, on_the_day)} == {owner.pk, facilitator.pk}
    assert {r.recipient_id for r in due(REVIEW_TODAY, plus(on_the_day, 3))} == {owner.pk, facilitator.pk}
    assert due(REVIEW_TODAY, plus(on_the_day, 4)) == []

    measurement = Measurement.objects.create(journey=journey, kind="review", taken_on=on_the_day)
    Review.objects.create(journey=journey, held_on=on_the_day, measurement=measurement)
    assert due(REVIEW_TODAY, on_the_day) == []  # the review has started: no more nagging


# --- The email ----------------------------------------------------------------------------------------------

def test_the_email_is_in_the_recipients_language_with_text_html_a_link_back_and_unsubscribe(
    journey, member, owner, mailoutbox
):
    member.language = "en"
    member.save()
    english_item = improvement(journey, "Retourlabel in de doos", owner=member, deadline=plus(DAY, 7))
    improvement(journey, "Bellen & mailen", owner=owner, deadline=plus(DAY, 7))  # owner reads Dutch

    assert {outcome.state for outcome in send_batch(WEEK, DAY)} == {"sent"}
    english = next(message for message in mailoutbox if member.email in message.to[0])
    dutch = next(message for message in mailoutbox if owner.email in message.to[0])
    english_html, dutch_html = english.alternatives[0].content, dutch.alternatives[0].content

    assert english.subject == "Deadline in 7 days: Retourlabel in de doos"
    assert "Monday 16 March 2026" in english.body and "Monday 16 March 2026" in english_html
    assert "maandag 16 maart 2026" in dutch.body and "maandag 16 maart 2026" in dutch_html
    assert "Bellen & mailen" in dutch.body and "Bellen &amp; mailen" in dutch_html  # text is not HTML-escaped
    assert english.to == [f"{member.name} <{member.email}>"]

    link = "http://testserver" + reverse("actions:improvement_detail", kwargs={"slug": journey.team.slug,
                                                                       "improvement_id": english_item.pk})
    assert link in english.body and f'href="{link}"' in english_html
    unsubscribe = english.extra_headers["List-Unsubscribe"].strip("<>")
    assert re.fullmatch(r"http://testserver/accounts/reminders/unsubscribe/[\w:-]+/", unsubscribe)
    assert unsubscribe in english.body and f'href="{unsubscribe}"' in english_html
    assert english.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "http://testserver/accounts/reminders/" in english.body


@pytest.mark.parametrize("kind, days_away, subject", [
    (TOMORROW, 1, "Deadline tomorrow: Nu echt"),
    (TOMORROW, 0, "Deadline today: Nu echt"),
])
def test_tomorrows_reminder_says_today_when_it_catches_up_on_the_day(journey, member, mailoutbox, kind, days_away,
                                                                      subject):
    member.language = "en"
    member.save()
    improvement(journey, "Nu echt", owner=member, deadline=plus(DAY, days_away))
    send_batch(kind, DAY)
    assert [message.subject for message in mailoutbox] == [subject]


def test_every_kind_renders_in_both_languages(journey, member, owner, facilitator, mailoutbox):
    improvement(journey, "Week", owner=member, deadline=plus(DAY, 7))
    improvement(journey, "Morgen", owner=member, deadline=plus(DAY, 1))
    improvement(journey, "Te laat", owner=member, deadline=plus(DAY, -8))
    review_cycle(journey, plus(DAY, 14))
    journey_b = journey_for(journey.team, facilitator, title="Tweede reis")
    review_cycle(journey_b, DAY)
    owner.language = "en"
    owner.save()
    for kind in ReminderKind.values:
        send_batch(kind, DAY)
    # member: week, tomorrow, digest; facilitator: digest; owner and facilitator: two reviews each
    assert len(mailoutbox) == 3 + 1 + 2 + 2
    english = [message for message in mailoutbox if owner.email in message.to[0]]
    assert sorted(message.subject for message in english) == [
        "Review of “Bestellen bij Alfa” in 14 days", "Review of “Tweede reis” due today"]
    for message in mailoutbox:
        html = message.alternatives[0].content
        assert "http://testserver/" in message.body and "http://testserver/" in html
        assert message.extra_headers["List-Unsubscribe"].strip("<>") in html


def test_a_reminder_sent_again_carries_the_same_message_id_made_from_its_key(journey, member, owner, facilitator,
                                                                            smtp):
    """What makes a double harmless: when we cannot know whether the server took an email, it goes again (see
    test_reminders_faults.py for a sender killed there); both copies carry one Message-ID, so a mail system
    that removes duplicates shows it once. Read from the wire, through a real SMTP server."""
    week = improvement(journey, "Week", owner=member, deadline=plus(DAY, 7))
    improvement(journey, "Morgen", owner=member, deadline=plus(DAY, 1))
    improvement(journey, "Te laat", owner=member, deadline=plus(DAY, -8))
    cycle = review_cycle(journey, plus(DAY, 14))
    for kind in ReminderKind.values:
        send_batch(kind, DAY)
    # The week's reminder again, as the retry sends it when the connection broke after its data went out (the
    # server may have taken it; a sender that dies there is the same case, after the lease).
    ReminderLog.objects.filter(kind=WEEK).update(state=ReminderState.FAILED,
                                                  claimed_at=F("claimed_at") - RETRY_DELAY)
    assert [outcome.state for outcome in send_batch(WEEK, DAY)] == ["sent"]

    ids = [str(message["Message-ID"]).strip() for message in smtp.accepted]  # a long one is folded: " <…>"
    # member: week (twice), tomorrow, digest; facilitator: digest; owner and facilitator: the review
    assert len(ids) == 1 + 1 + 1 + 1 + 2 + 1
    assert ids[0] == ids[-1] == f"<reminder.deadline_week.improvement-{week.pk}.2026-03-16.to-{member.pk}@testserver>"
    assert len(set(ids)) == len(ids) - 1  # every other reminder its own
    assert f"<reminder.review_soon.review-cycle-{cycle.pk}.2026-03-23.to-{owner.pk}@testserver>" in ids
    assert f"<reminder.overdue_digest.user-{facilitator.pk}.2026-W11.to-{facilitator.pk}@testserver>" in ids


# --- Claims -------------------------------------------------------------------------------------------------

def test_a_claim_is_handed_out_once_and_taken_over_only_after_its_lease(journey, member, caplog):
    improvement(journey, "Eén keer", owner=member, deadline=plus(DAY, 7))
    [reminder] = due(WEEK, DAY)
    now = timezone.now()

    assert claim([reminder], now=now) == {reminder.key: 1}
    assert claim([reminder], now=now) == {}  # someone has it
    assert reminders._advance(starting=(reminder.key, 1)) == {reminder.key}  # and is sending it
    row = ReminderLog.objects.get()
    assert (row.state, row.sent_at) == (ReminderState.SENDING, None)
    assert due(WEEK, DAY, now=now) == []  # the sweep does not offer it again
    assert claim([reminder], now=now + CLAIM_LEASE - timedelta(seconds=1)) == {}  # its sender may still be at it
    later = now + CLAIM_LEASE + timedelta(seconds=1)
    assert targets(due(WEEK, DAY, now=later)) == targets([reminder])  # the sender died: found again
    assert reminders.retry_candidates(now=later) == [(WEEK, reminder.object_id, member.pk)]
    assert "may arrive twice (both copies as <reminder.deadline_week." in caplog.text  # it was sending when it died
    assert claim([reminder], now=later) == {reminder.key: 2}

    # The first sender, back too late, cannot record it as its own, nor send it again.
    assert reminders._advance(accepted=(reminder.key, 1)) == set()
    assert "sent after its claim (attempt 1) was taken over" in caplog.text
    assert reminders._advance(starting=(reminder.key, 1)) == set()
    assert ReminderLog.objects.get().state == ReminderState.CLAIMED
    assert reminders._advance(starting=(reminder.key, 2)) == {reminder.key}
    assert reminders._advance(accepted=(reminder.key, 2)) == {reminder.key}
    row = ReminderLog.objects.get()
    assert (row.state, row.attempts) == (ReminderState.SENT, 2) and row.sent_at is not None
    assert claim([reminder], now=now + timedelta(days=30)) == {}  # sent is sent, for ever


def test_a_failed_email_is_claimable_again_after_the_retry_delay(journey, member):
    improvement(journey, "Mislukt", owner=member, deadline=plus(DAY, 7))
    [reminder] = due(WEEK, DAY)
    now = timezone.now()
    held = claim([reminder], now=now)
    reminders._mark_failed(held, OSError("Connection refused"))
    row = ReminderLog.objects.get()
    assert (row.state, row.last_error) == (ReminderState.FAILED, "Connection refused")
    assert claim([reminder], now=now + RETRY_DELAY - timedelta(seconds=1)) == {}
    assert reminders.retry_candidates(now=now + RETRY_DELAY - timedelta(seconds=1)) == []
    assert reminders.retry_candidates(now=now + RETRY_DELAY) == [(WEEK, reminder.object_id, member.pk)]
    assert claim([reminder], now=now + RETRY_DELAY) == {reminder.key: 2}


def test_sending_twice_sends_once(journey, member, mailoutbox):
    improvement(journey, "Dubbel?", owner=member, deadline=plus(DAY, 7))
    [reminder] = due(WEEK, DAY)  # as a second sweep saw it, a moment before the first one sent it
    assert [outcome.state for outcome in send_batch(WEEK, DAY)] == ["sent"]
    assert send_batch(WEEK, DAY) == []  # nothing due any more
    assert claim([reminder]) == {}
    assert len(mailoutbox) == 1


# --- The command --------------------------------------------------------------------------------------------

def test_send_reminders_lists_in_a_dry_run_and_then_sends_once(journey, member, mailoutbox):
    improvement(journey, "Met de hand", owner=member, deadline=plus(DAY, 1))
    out = StringIO()
    call_command("send_reminders", "--dry-run", "--today", "2026-03-09", stdout=out)
    assert "would send deadline_tomorrow 2026-03-10" in " ".join(out.getvalue().split())
    assert "1 would send" in out.getvalue()
    assert mailoutbox == [] and not ReminderLog.objects.exists()

    out = StringIO()
    call_command("send_reminders", "--today", "2026-03-09", stdout=out)
    listed = " ".join(out.getvalue().split())
    assert f"sent deadline_tomorrow 2026-03-10 object {Improvement.objects.get().pk} → {member.email}" in listed
    assert len(mailoutbox) == 1 and ReminderLog.objects.get().state == ReminderState.SENT

    out = StringIO()
    call_command("send_reminders", "--today", "2026-03-09", stdout=out)
    assert "nothing due" in out.getvalue() and len(mailoutbox) == 1


def test_send_reminders_refuses_a_malformed_day(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--today", "9-3-2026")


# --- Query counts -------------------------------------------------------------------------------------------

def _plan_queries(day, batch_size=reminders.BATCH_SIZE):
    with CaptureQueriesContext(connection) as queries:
        work = list(reminders.plan(day, batch_size=batch_size))
    return len(queries), sum(len(batch) for _kind, batch in work)


def test_the_sweep_costs_a_fixed_number_of_queries_per_batch(journey, member, owner):
    def add(count, start):
        for n in range(start, start + count):
            improvement(journey, f"Week {n}", owner=member if n % 2 else owner, deadline=plus(DAY, 7))
            improvement(journey, f"Morgen {n}", owner=member, deadline=plus(DAY, 1))
            improvement(journey, f"Te laat {n}", owner=owner, deadline=plus(DAY, -n - 1))
    review_cycle(journey, plus(DAY, 14))

    add(3, 0)
    # 1 deadline_week + 1 deadline_tomorrow + 3 digest (recipients, their improvements, their memberships)
    # + 1 review_soon + 1 review_today
    assert _plan_queries(DAY) == (7, 3 + 3 + 2 + 2)
    add(27, 3)
    assert _plan_queries(DAY) == (7, 30 + 30 + 2 + 2)  # ten times the improvements, the same queries
    # In batches of 10: 3 full batches and one empty look per deadline kind.
    assert _plan_queries(DAY, batch_size=10) == (4 + 4 + 3 + 1 + 1, 30 + 30 + 2 + 2)


def test_sending_a_batch_costs_its_fixed_queries_and_one_record_per_email(journey, member, mailoutbox,
                                                                         django_assert_num_queries):
    for n in range(30):
        improvement(journey, f"Week {n}", owner=member, deadline=plus(DAY, 7))
    # 1 what is due, 1 claim (INSERT … RETURNING: all new, so no re-claim UPDATE), 30 + 1 records: each marks one
    # email sent and the next one sending
    with django_assert_num_queries(1 + 1 + 30 + 1):
        outcomes = send_batch(WEEK, DAY)
    assert [outcome.state for outcome in outcomes] == ["sent"] * 30 and len(mailoutbox) == 30


# --- Enqueued on commit -------------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_save_enqueues_nothing_and_a_committed_one_sends_at_once(team, member, facilitator,
                                                                              mailoutbox):
    member.language = "en"
    member.save()
    journey = journey_for(team, facilitator)
    tomorrow = plus(reminders.today(), 1)
    with pytest.raises(RuntimeError), transaction.atomic():
        item = improvement(journey, "Teruggedraaid", owner=member, deadline=tomorrow)
        improvement_saved(item)
        raise RuntimeError("the request failed after the save")
    assert mailoutbox == [] and not ReminderLog.objects.exists()

    with transaction.atomic():
        item = improvement(journey, "Bewaard", owner=member, deadline=tomorrow)
        improvement_saved(item)
        assert mailoutbox == []  # not before the commit
    assert [message.subject for message in mailoutbox] == ["Deadline tomorrow: Bewaard"]
    assert ReminderLog.objects.get().state == ReminderState.SENT


def test_a_save_enqueues_only_when_a_deadline_reminder_may_be_due_today(journey, member,
                                                                       django_capture_on_commit_callbacks):
    today = reminders.today()
    for deadline, status, expected in [
        (plus(today, 30), Status.PLANNED, 0),  # the sweep will get to it
        (plus(today, 7), Status.DONE, 0),  # nothing to remind of
        (plus(today, 7), Status.PLANNED, 1),
        (today, Status.IN_PROGRESS, 1),
    ]:
        item = improvement(journey, "Opgeslagen", owner=member, deadline=deadline, status=status)
        with django_capture_on_commit_callbacks() as callbacks:
            improvement_saved(item)
        assert len(callbacks) == expected, (deadline, status)


# --- The schedule -------------------------------------------------------------------------------------------

@pytest.fixture
def migrated_schedule(db):
    """The migration's rows. A transactional test (transaction=True, a live server) empties every table when it ends,
    rows made by migrations too, and in random order one may have run before these on the same database: then the
    migration's own function puts them back, as migrating did (serialized_rollback would clash with the content types
    that the flush makes again)."""
    if not PeriodicTask.objects.exists():
        import importlib

        from django.apps import apps

        importlib.import_module("actions.migrations.0002_reminder_schedule").create_schedule(apps, None)


@pytest.mark.usefixtures("migrated_schedule")
def test_the_migration_schedules_the_daily_sweep_and_the_retry_editable_in_the_admin(admin_client):
    sweep = PeriodicTask.objects.get(task="actions.tasks.reminders_sweep")
    assert (sweep.crontab.minute, sweep.crontab.hour, str(sweep.crontab.timezone)) == ("0", "7", "Europe/Amsterdam")
    assert sweep.enabled and sweep.interval is None
    retry = PeriodicTask.objects.get(task="actions.tasks.reminders_retry")
    assert (retry.interval.every, retry.interval.period) == (10, "minutes")
    assert {sweep.task, retry.task} <= set(app.tasks)  # the names beat sends exist

    page = admin_client.get(reverse("admin:django_celery_beat_periodictask_changelist"))
    assert sweep.name in page.content.decode() and retry.name in page.content.decode()
    edit = admin_client.get(reverse("admin:django_celery_beat_periodictask_change", args=[sweep.pk]))
    assert edit.status_code == 200


AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.mark.usefixtures("migrated_schedule")
@pytest.mark.parametrize("first_day", [date(2026, 3, 27), date(2026, 10, 23)], ids=["spring-forward", "fall-back"])
def test_the_daily_sweep_fires_once_a_day_at_seven_across_daylight_saving(first_day):
    """Beat's own decision (django-celery-beat's ModelEntry on the migration's row) on a frozen clock, checked
    every minute for five days around the change (29 March and 25 October 2026)."""
    task = PeriodicTask.objects.get(task="actions.tasks.reminders_sweep")
    start = datetime.combine(first_day, time(8, 0), AMSTERDAM)  # just after that day's run
    task.last_run_at = start - timedelta(hours=1)
    fired = []
    with time_machine.travel(start, tick=False) as clock:
        entry = ModelEntry(task, app=app)
        now = start
        while now < start + timedelta(days=5):
            is_due, next_check = entry.is_due()
            if is_due:
                fired.append(now.astimezone(AMSTERDAM))
                entry = next(entry)
            # Beat sleeps until the next check; we look at least every minute, so no run can hide.
            now += timedelta(seconds=max(1, min(next_check, 60)))
            clock.move_to(now)
    assert [moment.date() for moment in fired] == [first_day + timedelta(days=n) for n in range(1, 6)]
    assert {(moment.hour, moment.minute) for moment in fired} == {(7, 0)}
    assert {moment.utcoffset() for moment in fired} == {timedelta(hours=1), timedelta(hours=2)}  # both sides
