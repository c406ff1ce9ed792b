"""Personas, as in every test of this project: one team ("team A") with an owner, a facilitator,
a member and a viewer, and an outsider who owns another team ("team B"). The shared workshop, guest and htmx
fixtures are in tests/fixtures.py."""

import os
import shutil
import socket
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.cache_support import clear_cache, delete_keys
from tests.factories import PASSWORD, MembershipFactory, TeamFactory, UserFactory
from tests.fixtures import guest, guest_client, htmx_client, workshop, workshop_at  # noqa: F401 (shared fixtures)
from workshops.models import Role


@pytest.fixture
def team(db):
    return TeamFactory(name="Team Alfa", slug="team-alfa")


def _member(team, role, email, name):
    user = UserFactory(email=email, name=name)
    MembershipFactory(team=team, user=user, role=role)
    user.current_team = team
    user.save(update_fields=["current_team"])
    return user


@pytest.fixture
def owner(team):
    return _member(team, Role.OWNER, "olga@alfa.example", "Olga Owner")


@pytest.fixture
def facilitator(team):
    return _member(team, Role.FACILITATOR, "fenna@alfa.example", "Fenna Facilitator")


@pytest.fixture
def member(team):
    return _member(team, Role.MEMBER, "mo@alfa.example", "Mo Member")


@pytest.fixture
def viewer(team):
    return _member(team, Role.VIEWER, "vera@alfa.example", "Vera Viewer")


@pytest.fixture
def other_team(db):
    return TeamFactory(name="Team Bravo", slug="team-bravo")


@pytest.fixture
def outsider(other_team):
    return _member(other_team, Role.OWNER, "otto@bravo.example", "Otto Outsider")


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def login(client):
    """``login(user)`` signs the test client in as ``user`` and returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts, and leaves, in the default language (Dutch). The middleware activates a request's language
    in the thread and nothing ends it with the request, so without this a test would inherit whatever language
    the test before it last answered in — and pass or fail by the order of the tests."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def english_pages(monkeypatch):
    """Every request answered in English (the language middleware's pick), for tests that read the English source
    texts of the pages and the API's messages: ``pytest.mark.usefixtures("english_pages")``."""
    monkeypatch.setattr("workshops.middleware.language_for", lambda request: "en")


@pytest.fixture
def english_outside_requests():
    """English for what the test runs outside a request (services' messages, lazy texts), for tests that read the
    English source texts: from the start of the test (its fixtures that follow included) to its end."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters start at zero in every test."""
    clear_cache()
    yield


# --- Each test process's own state (config/test_settings.py) ----------------------------------------------

def _var_test_dir():
    return Path(__file__).resolve().parents[1] / "var" / "test"


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def pytest_configure(config):
    """The folders of test processes that are gone (killed before they could clean up) go first."""
    config.addinivalue_line("markers", "workshop(step, **fields): the workshop fixture's step and fields "
                                       "(tests/fixtures.py)")
    if getattr(config, "workerinput", None) is not None:
        return  # an xdist worker: the controller did it
    for folder in _var_test_dir().glob("*-*"):
        pid = folder.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def pytest_unconfigure(config):
    """This process's own folder goes at the end (a child process that read the settings keeps its parent's)."""
    from django.conf import settings

    folder = Path(settings.VAR_DIR)
    if not (folder.parent == _var_test_dir() and folder.name.endswith(f"-{os.getpid()}")):
        return
    shutil.rmtree(folder, ignore_errors=True)
    for url, pattern in [(settings.CELERY_BROKER_URL, f"{settings.INSTANCE_NAME}:*"),
                         (settings.CACHES["default"]["LOCATION"], f"{settings.CACHES['default'].get('KEY_PREFIX')}:*")]:
        if isinstance(url, str) and url.startswith("redis://"):  # its queues, bindings and cache keys: its own only
            import redis

            try:
                delete_keys(redis.Redis.from_url(url, socket_timeout=5), pattern)
            except redis.RedisError:
                pass  # only tidying up


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1 (aiosmtpd); yields (mailbox, port). The mailbox:
    tests/actions/reminder_support.py's ``Mailbox``."""
    from tests.actions.reminder_support import Mailbox

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield mailbox, controller.port
    finally:
        mailbox.release.set()
        controller.stop()


@pytest.fixture
def queue():
    """A Celery queue of this test's own (tests/worker.py), so nothing else on the broker reaches its workers;
    emptied at the end."""
    from tests.worker import new_queue, purge

    name = new_queue("test")
    yield name
    purge(name)
