"""The bounded load test (``manage.py loadtest``): Klantreis under locust, then a count.

Two ways to run it:

- **its own server** (the default): gunicorn + PostgreSQL + Redis as production runs them, started, measured and
  stopped by the command, on a load-test database of its own (the steps below);
- **a server that is already running** (``--url``), whatever its database — say the embedded SQLite one that
  ``bin/run`` starts: the command builds the workshop in the database of its own settings, which must be the
  server's (run it with the server's environment; it checks that the server sees the workshop), puts locust on the
  server, checks the scores in that database and then removes the team, workshop and users it made.

The steps of a run on its own server (the command drives them and always stops what it started):

1. drop and create the load-test database — ``LOADTEST_DATABASE_URL``, PostgreSQL, its name must contain
   "loadtest" because it is dropped on every run;
2. a child process *setup* (DATABASE_URL = that database): migrate, collect the static files into a temporary
   folder, build a team, a facilitator with a random password and an open workshop at the emotions step
   (4 stages × 6 touchpoints, a baseline round);
3. gunicorn as production runs it (DEBUG off, PostgreSQL, Redis as cache and broker — ``LOADTEST_REDIS_URL``),
   2 workers × 4 threads on a free loopback port;
4. locust, headless, for a fixed time (``config/tooling/locustfile.py``): participants join as guests and score,
   projectors log in as the facilitator and poll; it writes every request and every score the server
   confirmed to a JSON file;
5. a child process *verify*: every confirmed score is in the database as confirmed, and nothing else is.

Every query of steps 2 and 5 (and of gunicorn) goes to the load-test database by construction: the main
database is never touched. gunicorn serves ``loadtest_wsgi``, which it imports before Django is set up; the
arithmetic of the result and its table are in ``loadtest_report``.
"""

import ipaddress
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import environ
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from journeys.models import EmotionRating, JourneyTemplate, Stage, Touchpoint
from journeys.selectors import scoring_measurement
from journeys.services.workshops import workshop_create
from workshops.api_auth import api_token_create
from workshops.models import Membership, Participant, Role, Step, Team, User, Workshop
from workshops.services import team_create, workshop_set_open, workshop_set_step

from .loadtest_report import summary, verify_scores
from .loadtest_wsgi import STATIC_ROOT_VARIABLE, static_settings

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/klantreis_loadtest"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
CHILD_MARKER = "KLANTREIS_LOADTEST_CHILD"
LOADTEST_DOMAIN = "loadtest.invalid"  # the users the load test makes; nobody else has an address there
WORKERS, THREADS = 2, 4
STOP_TIMEOUT = 30  # seconds locust gives a user to finish the request it is in when the time is up
REQUEST_TIMEOUT = 30  # seconds, in the locustfile: a slower answer counts as a failure (gunicorn's own limit)

# A web shop's journey: 4 stages × 6 touchpoints, (name, channel).
JOURNEY = {
    "Oriëntatie": [("Advertentie op sociale media", "social"), ("Zoeken in Google", "search"),
                   ("Website bekijken", "website"), ("Reviews lezen", "website"),
                   ("Vraag via de chat", "chat"), ("Aanmelden nieuwsbrief", "email")],
    "Aankoop": [("Product kiezen", "website"), ("Winkelwagen", "website"), ("Account aanmaken", "website"),
                ("Betalen", "website"), ("Orderbevestiging", "email"), ("Kortingscode invullen", "website")],
    "Levering": [("Verzendbericht", "email"), ("Track & trace", "app"), ("Bezorging aan de deur", "letter"),
                 ("Pakket uitpakken", "letter"), ("Retour aanmelden", "website"), ("Terugbetaling", "email")],
    "Service": [("Handleiding", "letter"), ("Klantenservice bellen", "phone"), ("Veelgestelde vragen", "website"),
                ("Klacht indienen", "email"), ("Review schrijven", "website"), ("Herhaalaankoop", "app")],
}


class LoadTestError(Exception):
    """The load test could not run, or its result is not acceptable."""


# --- Where it runs ----------------------------------------------------------------------------------------

def database_config(url):
    """The Django settings of ``url``, refused unless it is a PostgreSQL database named like a load-test one."""
    config = environ.Env.db_url_config(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise LoadTestError(f"The load test needs PostgreSQL, not {config['ENGINE']} ({without_password(url)}).")
    if "loadtest" not in config["NAME"]:
        raise LoadTestError(f"The load-test database is dropped on every run: its name must contain 'loadtest' "
                            f"({config['NAME']!r} does not).")
    return config


def _same_database(config, other):
    def place(item):
        return (item.get("HOST") or "localhost", str(item.get("PORT") or 5432), item.get("NAME"))

    return other.get("ENGINE") == config["ENGINE"] and place(other) == place(config)


def check_targets(*, database_url, redis_url):
    """Refuse to run against the main database or the main Redis databases."""
    config = database_config(database_url)
    main_url = os.environ.get("DATABASE_URL")
    if database_url == main_url or (main_url and _same_database(config, environ.Env.db_url_config(main_url))) \
            or _same_database(config, settings.DATABASES["default"]):
        raise LoadTestError("The load-test database must not be the main database (DATABASE_URL).")
    if not redis_url.startswith(("redis://", "rediss://")):
        raise LoadTestError(f"The load test needs Redis (LOADTEST_REDIS_URL), not {redis_url}.")
    for name in ("CACHE_URL", "CELERY_BROKER_URL"):
        if os.environ.get(name, "").rstrip("/") == redis_url.rstrip("/"):
            raise LoadTestError(f"The load test's Redis database must not be the main one ({name}).")
    return config


def _maintenance_connection(config):
    import psycopg

    parameters = {"dbname": "postgres", "host": config.get("HOST"), "port": config.get("PORT"),
                  "user": config.get("USER"), "password": config.get("PASSWORD")}
    return psycopg.connect(**{key: value for key, value in parameters.items() if value}, autocommit=True)


def recreate_database(url):
    """A fresh, empty load-test database (dropped first if it exists; its open connections are ended)."""
    from psycopg import sql

    config = database_config(url)
    with _maintenance_connection(config) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(config["NAME"])))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def drop_database(url):
    from psycopg import sql

    config = database_config(url)
    with _maintenance_connection(config) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(config["NAME"])))


def without_password(url):
    scheme, _sep, rest = url.partition("://")
    if "@" in rest:
        credentials, _at, host = rest.rpartition("@")
        return f"{scheme}://{credentials.split(':')[0]}@{host}"
    return url


def environment(*, database_url, redis_url, secret_key, static_root):
    """The environment of gunicorn and of the setup and verify children: production settings on the
    load-test database and Redis. The server speaks plain http on the loopback; the load test's clients say
    X-Forwarded-Proto: https as the TLS proxy in front of it would (SECURE_PROXY_SSL_HEADER)."""
    # Whatever the caller runs under (the test suite sets config.test_settings and may allow async-unsafe
    # calls) stays out: the server runs the real settings.
    dropped = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "SITE_URL", "CSRF_TRUSTED_ORIGINS"}
    child = {key: value for key, value in os.environ.items() if key not in dropped}
    child.update({
        "DJANGO_SETTINGS_MODULE": "config.settings",
        CHILD_MARKER: database_url,
        "DATABASE_URL": database_url,
        "CACHE_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "DEBUG": "false",
        "SECRET_KEY": secret_key,
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_URL": "memorymail://",
        "LOG_LEVEL": "WARNING",
        STATIC_ROOT_VARIABLE: str(static_root),
    })
    return child


# --- The children: set up and verify ------------------------------------------------------------------------

def setup(*, static_root, password):
    """In the setup child: the schema, the static files and the workshop. Returns what locust needs."""
    call_command("migrate", interactive=False, verbosity=0)
    with override_settings(**static_settings(static_root)):
        call_command("collectstatic", interactive=False, verbosity=0)
    return build(password=password)


def build(*, password, tag=None):
    """The team, its two users and the open workshop at the emotions step. ``tag`` (random unless given) is in the
    users' addresses and the team's name, so a run in a database in use meets nothing of anyone else's."""
    tag = tag or secrets.token_hex(4)
    emails = [f"eigenaar-{tag}@{LOADTEST_DOMAIN}", f"facilitator-{tag}@{LOADTEST_DOMAIN}"]
    with transaction.atomic():
        owner = User.objects.create_user(emails[0], name="Olga Eigenaar")  # no usable password
        facilitator = User.objects.create_user(emails[1], password=password, name="Fleur Facilitator")
        team = team_create(name=f"Webwinkel (load test {tag})", creator=owner)
        Membership.objects.create(team=team, user=facilitator, role=Role.FACILITATOR)
        workshop = workshop_create(team=team, title="Klantreis webwinkel", facilitator=facilitator,
                                   template=JourneyTemplate.BLANK, scheduled_for=timezone.localdate())
        stages = Stage.objects.bulk_create(
            Stage(journey=workshop.journey, position=index, name=name) for index, name in enumerate(JOURNEY)
        )
        touchpoints = Touchpoint.objects.bulk_create(
            Touchpoint(stage=stage, position=index, name=name, channel=channel, importance=1 + (index * 2) % 5,
                       moment_of_truth=name in ("Betalen", "Bezorging aan de deur", "Klacht indienen"))
            for stage in stages for index, (name, channel) in enumerate(JOURNEY[stage.name])
        )
        workshop_set_step(workshop=workshop, step=Step.EMOTIONS)
        workshop_set_open(workshop=workshop, is_open=True)
    return {"workshop": workshop.pk, "join_code": workshop.join_code, "facilitator": facilitator.email,
            "touchpoints": [touchpoint.pk for touchpoint in touchpoints], "team": team.pk, "users": emails}


def remove(data):
    """Everything ``build`` made (the team with its workshop, journey, guests and scores; the two users with
    their login records), for a run in a database that stays in use."""
    with transaction.atomic():
        Team.objects.filter(pk=data["team"]).delete()
        User.objects.filter(email__in=data["users"]).delete()
        AccessLog.objects.filter(username__in=data["users"]).delete()
        AccessAttempt.objects.filter(username__in=data["users"]).delete()


def stored_scores(workshop_id):
    """The ratings in the database, as ``{display name: {touchpoint id: score}}`` for the workshop's scoring
    round, plus what should not be there at all: ratings in another round, or by a member (the load test's
    participants are all guests), and guests sharing a display name."""
    workshop = Workshop.objects.select_related("journey").get(pk=workshop_id)
    measurement = scoring_measurement(workshop.journey)
    names = Counter(Participant.objects.filter(workshop=workshop, user__isnull=True)
                    .values_list("display_name", flat=True))
    stored = defaultdict(dict)
    elsewhere = []
    rows = EmotionRating.objects.filter(touchpoint__stage__journey=workshop.journey).values_list(
        "participant__display_name", "participant__user_id", "touchpoint_id", "score", "measurement_id")
    for name, user_id, touchpoint_id, score, measurement_id in rows:
        if measurement_id != measurement.pk or user_id is not None:
            elsewhere.append({"participant": name, "touchpoint": touchpoint_id, "score": score})
        else:
            stored[name][str(touchpoint_id)] = score
    return {"stored": dict(stored), "elsewhere": elsewhere, "guests": sum(names.values()),
            "duplicate_names": sorted(name for name, count in names.items() if count > 1)}


def verify(*, workshop_id, locust_output):
    """In the verify child (or, against a running server, in the command itself): the locust output against the
    database, and the servers' versions."""
    database = stored_scores(workshop_id)
    participants = locust_output["participants"]
    result = verify_scores(sent=participants, stored=database["stored"])
    result["unexpected"] += [dict(item, reason="another round or a member") for item in database["elsewhere"]]
    result.update({"guests_in_database": database["guests"], "duplicate_names": database["duplicate_names"]})
    versions = {"database": _database_version()}
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        versions["redis"] = _redis_version()
    return {"scores": result, "versions": versions}


def _database_version():
    """E.g. "PostgreSQL 15.20" or "SQLite 3.40.1": the database the scores were checked in."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    return connection.display_name


def _redis_version():
    import redis

    client = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    try:
        return client.info("server")["redis_version"]
    finally:
        client.close()


# --- The processes ------------------------------------------------------------------------------------------

def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _tail(path, lines=30):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _run_child(phase, folder, child_environment):
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "loadtest", "--child", phase,
               "--child-folder", str(folder)]
    finished = subprocess.run(command, env=child_environment, cwd=settings.BASE_DIR, check=False)
    if finished.returncode:
        raise LoadTestError(f"The load test's {phase} step failed (exit status {finished.returncode}).")
    return json.loads((Path(folder) / f"{phase}.json").read_text())


def _start(command, *, child_environment, log):
    # A session of its own: the whole group (gunicorn's workers too) is stopped with one signal, and a Ctrl-C
    # in the terminal reaches only this command, which then stops the group itself.
    return subprocess.Popen(command, env=child_environment, cwd=settings.BASE_DIR, stdin=subprocess.DEVNULL,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _group_alive(process):
    try:
        os.killpg(process.pid, 0)
    except ProcessLookupError:
        return False
    return True


def stop(process, *, grace=15):
    """Stop ``process`` and every process of its group: TERM, then KILL after ``grace`` seconds.
    Returns the process ids still found afterwards (none, unless something is badly wrong)."""
    if process is None:
        return []
    for sent in (signal.SIGTERM, signal.SIGKILL):
        if process.poll() is None or _group_alive(process):
            try:
                os.killpg(process.pid, sent)
            except ProcessLookupError:
                pass
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                continue
            deadline = time.monotonic() + grace
            while _group_alive(process) and time.monotonic() < deadline:
                time.sleep(0.1)
    return _pids_in_group(process.pid)


def _pids_in_group(group):
    left = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            # fields: state, ppid, pgrp, …; a zombie (Z) is gone already, only not yet collected
            if int(fields[2]) == group and fields[0] != "Z":
                left.append(int(entry.name))
    return left


def _wait_until_ready(server, url, *, log_path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise LoadTestError(f"gunicorn stopped (exit status {server.returncode}):\n{_tail(log_path)}")
        request = urllib.request.Request(f"{url}/join/", headers={"X-Forwarded-Proto": "https"})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise LoadTestError(f"gunicorn did not answer within {timeout} s:\n{_tail(log_path)}")


def _gunicorn_command(port):
    return [sys.executable, "-m", "gunicorn", "config.tooling.loadtest_wsgi:wsgi_application()",
            "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--threads", str(THREADS),
            "--graceful-timeout", "10", "--log-level", "warning"]


def _locust_command(*, url, users, seconds):
    return [sys.executable, "-m", "locust", "-f", str(Path(__file__).with_name("locustfile.py")),
            "--headless", "--host", url, "--users", str(users), "--spawn-rate", str(users),
            "--run-time", f"{seconds}s", "--stop-timeout", str(STOP_TIMEOUT), "--only-summary",
            "--loglevel", "INFO"]


def _is_loopback(url):
    try:
        return ipaddress.ip_address(socket.gethostbyname(urlsplit(url).hostname or "")).is_loopback
    except (OSError, ValueError):
        return False


def _locust_environment(*, data, password, folder, participants, projectors, url, behind_proxy):
    """What the locustfile reads. ``behind_proxy``: the server speaks http but is told https (X-Forwarded-Proto),
    as the TLS proxy in front of production tells it; otherwise the users speak as the URL says."""
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
        "LOADTEST_PARTICIPANTS": str(participants), "LOADTEST_PROJECTORS": str(projectors),
        "LOADTEST_WORKSHOP": str(data["workshop"]), "LOADTEST_JOIN_CODE": data["join_code"],
        "LOADTEST_TOUCHPOINTS": ",".join(map(str, data["touchpoints"])),
        "LOADTEST_FACILITATOR": data["facilitator"], "LOADTEST_PASSWORD": password,
        "LOADTEST_OUTPUT": str(folder / "locust.json"), "LOADTEST_REQUEST_TIMEOUT": str(REQUEST_TIMEOUT),
        "LOADTEST_FORWARDED_HTTPS": "1" if behind_proxy else "0",
        # a loopback address of its own per user, where the server listens on the loopback
        "LOADTEST_OWN_ADDRESSES": "1" if _is_loopback(url) else "0",
    }


def _locust(*, url, users, seconds, environment, folder, log):
    """locust on ``url`` until it stops by itself (stopped in any case): (process, load averages, processes left)."""
    client = None
    try:
        load_before = os.getloadavg()[0]
        client = _start(_locust_command(url=url, users=users, seconds=seconds), child_environment=environment, log=log)
        try:
            client.wait(timeout=seconds + STOP_TIMEOUT + 120)
        except subprocess.TimeoutExpired as error:
            raise LoadTestError(f"locust did not stop by itself:\n{_tail(folder / 'locust.log')}") from error
        load_after = os.getloadavg()[0]
    finally:
        left = stop(client)
    if not (folder / "locust.json").exists():
        raise LoadTestError(f"locust wrote no result (exit status {client.returncode}):\n"
                            f"{_tail(folder / 'locust.log')}")
    return client, [round(load_before, 2), round(load_after, 2)], left


def run(*, participants, projectors, seconds, database_url, redis_url, write=print):
    """The whole load test on a server of its own; returns the result (see ``summary``) whether it passed or not."""
    check_targets(database_url=database_url, redis_url=redis_url)
    password = secrets.token_urlsafe(18)
    with tempfile.TemporaryDirectory(prefix="klantreis-loadtest-") as folder:
        folder = Path(folder)
        child_environment = environment(database_url=database_url, redis_url=redis_url,
                                        secret_key=secrets.token_urlsafe(50), static_root=folder / "static")
        write(f"Load-test database {without_password(database_url)} (dropped and created), Redis {redis_url}")
        recreate_database(database_url)
        child_environment["LOADTEST_PASSWORD"] = password
        data = _run_child("setup", folder, child_environment)
        del child_environment["LOADTEST_PASSWORD"]

        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        locust_environment = _locust_environment(data=data, password=password, folder=folder,
                                                 participants=participants, projectors=projectors, url=url,
                                                 behind_proxy=True)
        server = None
        left = []
        with open(folder / "gunicorn.log", "wb") as server_log, open(folder / "locust.log", "wb") as client_log:
            try:
                server = _start(_gunicorn_command(port), child_environment=child_environment, log=server_log)
                _wait_until_ready(server, url, log_path=folder / "gunicorn.log")
                processes = [server.pid] + _pids_in_group(server.pid)
                write(f"gunicorn at {url} ({WORKERS} workers × {THREADS} threads); locust: {participants} "
                      f"participants and {projectors} projectors for {seconds} s …")
                client, load_average, left = _locust(url=url, users=participants + projectors, seconds=seconds,
                                                     environment=locust_environment, folder=folder, log=client_log)
            finally:
                left += stop(server)
                if left:
                    write(f"Processes still running after the stop: {left}")
        output = json.loads((folder / "locust.json").read_text())
        checked = _run_child("verify", folder, child_environment)
        logs = {"gunicorn": _tail(folder / "gunicorn.log", lines=20), "locust": _tail(folder / "locust.log", lines=40)}
    result = summary(output, checked, participants=participants, projectors=projectors, seconds=seconds,
                     server={"workers": WORKERS, "threads": THREADS})
    result.update({"port": port, "processes": sorted(set(processes + [client.pid])),
                   "database": without_password(database_url), "redis": redis_url})
    return _finish(result, client=client, left=left, logs=logs, load_average=load_average)


def _finish(result, *, client, left, logs, load_average):
    result.update({"processes_left": left, "locust_exit_status": client.returncode, "logs": logs,
                   # the machine's 1-minute load average as locust started and stopped: others' work shows here
                   "load_average": load_average, "cpus": os.cpu_count()})
    if left:
        result["ok"] = False
        result["problems"].append(f"processes still running after the stop: {left}")
    return result


def _check_server(url, data):
    """The server at ``url`` answers and sees the workshop just built — it uses this process's database. Asked
    through the API with a token of the load test's facilitator (removed with the user afterwards)."""
    _token, text = api_token_create(user=User.objects.get(email=data["facilitator"]), name="load test")
    request = urllib.request.Request(f"{url}/api/v1/workshops/{data['workshop']}/",
                                     headers={"Authorization": f"Bearer {text}", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            if json.loads(response.read()).get("join_code") == data["join_code"]:
                return
    except urllib.error.HTTPError as error:
        raise LoadTestError(
            f"The server at {url} does not see the load test's workshop (it answered {error.code}): it uses another "
            f"database than this command. Run the command with the server's settings (DATABASE_URL).") from error
    except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
        raise LoadTestError(f"No server answers at {url}: {error}") from error
    raise LoadTestError(f"The server at {url} shows another workshop than the load test's.")


def run_against(*, url, participants, projectors, seconds, write=print):
    """The load test against a server that is already running at ``url`` and uses this process's database; the
    team, workshop and users it makes there are removed afterwards. Returns the result as ``run`` does."""
    url = url.rstrip("/")
    password = secrets.token_urlsafe(18)
    data = build(password=password)
    try:
        _check_server(url, data)
        with tempfile.TemporaryDirectory(prefix="klantreis-loadtest-") as folder:
            folder = Path(folder)
            locust_environment = _locust_environment(data=data, password=password, folder=folder,
                                                     participants=participants, projectors=projectors, url=url,
                                                     behind_proxy=False)
            write(f"The server at {url}, its database {connection.vendor} {connection.settings_dict['NAME']}; "
                  f"locust: {participants} participants and {projectors} projectors for {seconds} s …")
            with open(folder / "locust.log", "wb") as client_log:
                client, load_average, left = _locust(url=url, users=participants + projectors, seconds=seconds,
                                                     environment=locust_environment, folder=folder, log=client_log)
            output = json.loads((folder / "locust.json").read_text())
            checked = verify(workshop_id=data["workshop"], locust_output=output)
            logs = {"locust": _tail(folder / "locust.log", lines=40)}
    finally:
        remove(data)
    result = summary(output, checked, participants=participants, projectors=projectors, seconds=seconds,
                     server={"url": url})
    result.update({"processes": [client.pid],
                   "database": f"{connection.vendor} {connection.settings_dict['NAME']}"})
    return _finish(result, client=client, left=left, logs=logs, load_average=load_average)
