"""Reminder emails: what is due on a day, claimed once, sent in the recipient's language.

What is due on day D (``due``) — a window, not a single day, so a sweep that did not run (broker down,
worker dead, an improvement saved after the morning's sweep) loses nothing: the next sweep still finds it.

=================  ===========================================================  ==========================
kind               who gets it, when                                            period (part of the key)
=================  ===========================================================  ==========================
deadline_week      the owner of an open improvement due D+2 … D+7               the deadline, "2026-03-10"
deadline_tomorrow  the owner of an open improvement due D … D+1                 the deadline
overdue_digest     each owner, and the workshop's facilitator, of open          the ISO week, "2026-W48"
                   improvements whose deadline lay before Monday of D's week;
                   due on any day of that week (normally the Monday sweep)
review_soon        the team's owners and facilitators, review due D+1 … D+14    the review's due date
review_today       the team's owners and facilitators, review due D-3 … D       the review's due date
=================  ===========================================================  ==========================

Recipients are active users who are still members of the team, and who did not turn the kind off
(``ReminderOptOut``). A review that has started (an open ``Review``) stops its review reminders. A changed
deadline or due date is a new period, so it gets its own reminders.

Claimed once, sent at least once, a second copy recognisable. Every email has a key (kind, object, period,
recipient), a ``ReminderLog`` row under the unique constraint on it, and a Message-ID made from that key
(``message_id_of``), the same on every attempt:

1. *Claim* (``claim``): one ``INSERT … ON CONFLICT DO NOTHING RETURNING`` per batch: the rows that come back
   are ours; a key someone else inserted first is theirs. One conditional ``UPDATE … RETURNING`` re-claims
   rows that are *failed* for longer than ``RETRY_DELAY`` or still *claimed* or *sending* after ``CLAIM_LEASE``
   (their sender died). Each statement commits on its own. Every claim adds one to ``attempts``, which is the
   fencing token for the steps below.
2. *Send*: all emails of the batch rendered first, then email by email on one open SMTP connection, one SMTP
   transaction each. Right after the server's "250" for an email, one UPDATE (``_advance``, naming each key and
   our attempt) marks it *sent* and the next one *sending*, and commits, before that next one goes to the
   server. So the record follows the "250" as closely as one commit allows, and which email may be at the
   server is always written down. A key whose claim was taken over meanwhile is neither recorded nor sent by us.
3. A refused or broken send marks the row *failed* with the error; a later sweep (``retry_candidates``,
   every ten minutes) re-claims it after ``RETRY_DELAY``.

Nothing lost: a claim whose sender died is taken over after the lease. Never two senders at once: a key is
sent only by whoever holds its claim, a claim is handed out by the database's unique key or conditional UPDATE
(never by reading first), and it is taken over only after its lease expired — longer than a send batch may live
(the task's hard time limit kills it first, and every SMTP call has a timeout).

The window that remains — SMTP has no two-phase commit, so it cannot be closed: a sender that dies (or loses
its database) after the server took an email and before the "sent" UPDATE commits leaves the row *sending*.
That span is the server's own time between our last byte and its "250" plus one UPDATE — milliseconds, more
when the database is busy or the server slow to answer. The row says *may have been sent*, and after the lease
the email goes again, with the same Message-ID, so mail systems that drop duplicates by Message-ID (Gmail, for
one) show it once; elsewhere the recipient sees it twice. A connection that breaks after the message data went
out is the same case (we cannot know whether it was accepted) and is retried after ``RETRY_DELAY``. We prefer
that rare, recognisable double to a lost reminder: at most one per sender that dies, since a sender has one
email at a time with the server (a worker's process pool has as many senders as processes). (A pool without
hard time limits — ``--pool=solo`` — must also keep a batch shorter than the lease; ``BATCH_SIZE`` ×
``SMTP_TIMEOUT`` does.)

Queries: choosing a batch costs a fixed number of queries whatever its size (1 per batch of deadline or
review reminders, 3 for digests: recipients, their improvements, their memberships); claiming costs at
most 2; sending costs one UPDATE per email and one more per batch (deliberately not batched, see above).
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import formataddr
from smtplib import SMTPException, SMTPRecipientsRefused
from urllib.parse import urlsplit

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection
from django.db.models import CharField, Exists, F, OuterRef, Q
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from workshops.models import Membership, Role, User

from .models import Improvement, ReminderKind, ReminderLog, ReminderOptOut, ReminderState, Review, ReviewCycle, Status

logger = logging.getLogger(__name__)

BATCH_SIZE = 50
CLAIM_LEASE = timedelta(minutes=15)  # > the send task's hard time limit (5 min): a live sender is done by then
RETRY_DELAY = timedelta(minutes=10)  # a failed email is tried again after this (the retry sweep runs as often)
RETRY_HORIZON = timedelta(days=8)  # failed rows older than this are left alone (no window is longer than a week)
SMTP_TIMEOUT = 4  # seconds per SMTP operation: 50 emails stay far inside the lease even when all time out

# Days from the sweep's day D to the deadline / due date for which the reminder is due (inclusive).
WINDOWS = {
    ReminderKind.DEADLINE_WEEK: (2, 7),
    ReminderKind.DEADLINE_TOMORROW: (0, 1),
    ReminderKind.REVIEW_SOON: (1, 14),
    ReminderKind.REVIEW_TODAY: (-3, 0),
}
DEADLINE_KINDS = (ReminderKind.DEADLINE_WEEK, ReminderKind.DEADLINE_TOMORROW)
REVIEW_KINDS = (ReminderKind.REVIEW_SOON, ReminderKind.REVIEW_TODAY)
REVIEW_ROLES = (Role.OWNER, Role.FACILITATOR)
HELD_STATES = (ReminderState.CLAIMED, ReminderState.SENDING)  # a live claim, or one whose sender died
# What the object of each kind is, as the Message-ID names it.
OBJECT_NAMES = {
    ReminderKind.DEADLINE_WEEK: "improvement",
    ReminderKind.DEADLINE_TOMORROW: "improvement",
    ReminderKind.OVERDUE_DIGEST: "user",
    ReminderKind.REVIEW_SOON: "review-cycle",
    ReminderKind.REVIEW_TODAY: "review-cycle",
}

UNSUBSCRIBE_SALT = "actions.reminders.unsubscribe"


@dataclass(frozen=True)
class Reminder:
    """One email to one person: its key, the recipient, and everything its templates show."""

    kind: str
    object_id: int
    period: str
    recipient_id: int
    email: str
    name: str
    language: str
    context: dict = field(compare=False, hash=False)

    @property
    def key(self):
        return (self.kind, self.object_id, self.period, self.recipient_id)

    @property
    def target(self):
        return (self.object_id, self.recipient_id)


def today():
    return timezone.localdate()


def iso_week(day):
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(day):
    return day - timedelta(days=day.weekday())


# --- What is due -----------------------------------------------------------------------------------------

def _taken(kind, now):
    """Log rows that keep a key from being claimed now: sent, or held by a live claim, or failed too recently.
    (``claim`` re-claims exactly the other rows.)"""
    return ReminderLog.objects.filter(kind=kind).filter(
        Q(state=ReminderState.SENT)
        | Q(state__in=HELD_STATES, claimed_at__gt=now - CLAIM_LEASE)
        | Q(state=ReminderState.FAILED, claimed_at__gt=now - RETRY_DELAY)
    )


def _opted_out(kind, user_ref):
    return Exists(ReminderOptOut.objects.filter(kind=kind, user=OuterRef(user_ref)))


def _after(cursor, object_field, recipient_field):
    """Keyset paging on (object, recipient): the batch after ``cursor``."""
    if cursor is None:
        return Q()
    object_id, recipient_id = cursor
    later_object = Q(**{f"{object_field}__gt": object_id})
    return later_object | Q(**{object_field: object_id, f"{recipient_field}__gt": recipient_id})


def _absolute(name, **kwargs):
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _deadline_reminders(kind, day, *, now, after, limit, object_ids):
    """One query: open improvements due in the kind's window, each for its owner."""
    low, high = WINDOWS[kind]
    rows = (
        Improvement.objects.filter(status__in=Status.open_values(), owner__is_active=True,
                                   deadline__range=(day + timedelta(days=low), day + timedelta(days=high)))
        .filter(Exists(Membership.objects.filter(team=OuterRef("journey__team"), user=OuterRef("owner"))))
        .exclude(_opted_out(kind, "owner"))
        .exclude(Exists(_taken(kind, now).filter(object_id=OuterRef("pk"), recipient=OuterRef("owner"),
                                                 period=Cast(OuterRef("deadline"), CharField()))))
        .filter(_after(after, "pk", "owner_id"))
    )
    if object_ids is not None:
        rows = rows.filter(pk__in=object_ids)
    rows = rows.order_by("pk").values(
        "pk", "title", "deadline", "owner_id", "owner__email", "owner__name", "owner__language",
        "journey__title", "journey__team__name", "journey__team__slug",
    )[:limit]
    return [
        Reminder(
            kind=kind, object_id=row["pk"], period=row["deadline"].isoformat(), recipient_id=row["owner_id"],
            email=row["owner__email"], name=row["owner__name"], language=row["owner__language"],
            context={
                "title": row["title"], "deadline": row["deadline"], "days": (row["deadline"] - day).days,
                "journey": row["journey__title"], "team": row["journey__team__name"],
                "url": _absolute("actions:improvement_detail", slug=row["journey__team__slug"],
                                 improvement_id=row["pk"]),
            },
        )
        for row in rows
    ]


def _review_reminders(kind, day, *, now, after, limit, object_ids):
    """One query: review cycles due in the kind's window × the team's owners and facilitators."""
    low, high = WINDOWS[kind]
    membership = "journey__team__memberships"
    rows = (
        ReviewCycle.objects.filter(next_due__range=(day + timedelta(days=low), day + timedelta(days=high)),
                                   journey__workshop__isnull=False)
        .exclude(Exists(Review.objects.filter(journey=OuterRef("journey"), finished_at__isnull=True)))
        # One filter() call: the role and the active user belong to the same membership row.
        .filter(**{f"{membership}__role__in": REVIEW_ROLES, f"{membership}__user__is_active": True})
        .annotate(recipient_id=F(f"{membership}__user_id"))
        .exclude(_opted_out(kind, "recipient_id"))
        .exclude(Exists(_taken(kind, now).filter(object_id=OuterRef("pk"), recipient=OuterRef("recipient_id"),
                                                 period=Cast(OuterRef("next_due"), CharField()))))
        .filter(_after(after, "pk", "recipient_id"))
    )
    if object_ids is not None:
        rows = rows.filter(pk__in=object_ids)
    rows = rows.order_by("pk", "recipient_id").values(
        "pk", "next_due", "recipient_id", "journey__title", "journey__team__name", "journey__workshop__id",
        email=F(f"{membership}__user__email"), name=F(f"{membership}__user__name"),
        language=F(f"{membership}__user__language"),
    )[:limit]
    return [
        Reminder(
            kind=kind, object_id=row["pk"], period=row["next_due"].isoformat(), recipient_id=row["recipient_id"],
            email=row["email"], name=row["name"], language=row["language"],
            context={
                "journey": row["journey__title"], "team": row["journey__team__name"], "due": row["next_due"],
                "days": (row["next_due"] - day).days,
                "url": _absolute("actions:journey_reviews", workshop_id=row["journey__workshop__id"]),
            },
        )
        for row in rows
    ]


def _digest_reminders(day, *, now, after, limit, object_ids):
    """Three queries: the batch's recipients, their overdue improvements, and their memberships (an improvement
    appears only for someone still in its team). The digest's object is its recipient."""
    kind = ReminderKind.OVERDUE_DIGEST
    period = iso_week(day)
    overdue = Improvement.objects.filter(status__in=Status.open_values(), deadline__lt=monday_of(day))
    in_team = {"journey__team__memberships__user": OuterRef("pk")}
    recipients = (
        User.objects.filter(is_active=True)
        .filter(Exists(overdue.filter(owner=OuterRef("pk"), **in_team))
                | Exists(overdue.filter(journey__workshop__facilitator=OuterRef("pk"), **in_team)))
        .exclude(_opted_out(kind, "pk"))
        .exclude(Exists(_taken(kind, now).filter(object_id=OuterRef("pk"), recipient=OuterRef("pk"), period=period)))
        .filter(_after(after, "pk", "pk"))
    )
    if object_ids is not None:
        recipients = recipients.filter(pk__in=object_ids)
    recipients = list(recipients.order_by("pk").values("pk", "email", "name", "language")[:limit])
    if not recipients:
        return []
    ids = [person["pk"] for person in recipients]
    items = list(
        overdue.filter(Q(owner_id__in=ids) | Q(journey__workshop__facilitator_id__in=ids))
        .order_by("deadline", "pk")
        .values("pk", "title", "deadline", "owner_id", "owner__name", "journey__title", "journey__team_id",
                "journey__team__name", "journey__team__slug", "journey__workshop__facilitator_id")
    )
    teams_of = {}
    for user_id, team_id in Membership.objects.filter(user_id__in=ids).values_list("user_id", "team_id"):
        teams_of.setdefault(user_id, set()).add(team_id)
    reminders = []
    for person in recipients:
        mine = [
            {
                "title": item["title"], "deadline": item["deadline"], "days_late": (day - item["deadline"]).days,
                "journey": item["journey__title"], "team": item["journey__team__name"],
                "owner": item["owner__name"], "is_mine": item["owner_id"] == person["pk"],
                "url": _absolute("actions:improvement_detail", slug=item["journey__team__slug"],
                                 improvement_id=item["pk"]),
            }
            for item in items
            if person["pk"] in (item["owner_id"], item["journey__workshop__facilitator_id"])
            and item["journey__team_id"] in teams_of.get(person["pk"], ())
        ]
        if mine:  # always, unless they left the team between these queries (then the next sweep pages on)
            reminders.append(Reminder(
                kind=kind, object_id=person["pk"], period=period, recipient_id=person["pk"],
                email=person["email"], name=person["name"], language=person["language"],
                context={"items": mine, "week": period},
            ))
    return reminders


def due(kind, day, *, after=None, limit=BATCH_SIZE, object_ids=None, now=None):
    """The reminders of ``kind`` due on ``day`` that may be claimed now, in (object, recipient) order: at most
    ``limit``, those after the ``after`` (object id, recipient id) cursor, only for ``object_ids`` if given.
    Reads only; a fixed number of queries (see the module docstring)."""
    now = now or timezone.now()
    options = {"now": now, "after": after, "limit": limit, "object_ids": object_ids}
    if kind in DEADLINE_KINDS:
        return _deadline_reminders(kind, day, **options)
    if kind in REVIEW_KINDS:
        return _review_reminders(kind, day, **options)
    if kind == ReminderKind.OVERDUE_DIGEST:
        return _digest_reminders(day, **options)
    raise ValueError(f"unknown reminder kind {kind!r}")


def batches(kind, day, *, batch_size=BATCH_SIZE, now=None):
    """Every reminder of ``kind`` due on ``day``, as lists of at most ``batch_size``."""
    cursor = None
    while True:
        batch = due(kind, day, after=cursor, limit=batch_size, now=now)
        if not batch:
            return
        yield batch
        if len(batch) < batch_size:
            return
        cursor = batch[-1].target


def retry_candidates(*, now=None):
    """(kind, object id, recipient id) of failed emails past their retry delay and claims past their lease,
    from the last ``RETRY_HORIZON``: one query on the (state, claimed_at) index. A hint where to look, not a
    promise: ``send_batch`` checks that each is still due before it re-claims it. Logs those whose sender died
    while the server had them: they may arrive twice."""
    now = now or timezone.now()
    rows = list(
        ReminderLog.objects.filter(claimed_at__gte=now - RETRY_HORIZON)
        .filter(Q(state=ReminderState.FAILED, claimed_at__lte=now - RETRY_DELAY)
                | Q(state__in=HELD_STATES, claimed_at__lte=now - CLAIM_LEASE))
        .order_by("kind", "object_id", "recipient_id")
        .values_list("kind", "object_id", "recipient_id", "period", "state")
    )
    for kind, object_id, recipient_id, period, state in rows:
        if state == ReminderState.SENDING:
            key = (kind, object_id, period, recipient_id)
            logger.warning("Reminder %s: its sender died while the mail server had it; sent again, it may arrive "
                           "twice (both copies as %s)", key, message_id_of(key))
    return [(kind, object_id, recipient_id) for kind, object_id, recipient_id, _period, _state in rows]


# --- Claiming ------------------------------------------------------------------------------------------

def _sql_names():
    meta = ReminderLog._meta
    quote = connection.ops.quote_name
    names = ("kind", "object_id", "period", "recipient", "state", "attempts", "last_error", "claimed_at", "sent_at")
    columns = {name: quote(meta.get_field(name).column) for name in names}
    return quote(meta.db_table), columns


def claim(reminders, *, now=None):
    """Claim ``reminders``; return {key: attempt} for those this caller now holds (and must send).

    Raw SQL because the ORM cannot say "insert these unless they exist, and tell me which you inserted"
    (``bulk_create(ignore_conflicts=True)`` does not report it). PostgreSQL and SQLite (3.35+) both speak
    ``ON CONFLICT DO NOTHING RETURNING`` and row values. Keys go in sorted, so two claimers lock them in the
    same order and cannot deadlock each other."""
    keys = sorted({reminder.key for reminder in reminders})
    if not keys:
        return {}
    now = now or timezone.now()
    table, c = _sql_names()
    key_columns = f"{c['kind']}, {c['object_id']}, {c['period']}, {c['recipient']}"
    stamp = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        rows = ", ".join(["(%s, %s, %s, %s, %s, 1, '', %s)"] * len(keys))
        cursor.execute(
            f"INSERT INTO {table} ({key_columns}, {c['state']}, {c['attempts']}, {c['last_error']}, {c['claimed_at']}) "
            f"VALUES {rows} ON CONFLICT ({key_columns}) DO NOTHING RETURNING {key_columns}, {c['attempts']}",
            [value for key in keys for value in (*key, ReminderState.CLAIMED, stamp(now))],
        )
        held = {tuple(row[:4]): row[4] for row in cursor.fetchall()}
        others = [key for key in keys if key not in held]
        if others:
            rows = ", ".join(["(%s, %s, %s, %s)"] * len(others))
            cursor.execute(
                f"UPDATE {table} SET {c['state']} = %s, {c['claimed_at']} = %s, {c['attempts']} = {c['attempts']} + 1 "
                f"WHERE ({key_columns}) IN (VALUES {rows}) AND ("
                f"({c['state']} = %s AND {c['claimed_at']} <= %s) "
                f"OR ({c['state']} IN (%s, %s) AND {c['claimed_at']} <= %s)"
                f") RETURNING {key_columns}, {c['attempts']}",
                [ReminderState.CLAIMED, stamp(now), *[value for key in others for value in key],
                 ReminderState.FAILED, stamp(now - RETRY_DELAY), *HELD_STATES, stamp(now - CLAIM_LEASE)],
            )
            held.update({tuple(row[:4]): row[4] for row in cursor.fetchall()})
    return {(kind, int(object_id), period, int(recipient)): attempt
            for (kind, object_id, period, recipient), attempt in held.items()}


def _advance(*, accepted=None, starting=None):
    """One UPDATE, so one commit: the email the server has just accepted (``accepted``: its key and our attempt)
    goes from *sending* to *sent*, and the next one (``starting``) from *claimed* to *sending*, before it goes to
    the server. Either may be None. Folded into one statement, the record of an accepted email is a single
    commit away from the server's "250" and knowing which email was in flight costs no commit of its own.

    Returns the keys it moved: a key whose claim was taken over meanwhile (``attempts`` moved on) is not ours —
    not recorded as sent by us, not to be sent by us. Raw SQL for the reason ``claim`` gives (RETURNING)."""
    # (key, attempt, the state it is in while ours): the accepted one *sending*, the next one *claimed*.
    moves = [(*move, state) for move, state in ((accepted, ReminderState.SENDING), (starting, ReminderState.CLAIMED))
             if move is not None]
    table, c = _sql_names()
    key_columns = f"{c['kind']}, {c['object_id']}, {c['period']}, {c['recipient']}"
    which = " OR ".join(
        [f"(({key_columns}) = (%s, %s, %s, %s) AND {c['attempts']} = %s AND {c['state']} = %s)"] * len(moves))
    sending = ReminderState.SENDING
    with connection.cursor() as cursor:
        # Every expression in SET reads the row as it was: the row that was *sending* is the accepted one.
        cursor.execute(
            f"UPDATE {table} SET "
            f"{c['state']} = CASE WHEN {c['state']} = %s THEN %s ELSE %s END, "
            f"{c['sent_at']} = CASE WHEN {c['state']} = %s THEN %s ELSE {c['sent_at']} END, "
            f"{c['last_error']} = CASE WHEN {c['state']} = %s THEN '' ELSE {c['last_error']} END "
            f"WHERE {which} RETURNING {key_columns}",
            [sending, ReminderState.SENT, sending, sending, connection.ops.adapt_datetimefield_value(timezone.now()),
             sending, *[value for key, attempt, state in moves for value in (*key, attempt, state)]],
        )
        moved = {(kind, int(object_id), period, int(recipient)) for kind, object_id, period, recipient in cursor}
    if accepted is not None and accepted[0] not in moved:
        # Our lease ran out while the server had it: someone may have sent it too. Say so loudly.
        logger.error("Reminder %s sent after its claim (attempt %s) was taken over: it may arrive twice", *accepted)
    return moved


def _mark_failed(held, error):
    """Mark the claims in ``held`` ({key: attempt}) failed with ``error``: one UPDATE."""
    if not held:
        return
    match = Q()
    for (kind, object_id, period, recipient_id), attempt in held.items():
        match |= Q(kind=kind, object_id=object_id, period=period, recipient_id=recipient_id, attempts=attempt)
    text = (str(error) or error.__class__.__name__)[:500]
    ReminderLog.objects.filter(match, state__in=HELD_STATES).update(state=ReminderState.FAILED, last_error=text)


# --- The email -----------------------------------------------------------------------------------------

def unsubscribe_token(user_id, kind):
    """A link that turns ``kind`` off for the user, without logging in. Signed, so it cannot be forged; it
    does not expire (an old email's link should keep working) and can do nothing but this."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object([user_id, kind])


def read_unsubscribe_token(token):
    """(user id, kind) from a token made by ``unsubscribe_token``; raises signing.BadSignature otherwise."""
    try:
        user_id, kind = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (TypeError, ValueError) as error:
        raise signing.BadSignature("malformed reminder token") from error
    if not isinstance(user_id, int) or kind not in ReminderKind.values:
        raise signing.BadSignature("malformed reminder token")
    return user_id, kind


def message_id_of(key):
    """The Message-ID of the email with this ReminderLog key: the key itself and the site's host, e.g.
    ``<reminder.deadline_week.improvement-42.2026-12-07.to-7@klantreis.example>``. The same on every attempt and
    from every worker, so a second copy (see the module docstring) is the same message to the recipient's mail
    system; different for every other reminder, since the key is unique. The host comes from SITE_URL, not the
    worker's hostname (which Django would use): two workers on two machines must agree."""
    kind, object_id, period, recipient_id = key
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    domain = f"[{host}]" if ":" in host else host  # an IPv6 address goes in brackets (RFC 5322 domain literal)
    return f"<reminder.{kind}.{OBJECT_NAMES[kind]}-{object_id}.{period}.to-{recipient_id}@{domain}>"


def build_email(reminder, *, connection=None):
    """The email for ``reminder`` in its recipient's language: text and HTML parts, a link back to the item,
    an unsubscribe link for this kind (also as List-Unsubscribe, one click per RFC 8058), and the Message-ID of
    its key."""
    unsubscribe_url = _absolute("actions:reminder_unsubscribe",
                                token=unsubscribe_token(reminder.recipient_id, reminder.kind))
    context = {
        **reminder.context,
        "name": reminder.name,
        "kind_label": ReminderKind(reminder.kind).label,
        "unsubscribe_url": unsubscribe_url,
        "settings_url": _absolute("actions:reminder_settings"),
    }
    template = f"emails/reminders/{reminder.kind}"
    with translation.override(reminder.language):
        context["kind_label"] = str(context["kind_label"])
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(f"{template}.txt", context),
            to=[formataddr((reminder.name, reminder.email))],
            connection=connection,
            headers={
                "Message-ID": message_id_of(reminder.key),
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Auto-Submitted": "auto-generated",
            },
        )
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


# --- Sending a batch -----------------------------------------------------------------------------------

@dataclass
class Outcome:
    reminder: Reminder
    state: str  # "sent", "failed" or "taken" (someone else holds or sent it)
    error: str = ""


def send_batch(kind, day, *, object_ids=None, targets=None):
    """Send the reminders of ``kind`` due on ``day`` for ``object_ids`` (all due ones when None), limited to
    the (object id, recipient id) pairs in ``targets`` when given. Re-reads what is due (someone may have
    finished the improvement or turned the kind off since the sweep), claims, sends, records.

    Returns an Outcome per reminder that was due. One SMTP connection for the batch and one SMTP transaction per
    email, each recorded as it goes (see the module docstring); a refused recipient fails only its own email,
    any other SMTP or network error fails the rest of the batch too (they are retried together after
    ``RETRY_DELAY``)."""
    if targets is not None:
        targets = {tuple(target) for target in targets}
        object_ids = sorted({object_id for object_id, _recipient in targets})
    reminders = due(kind, day, object_ids=object_ids, limit=None)
    if targets is not None:
        reminders = [reminder for reminder in reminders if reminder.target in targets]
    held = claim(reminders)
    outcomes = [Outcome(reminder, "taken") for reminder in reminders if reminder.key not in held]
    mine = [reminder for reminder in reminders if reminder.key in held]
    if not mine:
        return outcomes
    smtp = get_connection(fail_silently=False, timeout=SMTP_TIMEOUT)
    pending = dict(held)
    try:
        # All rendered before the first is sent, so nothing but bookkeeping lies between a "250" and its record.
        emails = [(reminder, held[reminder.key], build_email(reminder, connection=smtp)) for reminder in mine]
        smtp.open()
        accepted = None
        for reminder, attempt, message in emails:
            moved = _advance(accepted=accepted, starting=(reminder.key, attempt))
            accepted = None
            if reminder.key not in moved:
                del pending[reminder.key]  # our lease ran out (a stalled batch): its new holder sends it
                outcomes.append(Outcome(reminder, "taken"))
                continue
            try:
                message.send()
            except SMTPRecipientsRefused as error:
                del pending[reminder.key]
                _mark_failed({reminder.key: attempt}, error)
                outcomes.append(Outcome(reminder, "failed", str(error)))
                continue
            del pending[reminder.key]
            accepted = (reminder.key, attempt)  # recorded by the next _advance, at once
            outcomes.append(Outcome(reminder, "sent"))
        if accepted is not None:
            _advance(accepted=accepted)
    except Exception as error:
        # Recorded as failed, so the retry sweep tries them again in RETRY_DELAY (not only after the lease).
        _mark_failed(pending, error)
        if not isinstance(error, (SMTPException, OSError, SoftTimeLimitExceeded)):
            raise  # a bug, not the mail server: let the task fail loudly
        logger.warning("Reminders %s: %s of %s not sent: %r", kind, len(pending), len(mine), error)
        outcomes += [Outcome(reminder, "failed", str(error) or error.__class__.__name__)
                     for reminder in mine if reminder.key in pending]
    finally:
        try:
            smtp.close()
        except (SMTPException, OSError):
            pass  # the server is gone: nothing left to close politely
    return outcomes


def plan(day, *, batch_size=BATCH_SIZE, kinds=None, now=None):
    """The sweep's work for ``day``: (kind, batch of reminders) for every kind."""
    for kind in kinds or ReminderKind.values:
        for batch in batches(kind, day, batch_size=batch_size, now=now):
            yield kind, batch


def retry_plan(*, batch_size=BATCH_SIZE, now=None):
    """The retry sweep's work: (kind, [(object id, recipient id), …]) for failed and abandoned claims."""
    by_kind = {}
    for kind, object_id, recipient_id in retry_candidates(now=now):
        by_kind.setdefault(kind, []).append((object_id, recipient_id))
    for kind, targets in by_kind.items():
        for start in range(0, len(targets), batch_size):
            yield kind, targets[start:start + batch_size]

