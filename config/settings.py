"""Klantreis settings: everything that differs between machines comes from the environment.

Embedded default (no servers): SQLite and Celery's filesystem broker under ``var/``.
Production: DATABASE_URL=postgres://…, CELERY_BROKER_URL=redis://…, DEBUG off.
See .env.example for every variable.
"""

import ipaddress
import re
from datetime import timedelta
from pathlib import Path

import environ
import holidays
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; real environment variables win

# The folder of this installation's state on disk: the SQLite database, the file cache, the filesystem broker.
# var/ in the project unless KLANTREIS_VAR_DIR names another (each test process has its own: config/test_settings.py).
VAR_DIR = Path(env("KLANTREIS_VAR_DIR", default=str(BASE_DIR / "var"))).resolve()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY in the environment (or DEBUG=true for local use).")
    SECRET_KEY = "insecure-local-development-key-only-used-with-debug-on"

# A short name for this installation when several share one Redis database (say production and a test
# installation): its Celery queue and every key it puts in Redis — broker and cache — begin with it, so neither
# runs the other's tasks nor shares its rate limits. Empty by default: the queue "celery", no prefix.
INSTANCE_NAME = env("INSTANCE_NAME", default="")
if not re.fullmatch(r"[A-Za-z0-9_.-]{0,40}", INSTANCE_NAME):
    raise ImproperlyConfigured("INSTANCE_NAME: at most 40 letters, digits, '-', '_' or '.'.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Absolute address used in emails sent outside a request (Celery tasks).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # its templates, for our FORM_RENDERER
    "django_htmx",
    "django_celery_beat",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",  # its system checks (old-style CSP_* settings)
    "axes",
    "workshops",
    "journeys",
    "actions",
    "config.tooling",  # demo data, backup, benchmark, load test: above the domain apps, none imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "workshops.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "workshops.middleware.RefusedWriteMiddleware",  # a ValidationError no view expected: a refusal, not a 500
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the login page with its message
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workshops.context_processors.navigation",
            ],
        },
    },
]
FORM_RENDERER = "config.forms.KlantreisFormRenderer"

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, a Celery worker and beat write to the same file: WAL lets readers go on
    # while one writes, IMMEDIATE takes the write lock up front instead of failing half-way.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # A file (not :memory:) so a Celery worker started by a test sees the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits) ---------------------------------------------------------------------
# Shared by every web worker: a folder under var/ by default, Redis in production (CACHE_URL=redis://…/1).
CACHES = {"default": env.cache_url("CACHE_URL", default=f"filecache:///{VAR_DIR / 'cache'}")}
if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):  # filecache://var/cache or filecache:////abs/path
    _location = CACHES["default"]["LOCATION"]
    CACHES["default"]["LOCATION"] = _location[1:] if _location.startswith("//") else str(BASE_DIR / _location)
if INSTANCE_NAME:
    CACHES["default"]["KEY_PREFIX"] = INSTANCE_NAME

# --- Users and passwords --------------------------------------------------------------------
AUTH_USER_MODEL = "workshops.User"
LOGIN_URL = "workshops:login"
LOGIN_REDIRECT_URL = "workshops:home"
LOGOUT_REDIRECT_URL = "workshops:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day
# Login brute force (django-axes): 5 failures for one email address from one IP address lock that
# pair for 15 minutes; a correct password is refused meanwhile, a successful login resets the count.
# The same answer for known and unknown addresses, so the lockout tells nobody who has an account.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses before the password is even checked
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # LoginForm keeps AuthenticationForm's field name for the email
AXES_USERNAME_CALLABLE = "workshops.login_lockout.username"
AXES_LOCKOUT_CALLABLE = "workshops.login_lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "workshops.client_address.client_address"  # the one rule, with the join limit's
AXES_VERBOSE = False  # no "AXES: BEGIN …" banner from every process bin/run starts
INVITATION_VALID_DAYS = 7

# Request bodies: at most 2.5 MB of form fields (larger → 400) and files up to 1 MB kept in memory, larger
# ones streamed to a temporary file; the CSV import refuses anything over 1 MB itself (journeys/services/data.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "nl"  # Dutch-speaking teams first: Dutch unless someone chooses English
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "klantreis_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env("TIME_ZONE", default="Europe/Amsterdam")
USE_I18N = True
USE_TZ = True
# Dates the app plans itself (the next review) land on a working day: Monday–Friday and not a public holiday of
# this country (an ISO code the holidays library knows; empty: weekends only). See workshops/dates.py.
HOLIDAYS_COUNTRY = env("HOLIDAYS_COUNTRY", default="NL").strip().upper()
if HOLIDAYS_COUNTRY and HOLIDAYS_COUNTRY not in holidays.list_supported_countries():
    raise ImproperlyConfigured(f"HOLIDAYS_COUNTRY={HOLIDAYS_COUNTRY!r} is not a country the holidays library knows.")

# --- Comparing scores -----------------------------------------------------------------------------
# A touchpoint's change between two rounds is called better or worse (in words and colour) only when both rounds
# have at least this many scores for it; below that the page says "too few scores (n = 1)". One person's score
# is an anecdote, not a trend.
VERDICT_MIN_SCORES = env.int("VERDICT_MIN_SCORES", default=3)
if VERDICT_MIN_SCORES < 1:
    raise ImproperlyConfigured("VERDICT_MIN_SCORES must be 1 or more.")

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Email ----------------------------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
if _email.get("EMAIL_FILE_PATH"):  # filemail://var/mail is relative to the project, filemail:////abs/path absolute
    _email["EMAIL_FILE_PATH"] = str(BASE_DIR / _email["EMAIL_FILE_PATH"])
vars().update(_email)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Klantreis <klantreis@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://localhost/")  # folders below
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "celery" / "broker"
    _processed_dir = VAR_DIR / "celery" / "processed"
    _control_dir = VAR_DIR / "celery" / "control"
    for _folder in (_broker_dir, _processed_dir, _control_dir):
        _folder.mkdir(parents=True, exist_ok=True)  # kombu's filesystem transport needs them to exist
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_processed_dir),
        "control_folder": str(_control_dir),
        "store_processed": False,
    }
else:
    # Redis redelivers an unacknowledged task after this many seconds: no countdown may exceed it.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60 * 2}
    if INSTANCE_NAME:
        # Every key of the transport (queues, unacknowledged tasks, bindings, the workers' control channel).
        CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] = f"{INSTANCE_NAME}:"
# The queue the app sends to and its workers (and beat) take from; on any broker.
CELERY_TASK_DEFAULT_QUEUE = INSTANCE_NAME or "celery"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 5
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a task of a worker that dies is delivered again
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# An invitation the mail server refused is tried again after about this many seconds, doubling each time (at most
# 10 minutes, 8 tries); tests of the retry through a real worker set it to 1.
INVITATION_RETRY_BACKOFF = env.int("INVITATION_RETRY_BACKOFF", default=30)

# --- REST framework -------------------------------------------------------------------------
# The API (/api/v1/): the browser session or a personal token; every object through workshops.access.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "workshops.api_auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["workshops.api_auth.PrincipalThrottle"],
    "DEFAULT_THROTTLE_RATES": {"principal": env("API_RATE", default="600/minute")},
    "DEFAULT_PARSER_CLASSES": [
        "workshops.api_auth.JSONParser",  # refuses JSON nested deeper than workshops.limits.JSON_MAX_DEPTH
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "workshops.api_auth.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    "DEFAULT_VERSION": "v1",
    "ALLOWED_VERSIONS": ["v1"],
    "EXCEPTION_HANDLER": "workshops.api_auth.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Klantreis API",
    "DESCRIPTION": "Teams, workshops, journeys, emotion scores, gaps, improvements and reviews. "
                   "Authenticate with a personal token (Authorization: Bearer kr_…) or the browser session.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",  # served from our own static files: no internet needed
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Several models have a "kind" with its own choices: each enum gets its model's name.
    "ENUM_NAME_OVERRIDES": {
        "EvidenceKindEnum": "journeys.models.EvidenceKind",
        "NoteKindEnum": "journeys.models.NoteKind",
        "MeasurementKindEnum": "journeys.models.MeasurementKind",
    },
}

# --- Security -------------------------------------------------------------------------------
# The proxies in front of Klantreis (addresses or networks, e.g. 127.0.0.1,10.0.0.0/8) whose X-Forwarded-For
# is believed, so that the join limit, the login lockout and the API throttle see each visitor's own address
# (workshops/client_address.py). None by default: the header is then ignored, since anyone can send it.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy.strip(), strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or network.") from None
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): only our own files run or style a page — no inline <script>, no inline
# style attribute, no eval; styles too stay strict (no page needs an inline one: htmx is told not to inject or copy
# any, in templates/htmx_config.html). The one hash is the 500 page's own <style> (templates/500.html), which must
# render without static files; tests/test_csp.py keeps the two in step.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'sha256-WfAUdVaF7N9nay2+e++S+4OT7LX871wq7y4lFXdimsA='"],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Behind a TLS-terminating proxy (nginx, a load balancer) that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},  # ~30 INFO lines per PDF otherwise
}
