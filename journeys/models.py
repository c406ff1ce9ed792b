"""The customer journey: persona, stages, touchpoints, evidence, notes, emotion scores and gaps.

Every model says how to reach its team (``team_path``) so ``workshops.access`` can decide who sees it.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from workshops.dates import short_date
from workshops.limits import (
    LABEL_MAX,
    LIST_MAX,
    NAME_MAX,
    PROBLEM_MAX,
    QUOTE_MAX,
    REMARK_MAX,
    SENTENCE_MAX,
    TEXT_MAX,
    TITLE_MAX,
    UNIT_MAX,
    long_text,
)

SCORE_MIN, SCORE_MAX = -5, 5
IMPORTANCE_MIN, IMPORTANCE_MAX = 1, 5


class Persona(models.Model):
    team_path = "team"

    team = models.ForeignKey("workshops.Team", verbose_name=_("team"), on_delete=models.CASCADE,
                             related_name="personas")
    name = models.CharField(_("name"), max_length=NAME_MAX)
    archetype = models.CharField(_("archetype"), max_length=NAME_MAX, blank=True,
                                 help_text=_("In a few words, e.g. “the busy professional”."))
    description = long_text(_("description"), max_length=TEXT_MAX, blank=True)
    goals = long_text(_("goals"), max_length=TEXT_MAX, blank=True)
    frustrations = long_text(_("frustrations"), max_length=TEXT_MAX, blank=True)

    class Meta:
        verbose_name = _("persona")
        verbose_name_plural = _("personas")
        ordering = ["name"]

    def __str__(self):
        return self.name


class JourneyTemplate(models.TextChoices):
    FIVE_PHASES = "five_phases", _("5 phases")
    SUBSCRIPTION = "subscription", _("Subscription")
    CUSTOMER_CONTACT = "customer_contact", _("Customer contact")
    B2B = "b2b", _("B2B (per stakeholder)")
    BLANK = "blank", _("Blank")


class Journey(models.Model):
    """A current journey, or the ideal version of one (``ideal_of`` points to the current journey)."""

    team_path = "team"

    team = models.ForeignKey("workshops.Team", verbose_name=_("team"), on_delete=models.CASCADE,
                             related_name="journeys")
    persona = models.ForeignKey(Persona, verbose_name=_("persona"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="journeys")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    customer_goal = models.CharField(
        _("the customer's goal"), max_length=SENTENCE_MAX, blank=True,
        help_text=_("Written from the customer's side, e.g. “I request a quote”."),
    )
    end_point = models.CharField(_("end point"), max_length=SENTENCE_MAX, blank=True,
                                 help_text=_("Where this journey ends for the customer."))
    departments = models.CharField(_("departments involved"), max_length=LIST_MAX, blank=True,
                                   help_text=_("Separated by commas, e.g. marketing, sales, service, IT."))
    scope_notes = long_text(_("notes"), max_length=TEXT_MAX, blank=True)
    template = models.CharField(_("template"), max_length=20, choices=JourneyTemplate.choices,
                                default=JourneyTemplate.BLANK)
    ideal_of = models.OneToOneField("self", verbose_name=_("ideal version of"), null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="ideal")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("journey")
        verbose_name_plural = _("journeys")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def is_ideal(self):
        return self.ideal_of_id is not None

    @property
    def department_list(self):
        return [part.strip() for part in self.departments.split(",") if part.strip()]


class Stage(models.Model):
    team_path = "journey__team"

    journey = models.ForeignKey(Journey, verbose_name=_("journey"), on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=NAME_MAX)
    customer_goal = models.CharField(_("the customer's goal in this stage"), max_length=SENTENCE_MAX, blank=True)
    scenario = long_text(_("scenario"), max_length=TEXT_MAX, blank=True,
                         help_text=_("What the customer does and experiences."))

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["journey", "position", "pk"]
        constraints = [
            # Not deferrable: SQLite would then not have it at all. The reordering services never let two rows share
            # a position, not even within one UPDATE (``journeys.services.touchpoints._renumber``).
            models.UniqueConstraint(fields=["journey", "position"], name="stage_one_per_position"),
        ]

    def __str__(self):
        return self.name


class Channel(models.TextChoices):
    WEBSITE = "website", _("Website")
    APP = "app", _("App")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    CHAT = "chat", _("Chat")
    SOCIAL = "social", _("Social media")
    SEARCH = "search", _("Search engine")
    ADVERTISING = "advertising", _("Advertising")
    LETTER = "letter", _("Letter or parcel")
    STORE = "store", _("Shop or branch")
    IN_PERSON = "in_person", _("In person")
    OTHER = "other", _("Other")


class Category(models.TextChoices):
    DIGITAL = "digital", _("Digital")
    PHYSICAL = "physical", _("Physical")
    HUMAN = "human", _("Human")


class Media(models.TextChoices):
    OWNED = "owned", _("Owned")
    EARNED = "earned", _("Earned")
    PAID = "paid", _("Paid")


class Lane(models.TextChoices):
    FRONT = "front", _("Front stage")
    BACK = "back", _("Back stage")


class Touchpoint(models.Model):
    team_path = "stage__journey__team"

    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="touchpoints")
    position = models.PositiveIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=TITLE_MAX)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.WEBSITE)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices, default=Category.DIGITAL)
    media = models.CharField(_("media"), max_length=10, choices=Media.choices, default=Media.OWNED)
    lane = models.CharField(_("lane"), max_length=10, choices=Lane.choices, default=Lane.FRONT)
    importance = models.PositiveSmallIntegerField(
        _("importance"), default=3,
        validators=[MinValueValidator(IMPORTANCE_MIN), MaxValueValidator(IMPORTANCE_MAX)],
    )
    moment_of_truth = models.BooleanField(_("moment of truth"), default=False)
    target_emotion = models.SmallIntegerField(
        _("target emotion"), null=True, blank=True,
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
        help_text=_("In the ideal journey: how this touchpoint should feel, −5 to +5."),
    )
    source = models.ForeignKey("self", verbose_name=_("copied from"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="copies")

    class Meta:
        verbose_name = _("touchpoint")
        verbose_name_plural = _("touchpoints")
        ordering = ["stage__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "position"], name="touchpoint_one_per_position"),  # as a stage's
            models.CheckConstraint(condition=models.Q(importance__gte=IMPORTANCE_MIN, importance__lte=IMPORTANCE_MAX),
                                   name="touchpoint_importance_1_to_5"),
            models.CheckConstraint(
                condition=models.Q(target_emotion__isnull=True)
                | models.Q(target_emotion__gte=SCORE_MIN, target_emotion__lte=SCORE_MAX),
                name="touchpoint_target_emotion_range",
            ),
        ]

    def __str__(self):
        return self.name


class EvidenceKind(models.TextChoices):
    QUANTITATIVE = "quantitative", _("Figure")
    QUALITATIVE = "qualitative", _("Quote")


class EvidenceSource(models.TextChoices):
    WEB_ANALYTICS = "web_analytics", _("Web analytics")
    CRM = "crm", _("CRM")
    SURVEY = "survey", _("Survey")
    INTERVIEW = "interview", _("Interview")
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    REVIEWS = "reviews", _("Reviews and social media")
    SALES = "sales", _("Sales figures")
    OTHER = "other", _("Other")


class Evidence(models.Model):
    """A figure or a quote backing the map, attached to the journey, one stage or one touchpoint."""

    team_path = "journey__team"

    journey = models.ForeignKey(Journey, verbose_name=_("journey"), on_delete=models.CASCADE, related_name="evidence")
    stage = models.ForeignKey(Stage, verbose_name=_("stage"), null=True, blank=True, on_delete=models.CASCADE,
                              related_name="evidence")
    touchpoint = models.ForeignKey(Touchpoint, verbose_name=_("touchpoint"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=15, choices=EvidenceKind.choices)
    metric = models.CharField(_("metric"), max_length=TITLE_MAX, blank=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=UNIT_MAX, blank=True)
    quote = long_text(_("quote"), max_length=QUOTE_MAX, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=EvidenceSource.choices,
                              default=EvidenceSource.OTHER)
    source_detail = models.CharField(_("source detail"), max_length=SENTENCE_MAX, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="quantitative") & ~models.Q(metric="") & models.Q(value__isnull=False))
                | (models.Q(kind="qualitative") & ~models.Q(quote="")),
                name="evidence_figure_or_quote_complete",
            ),
        ]

    def __str__(self):
        return self.metric if self.kind == EvidenceKind.QUANTITATIVE else self.quote[:60]


class NoteKind(models.TextChoices):
    ROSE = "rose", _("Rose: what works")
    BUD = "bud", _("Bud: an opportunity")
    THORN = "thorn", _("Thorn: what hurts")


class Note(models.Model):
    team_path = "touchpoint__stage__journey__team"

    touchpoint = models.ForeignKey(Touchpoint, verbose_name=_("touchpoint"), on_delete=models.CASCADE,
                                   related_name="notes")
    participant = models.ForeignKey("workshops.Participant", verbose_name=_("participant"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="notes")
    # Who wrote it, if a team member did (in the room as their participant, or through the API): the author and
    # the workshop's facilitators may change or delete it (``workshops.access.check``, ``CHANGE_NOTE``). None: a guest.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=NoteKind.choices)
    text = models.CharField(_("text"), max_length=REMARK_MAX)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text


class MeasurementKind(models.TextChoices):
    BASELINE = "baseline", _("Workshop baseline")
    REVIEW = "review", _("Review")


class Measurement(models.Model):
    """One round of scoring the journey: the workshop's baseline, or a later review."""

    team_path = "journey__team"

    journey = models.ForeignKey(Journey, verbose_name=_("journey"), on_delete=models.CASCADE,
                                related_name="measurements")
    kind = models.CharField(_("kind"), max_length=10, choices=MeasurementKind.choices,
                            default=MeasurementKind.BASELINE)
    taken_on = models.DateField(_("date"))
    label = models.CharField(_("label"), max_length=LABEL_MAX, blank=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["taken_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["journey"], condition=models.Q(kind="baseline"),
                                    name="measurement_one_baseline_per_journey"),
        ]

    def __str__(self):
        return f"{self.label or self.get_kind_display()} ({short_date(self.taken_on)})"


class EmotionRating(models.Model):
    team_path = "measurement__journey__team"

    measurement = models.ForeignKey(Measurement, verbose_name=_("measurement"), on_delete=models.CASCADE,
                                    related_name="ratings")
    touchpoint = models.ForeignKey(Touchpoint, verbose_name=_("touchpoint"), on_delete=models.CASCADE,
                                   related_name="ratings")
    participant = models.ForeignKey("workshops.Participant", verbose_name=_("participant"),
                                    on_delete=models.CASCADE, related_name="ratings")
    score = models.SmallIntegerField(
        _("score"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    comment = models.CharField(_("comment"), max_length=REMARK_MAX, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Which choice this is, as the room's page that sent it numbered it (``services.emotions.ChoiceOrder``): an
    # older choice of that page arriving after a newer one must not overwrite it. Empty for the API and forms
    # without script, which send no number.
    client_page = models.CharField(max_length=32, blank=True, default="", editable=False)
    client_seq = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("emotion score")
        verbose_name_plural = _("emotion scores")
        constraints = [
            models.UniqueConstraint(fields=["measurement", "touchpoint", "participant"],
                                    name="rating_one_per_participant_touchpoint_round"),
            models.CheckConstraint(condition=models.Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                                   name="rating_score_range"),
        ]

    def __str__(self):
        return f"{self.touchpoint}: {self.score:+d}"


class GapOrigin(models.TextChoices):
    DELTA = "delta", _("Large difference between ideal and current")
    NEW = "new", _("New in the ideal journey")
    THORN = "thorn", _("Thorn")
    TEAM = "team", _("Written by the team")


class Gap(models.Model):
    """A problem statement: what the current journey lacks compared with the ideal."""

    team_path = "journey__team"

    journey = models.ForeignKey(Journey, verbose_name=_("journey"), on_delete=models.CASCADE, related_name="gaps")
    problem = models.CharField(_("problem"), max_length=PROBLEM_MAX,
                               help_text=_("Write it as a problem, not yet as a solution."))
    description = long_text(_("description"), max_length=TEXT_MAX, blank=True)
    touchpoints = models.ManyToManyField(Touchpoint, verbose_name=_("touchpoints"), blank=True, related_name="gaps")
    origin = models.CharField(_("origin"), max_length=10, choices=GapOrigin.choices, default=GapOrigin.TEAM)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("gap")
        verbose_name_plural = _("gaps")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.problem


class GapVote(models.Model):
    """A participant's dots on one gap; the workshop sets how many dots each participant has."""

    team_path = "gap__journey__team"

    gap = models.ForeignKey(Gap, verbose_name=_("gap"), on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey("workshops.Participant", verbose_name=_("participant"),
                                    on_delete=models.CASCADE, related_name="votes")
    dots = models.PositiveSmallIntegerField(_("dots"), default=1)

    class Meta:
        verbose_name = _("dot vote")
        verbose_name_plural = _("dot votes")
        constraints = [
            models.UniqueConstraint(fields=["gap", "participant"], name="vote_one_row_per_participant_and_gap"),
            models.CheckConstraint(condition=models.Q(dots__gte=1), name="vote_at_least_one_dot"),
        ]

    def __str__(self):
        return f"{self.gap}: {self.dots}"


class ReportState(models.TextChoices):
    PENDING = "pending", _("being made")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class ReportFile(models.Model):
    """A workshop report as a PDF, made by a Celery worker from the HTML the download request rendered.

    ``fingerprint`` is the SHA-256 of that HTML and its pictures: the same workshop in the same state and
    language on the same day gives the same fingerprint, so a report is built once and downloaded at once
    afterwards; any change gives a new one. The HTML waits in ``html`` until the worker has made the PDF
    (see ``actions.report_files``)."""

    team_path = "workshop__team"

    workshop = models.ForeignKey("workshops.Workshop", verbose_name=_("workshop"), on_delete=models.CASCADE,
                                 related_name="report_files")
    language = models.CharField(_("language"), max_length=10, editable=False)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=ReportState.choices, default=ReportState.PENDING)
    filename = models.CharField(_("file name"), max_length=120, editable=False)
    html = models.TextField(_("HTML"), blank=True, editable=False)
    pictures = models.JSONField(_("pictures"), default=list, blank=True, editable=False)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)
    requested_at = models.DateTimeField(_("requested"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    build_seconds = models.FloatField(_("build time in seconds"), null=True, blank=True)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "fingerprint"], name="report_one_file_per_fingerprint"),
        ]

    def __str__(self):
        return self.filename
