"""Settings for the test suite: the real settings, with only what tests need changed."""

import os
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-suite-only-" + "x" * 50)

# Every test process has its own state, so test runs (and pytest-xdist's workers) can run side by side: its own
# folder var/test/<worker>-<pid>/ (SQLite test database, file cache, filesystem broker) and its own INSTANCE_NAME
# (the Celery queue, and the prefix of every key it puts in Redis, broker and cache). Both go into os.environ
# before the settings are read, so what a test starts (a Celery worker, gunicorn, bin/run) inherits them and
# shares the broker with its own test process only. A process started by a test that reads these settings again
# (same xdist worker, the variable already set) keeps its parent's.
_worker = os.environ.get("PYTEST_XDIST_WORKER") or "main"
if not os.environ.get("KLANTREIS_TEST_PROCESS", "").startswith(f"{_worker}-"):
    _process = f"{_worker}-{os.getpid()}"
    os.environ["KLANTREIS_TEST_PROCESS"] = _process
    os.environ["KLANTREIS_VAR_DIR"] = str(Path(__file__).resolve().parent.parent / "var" / "test" / _process)
    os.environ["INSTANCE_NAME"] = f"test-{_process}"
TEST_PROCESS = os.environ["KLANTREIS_TEST_PROCESS"]

from .settings import *  # noqa: E402,F403

# Hashing with Argon2 on every login would make the suite minutes slower; tests of the
# hasher choice itself read PASSWORD_HASHERS from config.settings.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run in-process in tests; tests/test_celery.py sends through the real broker to a real worker.
CELERY_TASK_ALWAYS_EAGER = True
# An exception inside a task run in-process fails the test instead of vanishing into the EagerResult.
CELERY_TASK_EAGER_PROPAGATES = True
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
SITE_URL = "http://testserver"
# The test client and the live server speak plain http; test_deploy.py checks the https settings.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# The configured cache (files, or Redis in CI), apart from the running app's; tests clear it.
if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):  # noqa: F405
    CACHES["default"]["LOCATION"] = str(VAR_DIR / "test-cache")  # noqa: F405
else:
    CACHES["default"]["KEY_PREFIX"] = f"{INSTANCE_NAME}klantreis-test"  # noqa: F405
