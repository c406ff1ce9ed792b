import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .limits import DISPLAY_NAME_MAX, TEAM_NAME_MAX, TITLE_MAX


class UserManager(DjangoUserManager):
    """Users sign in with their email address; it is stored in lower case."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=TITLE_MAX)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE,
        help_text=_("Screens and emails are shown in this language."),
    )
    current_team = models.ForeignKey(
        "Team", verbose_name=_("current team"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    # Part of the session auth hash: raising it ends every session of this user (logging out logs out everywhere).
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["name"]

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name.split(" ")[0] if self.name else self.email

    def _get_session_auth_hash(self, secret=None):
        """Django's hash of the password (a new password ends the other sessions), plus the session generation.

        Generation 0 hashes exactly what Django does, so sessions made before this field existed stay valid.
        """
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "workshops.User.get_session_auth_hash", f"{self.password}:{self.session_generation}",
            secret=secret, algorithm="sha256",
        ).hexdigest()

    def end_all_sessions(self):
        """Every session of this user, on every device, stops being signed in at its next request."""
        User.objects.filter(pk=self.pk).update(session_generation=models.F("session_generation") + 1)
        self.refresh_from_db(fields=["session_generation"])


class Role(models.TextChoices):
    """Ordered from most to least rights; ``rank`` compares them."""

    OWNER = "owner", _("Owner")
    FACILITATOR = "facilitator", _("Facilitator")
    MEMBER = "member", _("Member")
    VIEWER = "viewer", _("Viewer")

    @property
    def rank(self):
        return {"viewer": 0, "member": 1, "facilitator": 2, "owner": 3}[self.value]

    @property
    def description(self):
        return {
            "owner": _("Everything in the team: members, roles, deleting the team."),
            "facilitator": _("Runs workshops and edits everything in them."),
            "member": _("Contributes to workshops, owns and updates improvements."),
            "viewer": _("Reads maps, reports and the action plan."),
        }[self.value]


class Team(models.Model):
    # Every other object hangs under a team; ``access.py`` reads this path to find it.
    team_path = ""

    name = models.CharField(_("name"), max_length=TEAM_NAME_MAX)
    slug = models.SlugField(_("address"), max_length=60, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = [Lower("name")]

    def __str__(self):
        return self.name


class Membership(models.Model):
    team_path = "team"

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="membership_one_per_user_and_team"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} · {self.team} ({self.get_role_display()})"

    @property
    def role_enum(self):
        return Role(self.role)


def new_invitation_token():
    return secrets.token_urlsafe(32)  # 256 bits: unguessable


def invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class Invitation(models.Model):
    team_path = "team"

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=invitation_expiry)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("accepted by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            # At most one open invitation per address and team; inviting again renews it.
            models.UniqueConstraint(
                Lower("email"), "team", condition=models.Q(accepted_at__isnull=True),
                name="invitation_one_open_per_email",
            ),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="invitation_role_valid"),
        ]

    def __str__(self):
        return f"{self.email} → {self.team}"

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_open(self):
        return self.accepted_at is None and not self.is_expired


# Join codes avoid look-alike characters (0/O, 1/I/L) so people can type them from a projector.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8  # 31^8 ≈ 8.5·10^11 codes; the join endpoint is rate-limited


def new_join_code():
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class Step(models.TextChoices):
    SCOPE = "scope", _("Scope")
    DATA = "data", _("Data")
    TOUCHPOINTS = "touchpoints", _("Touchpoints")
    EMOTIONS = "emotions", _("Emotions")
    IDEAL = "ideal", _("Ideal journey")
    GAPS = "gaps", _("Gaps")
    IMPROVEMENTS = "improvements", _("Improvements")

    @classmethod
    def ordered(cls):
        return list(cls)

    @property
    def number(self):
        return Step.ordered().index(self) + 1


class Workshop(models.Model):
    team_path = "team"

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="workshops")
    journey = models.OneToOneField("journeys.Journey", verbose_name=_("journey"), on_delete=models.CASCADE,
                                   related_name="workshop")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("facilitator"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="facilitated_workshops")
    scheduled_for = models.DateField(_("date"), null=True, blank=True)
    step = models.CharField(_("current step"), max_length=15, choices=Step.choices, default=Step.SCOPE)
    step_ends_at = models.DateTimeField(_("countdown ends"), null=True, blank=True)
    is_open = models.BooleanField(_("open for contributions"), default=True)
    join_code = models.CharField(_("join code"), max_length=12, unique=True, default=new_join_code)
    # Bumped when the code is renewed: guests who joined with an older code are shut out.
    join_generation = models.PositiveIntegerField(_("join code generation"), default=1)
    votes_per_participant = models.PositiveSmallIntegerField(
        _("dots per participant"), default=5, validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    # Set when the facilitator closes the workshop at the end (see actions.services.workshop_close);
    # a closed workshop takes no contributions until it is reopened.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def step_enum(self):
        return Step(self.step)


class Participant(models.Model):
    """Someone in the workshop room: a team member (``user``) or a guest with only a display name."""

    team_path = "workshop__team"

    workshop = models.ForeignKey(Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE,
                                 related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="participations")
    display_name = models.CharField(_("name"), max_length=DISPLAY_NAME_MAX)
    join_generation = models.PositiveIntegerField(_("join code generation"), default=1)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "user"], condition=models.Q(user__isnull=False),
                                    name="participant_one_per_user_and_workshop"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def is_guest(self):
        return self.user_id is None


API_TOKEN_PREFIX = "kr_"


class ApiToken(models.Model):
    """A personal API token: ``kr_<key_id>_<secret>``. Only a SHA-256 hash of the secret is stored; the whole
    token is shown once, when it is made. It acts as its user, within that user's teams and roles."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(_("name"), max_length=DISPLAY_NAME_MAX)
    key_id = models.CharField(max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "pk"]

    def __str__(self):
        return f"{self.name} ({API_TOKEN_PREFIX}{self.key_id}_…)"

    @property
    def is_active(self):
        return self.revoked_at is None
