"""What a workshop leads to: improvements with owners and deadlines, their history, the quarterly review
cycle, the reminder log and each user's reminder settings and calendar feed.

Every model says how to reach its team (``team_path``) so ``workshops.access`` can decide who sees it.
Quadrants are not stored: they follow from impact and effort by ``matrix.quadrant`` (the rule
the matrix draws with); ``actions.selectors.in_quadrant`` is the same rule as a database filter.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from workshops.dates import short_date
from workshops.limits import COMMENT_MAX, TEXT_MAX, TITLE_MAX, long_text

from .matrix import quadrant

SCALE_MIN, SCALE_MAX = 1, 5  # impact and effort
CADENCE_MIN, CADENCE_MAX, CADENCE_DEFAULT = 1, 24, 3  # months between reviews


class Status(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")

    @classmethod
    def open_values(cls):
        """Statuses of improvements still to be done (reminders, reviews, 'my improvements')."""
        return [cls.PROPOSED, cls.PLANNED, cls.IN_PROGRESS]

    @classmethod
    def committed_values(cls):
        """Statuses that need an owner and a deadline."""
        return [cls.PLANNED, cls.IN_PROGRESS]


class Improvement(models.Model):
    """An idea that closes (part of) a gap, placed on the impact/effort matrix."""

    team_path = "journey__team"

    journey = models.ForeignKey("journeys.Journey", verbose_name=_("journey"), on_delete=models.CASCADE,
                                related_name="improvements")
    gap = models.ForeignKey("journeys.Gap", verbose_name=_("gap"), null=True, blank=True,
                            on_delete=models.SET_NULL, related_name="improvements")
    touchpoints = models.ManyToManyField("journeys.Touchpoint", verbose_name=_("touchpoints"), blank=True,
                                         related_name="improvements")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = long_text(_("description"), max_length=TEXT_MAX, blank=True)
    impact = models.PositiveSmallIntegerField(
        _("impact"), default=3, validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)])
    effort = models.PositiveSmallIntegerField(
        _("effort"), default=3, validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)])
    kpi = models.CharField(_("KPI it should move"), max_length=TITLE_MAX, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="owned_improvements")
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    created_by = models.ForeignKey("workshops.Participant", verbose_name=_("proposed by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="improvements")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("improvement")
        verbose_name_plural = _("improvements")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="improvement_status_deadline"),
            models.Index(fields=["owner", "status"], name="improvement_owner_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(impact__gte=SCALE_MIN, impact__lte=SCALE_MAX),
                                   name="improvement_impact_range"),
            models.CheckConstraint(condition=models.Q(effort__gte=SCALE_MIN, effort__lte=SCALE_MAX),
                                   name="improvement_effort_range"),
        ]

    def __str__(self):
        return self.title

    @property
    def quadrant(self):
        return quadrant(self.impact, self.effort)

    @property
    def is_open(self):
        return self.status in Status.open_values()

    @property
    def missing_for_plan(self):
        """What a planned (or started) improvement still lacks: a subset of ("owner", "deadline")."""
        if self.status not in Status.committed_values():
            return ()
        return tuple(name for name, value in (("owner", self.owner_id), ("deadline", self.deadline)) if not value)


class StatusChange(models.Model):
    """One step in an improvement's history (kept forever, newest last)."""

    team_path = "improvement__journey__team"

    improvement = models.ForeignKey(Improvement, verbose_name=_("improvement"), on_delete=models.CASCADE,
                                    related_name="status_changes")
    old_status = models.CharField(_("from"), max_length=12, choices=Status.choices, blank=True)
    new_status = models.CharField(_("to"), max_length=12, choices=Status.choices)
    comment = models.CharField(_("comment"), max_length=COMMENT_MAX, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    review = models.ForeignKey("actions.Review", verbose_name=_("review"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="status_changes")
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.improvement}: {self.get_old_status_display() or '—'} → {self.get_new_status_display()}"


class ReviewCycle(models.Model):
    """How often a journey is reviewed, and when the next review is due."""

    team_path = "journey__team"

    journey = models.OneToOneField("journeys.Journey", verbose_name=_("journey"), on_delete=models.CASCADE,
                                   related_name="review_cycle")
    cadence_months = models.PositiveSmallIntegerField(
        _("every (months)"), default=CADENCE_DEFAULT,
        validators=[MinValueValidator(CADENCE_MIN), MaxValueValidator(CADENCE_MAX)])
    next_due = models.DateField(_("next review"))

    class Meta:
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")
        indexes = [models.Index(fields=["next_due"], name="review_cycle_next_due")]

    def __str__(self):
        return f"{self.journey}: {short_date(self.next_due)}"


class Review(models.Model):
    """A quarterly review: the team walks the open improvements and re-scores the journey as a new
    measurement round. While it is open, the workshop room scores into its measurement."""

    team_path = "journey__team"

    journey = models.ForeignKey("journeys.Journey", verbose_name=_("journey"), on_delete=models.CASCADE,
                                related_name="reviews")
    measurement = models.OneToOneField("journeys.Measurement", verbose_name=_("measurement"),
                                       on_delete=models.PROTECT, related_name="review")
    held_on = models.DateField(_("date"))
    notes = long_text(_("notes"), max_length=TEXT_MAX, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    walked = models.ManyToManyField(Improvement, verbose_name=_("improvements walked through"), blank=True,
                                    related_name="reviews")
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["held_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["journey"], condition=models.Q(finished_at__isnull=True),
                                    name="review_one_open_per_journey"),
        ]

    def __str__(self):
        return f"{self.journey}: {short_date(self.held_on)}"

    @property
    def is_open(self):
        return self.finished_at is None


class ReminderKind(models.TextChoices):
    DEADLINE_WEEK = "deadline_week", _("Deadline in 7 days")
    DEADLINE_TOMORROW = "deadline_tomorrow", _("Deadline tomorrow")
    OVERDUE_DIGEST = "overdue_digest", _("Weekly overdue digest")
    REVIEW_SOON = "review_soon", _("Review due in 14 days")
    REVIEW_TODAY = "review_today", _("Review due today")


class ReminderState(models.TextChoices):
    """claimed → sending (written just before the message goes to the mail server) → sent, or failed. A row left
    in *sending* by a sender that died may have reached the recipient; it is sent again after the lease."""

    CLAIMED = "claimed", _("Claimed")
    SENDING = "sending", _("Sending (may have been sent)")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, will be retried")


class ReminderLog(models.Model):
    """One reminder email, claimed under its unique key before it is sent: (kind, object, period, recipient).

    ``object_id`` is the improvement (deadlines), the review cycle (reviews) or the recipient (the overdue
    digest); ``period`` is the due date or the ISO week, so the same reminder is claimed once. The key is also the
    email's Message-ID (``actions.reminders.message_id_of``), so the rare second copy after a crash is recognisable.
    """

    # No team_path: staff see these in the admin only; the sweep is their one writer.

    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    object_id = models.PositiveBigIntegerField(_("object"))
    period = models.CharField(_("period"), max_length=12)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
                                  related_name="reminders")
    state = models.CharField(_("state"), max_length=10, choices=ReminderState.choices,
                             default=ReminderState.CLAIMED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-claimed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "period", "recipient"], name="reminder_once"),
        ]
        indexes = [models.Index(fields=["state", "claimed_at"], name="reminder_state_claimed")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.object_id} {self.period} → {self.recipient_id}"


class ReminderOptOut(models.Model):
    """A reminder kind a user turned off (in their settings or with an email's unsubscribe link)."""

    # No team_path: it belongs to one user, who reaches it only as request.user.

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="reminder_opt_outs")
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder opt-out")
        verbose_name_plural = _("reminder opt-outs")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="reminder_opt_out_once")]

    def __str__(self):
        return f"{self.user}: {self.kind}"


def new_feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's secret ICS address: deadlines of their improvements and their teams' review dates.
    Revoking deletes the row; renewing gives a new token (the old address answers 404)."""

    # No team_path: it belongs to one user, who reaches it only as request.user.

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                                related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)
