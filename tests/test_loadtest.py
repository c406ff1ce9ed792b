"""The load test (manage.py loadtest): a small real run against gunicorn + PostgreSQL + Redis, one against a server
that is already running (on the test database, SQLite or PostgreSQL), and the checks that decide whether a run
passed — a lost score, an unexpected one, the databases it refuses to drop."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from config.tooling import loadtest
from tests.test_celery import database_url_for_worker
from workshops.models import Participant, Team, User

DATABASE_URL = os.environ.get("DATABASE_URL", "")


def _redis_url():
    """LOADTEST_REDIS_URL, else database 15 of the Redis the test run uses."""
    if os.environ.get("LOADTEST_REDIS_URL"):
        return os.environ["LOADTEST_REDIS_URL"]
    for name in ("CACHE_URL", "CELERY_BROKER_URL"):
        parts = urlsplit(os.environ.get(name, ""))
        if parts.scheme in ("redis", "rediss"):
            return urlunsplit((parts.scheme, parts.netloc, "/15", "", ""))
    return None


def _database_url():
    """The test run's PostgreSQL server, a database of this suite's own: <its database>_loadtest_test."""
    parts = urlsplit(DATABASE_URL)
    return urlunsplit((parts.scheme, parts.netloc, f"{parts.path.strip('/')}_loadtest_test", "", ""))


needs_postgresql_and_redis = pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://", "pgsql://")) or _redis_url() is None,
    reason="the load test runs gunicorn on PostgreSQL and Redis: set DATABASE_URL=postgres://… and "
           "CACHE_URL or CELERY_BROKER_URL=redis://… (as CI's PostgreSQL run does)",
)


def _processes_mentioning(text):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command_line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if text in command_line:
                found.append((int(entry.name), command_line))
    return found


@needs_postgresql_and_redis
def test_a_small_load_test_has_no_failures_stores_every_confirmed_score_and_leaves_no_process(tmp_path):
    output, database_url = tmp_path / "loadtest.json", _database_url()
    try:
        call_command("loadtest", participants=5, projectors=1, seconds=8, json=str(output),
                     database_url=database_url, redis_url=_redis_url(), stdout=StringIO())
    except CommandError:
        if not output.exists():  # it could not run at all; a run that failed wrote its figures first
            raise
    finally:
        loadtest.drop_database(database_url)
    result = json.loads(output.read_text())

    assert result["ok"], result["problems"]
    assert result["overall"]["failures"] == 0 and result["errors"] == []
    rows = {row["name"]: row for row in result["requests"]}
    assert {"join page", "join (POST)", "room page", "score (POST)", "room state poll", "login page", "login (POST)",
            "projector page", "projector QR code", "projector live"} <= set(rows)
    for row in rows.values():
        assert row["count"] > 0 and row["failures"] == 0 and 0 < row["p50_ms"] <= row["p95_ms"] <= row["max_ms"]
    assert rows["join (POST)"]["count"] == 5 and rows["login (POST)"]["count"] == 1
    later = result["after_arrival"]
    assert 0 < later["from_seconds"] < 8 and 0 < later["overall"]["count"] < result["overall"]["count"]
    assert result["joined"] == 5 and result["projectors_in"] == 1 and result["scores"]["guests_in_database"] == 5
    scores = result["scores"]
    assert scores["sent"] == scores["confirmed"] > 0
    assert scores["stored"] == scores["confirmed_pairs"] == scores["matched"] > 0
    assert scores["lost"] == [] and scores["unexpected"] == [] and scores["uncertain"] == 0
    assert result["server"]["database"].startswith("PostgreSQL ") and result["server"]["redis"]
    # gunicorn (master and workers) and locust are gone: no process left with the run's address
    assert result["processes_left"] == []
    assert _processes_mentioning(f"127.0.0.1:{result['port']}") == []
    assert [pid for pid in result["processes"] if Path(f"/proc/{pid}").exists()] == []


SENT = {
    "Deelnemer 001": {"confirmed": {"11": 3, "12": -5}, "unconfirmed": {}},
    "Deelnemer 002": {"confirmed": {"11": 0}, "unconfirmed": {}},
}


def test_a_confirmed_score_missing_from_the_database_is_lost():
    result = loadtest.verify_scores(sent=SENT, stored={"Deelnemer 001": {"11": 3}, "Deelnemer 002": {"11": 0}})

    assert result["lost"] == [{"participant": "Deelnemer 001", "touchpoint": "12", "confirmed": -5, "stored": None}]
    assert (result["confirmed_pairs"], result["stored"], result["matched"]) == (3, 2, 2)


def test_a_confirmed_score_stored_with_another_value_is_lost_and_a_score_nobody_sent_is_unexpected():
    stored = {"Deelnemer 001": {"11": 3, "12": 4}, "Deelnemer 002": {"11": 0, "13": 1}, "Deelnemer 003": {"11": 2}}

    result = loadtest.verify_scores(sent=SENT, stored=stored)

    assert result["lost"] == [{"participant": "Deelnemer 001", "touchpoint": "12", "confirmed": -5, "stored": 4}]
    assert result["unexpected"] == [{"participant": "Deelnemer 002", "touchpoint": "13", "stored": 1},
                                    {"participant": "Deelnemer 003", "touchpoint": "11", "stored": 2}]


def test_a_score_whose_answer_never_came_may_be_stored_or_not():
    sent = {"Deelnemer 001": {"confirmed": {"11": 3}, "unconfirmed": {"11": [5], "12": [-1]}}}

    for stored, matched in (({"11": 3}, 1), ({"11": 5, "12": -1}, 0)):
        result = loadtest.verify_scores(sent=sent, stored={"Deelnemer 001": stored})
        assert result["lost"] == [] and result["unexpected"] == []
        assert (result["matched"], result["uncertain"]) == (matched, 2 - matched)
    assert loadtest.verify_scores(sent=sent, stored={"Deelnemer 001": {"11": 4}})["lost"][0]["stored"] == 4


def test_a_run_with_a_lost_score_or_a_failed_request_fails():
    output = {"workshop": 1, "started": 100.0, "stopped": 110.0, "projectors_in": 1, "errors": [],
              "requests": [["join (POST)", 900.0, None, 0.1], ["score (POST)", 80.0, None, 2.0],
                           ["score (POST)", 120.0, None, 3.0], ["projector live", 40.0, None, 0.5]],
              "participants": {name: {**item, "sent": 2, "confirmations": 2} for name, item in SENT.items()}}
    stored = {"Deelnemer 001": {"11": 3, "12": -5}, "Deelnemer 002": {"11": 0}}

    def run(stored, requests=output["requests"]):
        scores = loadtest.verify_scores(sent=output["participants"], stored=stored)
        scores.update(guests_in_database=2, duplicate_names=[])
        return loadtest.summary({**output, "requests": requests}, {"scores": scores, "versions": {}},
                                participants=2, projectors=1, seconds=10)

    passed = run(stored)
    assert passed["ok"] and passed["problems"] == []
    assert passed["overall"] == {"count": 4, "failures": 0, "p50_ms": 80.0, "p95_ms": 900.0, "max_ms": 900.0,
                                 "rps": 0.4}
    # after the last arrival (the join ended at 1.0 s): the two scores, over the remaining 9 s
    assert passed["after_arrival"]["from_seconds"] == 1.0
    assert passed["after_arrival"]["overall"] == {"count": 2, "failures": 0, "p50_ms": 80.0, "p95_ms": 120.0,
                                                  "max_ms": 120.0, "rps": 0.22}
    lost = run({"Deelnemer 001": {"11": 3}, "Deelnemer 002": {"11": 0}})
    assert not lost["ok"] and lost["problems"] == ["1 confirmed scores lost", "2 ratings stored for 3 confirmed pairs"]
    failed = run(stored, output["requests"] + [["projector live", 30000.0, "projector live answered 502", 5.0]])
    assert not failed["ok"] and failed["problems"] == ["1 failed requests"]
    assert failed["errors"] == ["1× projector live: projector live answered 502"]


def test_it_refuses_a_database_it_must_not_drop(monkeypatch):
    redis = "redis://127.0.0.1:6379/14"
    for url, reason in [("postgres://postgres@127.0.0.1:5432/klantreis", "must contain 'loadtest'"),
                        ("sqlite:///var/loadtest.sqlite3", "needs PostgreSQL")]:
        with pytest.raises(loadtest.LoadTestError, match=reason):
            loadtest.check_targets(database_url=url, redis_url=redis)
    monkeypatch.setenv("DATABASE_URL", "postgres://klantreis:secret@db:5432/klantreis_loadtest")
    with pytest.raises(loadtest.LoadTestError, match="main database"):
        loadtest.check_targets(database_url="postgres://other@db:5432/klantreis_loadtest", redis_url=redis)
    monkeypatch.setenv("CACHE_URL", redis)
    with pytest.raises(loadtest.LoadTestError, match="main one"):
        loadtest.check_targets(database_url="postgres://postgres@127.0.0.1:5432/klantreis_loadtest", redis_url=redis)


# --- Against a server that is already running (--url) ------------------------------------------------------

@pytest.fixture
def running_server(tmp_path):
    """gunicorn as bin/run starts it (config.wsgi, DEBUG on, 2 workers × 4 threads) on the test database — the
    embedded SQLite file unless the suite runs on PostgreSQL — with a cache folder and a Celery queue of its own."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true",
           "DATABASE_URL": database_url_for_worker(), "CACHE_URL": f"filecache:///{tmp_path / 'cache'}",
           "INSTANCE_NAME": f"loadtest-{uuid.uuid4().hex[:8]}", "SITE_URL": f"http://127.0.0.1:{port}"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    url = f"http://127.0.0.1:{port}"
    with open(tmp_path / "gunicorn.log", "wb") as log:
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi",
                                   "--bind", f"127.0.0.1:{port}",
                                   "--workers", "2", "--threads", "4"], cwd=settings.BASE_DIR, env=env,
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                with urllib.request.urlopen(f"{url}/join/", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()
                time.sleep(0.25)
        yield url
    finally:
        loadtest.stop(server)


@pytest.mark.django_db(transaction=True)
def test_a_small_load_test_against_a_running_server_on_the_test_database(running_server, tmp_path, settings):
    # the facilitator's password as the server checks it (the suite's own hasher is a fast one it does not know)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    output = tmp_path / "loadtest.json"
    try:
        call_command("loadtest", url=running_server, participants=5, projectors=1, seconds=8, json=str(output),
                     stdout=StringIO())
    except CommandError:
        if not output.exists():
            raise
    result = json.loads(output.read_text())

    assert result["ok"], (result["problems"], result["errors"])
    rows = {row["name"]: row for row in result["requests"]}
    assert {"join (POST)", "score (POST)", "room state poll", "login (POST)", "projector live"} <= set(rows)
    assert all(row["failures"] == 0 for row in rows.values())
    assert rows["join (POST)"]["count"] == 5 and rows["login (POST)"]["count"] == 1
    scores = result["scores"]
    assert scores["sent"] == scores["confirmed"] > 0 and scores["guests_in_database"] == 5
    assert scores["stored"] == scores["confirmed_pairs"] == scores["matched"] > 0 and scores["lost"] == []
    vendor = "SQLite " if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") else "PostgreSQL "
    assert result["server"]["url"] == running_server and result["server"]["database"].startswith(vendor)
    assert result["processes_left"] == []
    # what it built in the server's database is gone again
    assert not Team.objects.exists() and not Participant.objects.exists()
    assert not User.objects.filter(email__endswith="@loadtest.invalid").exists()


@pytest.mark.django_db
def test_against_a_url_where_nothing_runs_it_says_so_and_leaves_nothing_behind():
    with pytest.raises(CommandError, match="No server answers at http://127.0.0.1:1"):
        call_command("loadtest", url="http://127.0.0.1:1", participants=1, projectors=1, seconds=1,
                     stdout=StringIO())
    assert not Team.objects.exists() and not User.objects.exists()


def test_against_a_url_the_load_test_database_options_do_not_apply():
    with pytest.raises(CommandError, match="--url runs against a server that is already running"):
        call_command("loadtest", url="http://127.0.0.1:8000", database_url="postgres://x@y/z_loadtest")
