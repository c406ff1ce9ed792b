"""A real Celery worker process for tests, on the real broker (Redis in CI, the filesystem broker locally),
writing to the real test database, and the ways to send it tasks.

The worker inherits this process's environment (the test run's var folder, INSTANCE_NAME, broker and cache
URLs) and gets only what must differ: the production settings with this process's broker (URL and transport
options: folders or key prefix; tests/worker_settings.py), the test database as DATABASE_URL, and its own mail
and site address. It takes tasks from a queue of the test's
own (``new_queue``), so nothing else on the broker reaches it and it reaches nothing else.

The tests using it need committed data (``django_db(transaction=True)``): the worker is another process.
"""

import json
import os
import re
import subprocess
import sys
import time
import uuid
import warnings
from contextlib import contextmanager
from pathlib import Path

import pytest
from celery.exceptions import AlwaysEagerIgnored
from django.conf import settings
from django.db import connection

from config.celery import app

BASE_DIR = Path(settings.BASE_DIR)
WAIT = 90  # seconds; a worker starts in a few, a report takes a few more


def database_url_for_worker():
    """The test database, spelled as a DATABASE_URL for a process started from this test."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def new_queue(prefix="test"):
    return f"{prefix}-{uuid.uuid4().hex}"


def purge(queue):
    """Empty ``queue`` on the broker (nothing to do when it was never declared)."""
    with app.connection_for_write() as conn:
        try:
            conn.default_channel.queue_purge(queue)
        except Exception:  # noqa: BLE001 - never declared: nothing to purge
            pass


RECEIVED = re.compile(r"Task \S+\[[^\]]+\] received")
ENDED = re.compile(r"Task \S+\[[^\]]+\] (?:succeeded|raised|retry:|ignored|rejected)")


class _Output:
    """``worker.stdout.read()``, as for a process started with stdout=PIPE: the log so far."""

    def __init__(self, worker):
        self.worker = worker

    def read(self):
        return self.worker.log()


class Worker:
    """One worker process; its output (stdout and stderr) is in ``log_path``."""

    def __init__(self, process, log_path, queue):
        self.process, self.log_path, self.queue = process, log_path, queue
        self.stdout = _Output(self)

    @property
    def pid(self):
        return self.process.pid

    def poll(self):
        return self.process.poll()

    def wait(self, timeout=None):
        return self.process.wait(timeout=timeout)

    def log(self):
        return self.log_path.read_text() if self.log_path.exists() else ""

    def stop(self):
        """An idle worker (every task it received has ended) is killed: nothing of it is still wanted and a
        shutdown takes it about 4 s. A busy one gets a warm shutdown (SIGTERM), which gives its task back."""
        if self.process.poll() is not None:
            return
        if self.idle():
            self.process.kill()
            self.process.wait()
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def succeeded(self, task_id):
        """Whether the worker logged that task ``task_id`` finished without an exception."""
        return re.search(rf"Task \S+\[{re.escape(str(task_id))}\] succeeded", self.log()) is not None

    def idle(self):
        """Whether every task the worker received has ended (succeeded, raised, retried, ignored or rejected)."""
        log = self.log()
        return len(RECEIVED.findall(log)) == len(ENDED.findall(log))

    def finished(self, task_name):
        """How many runs of ``task_name`` the worker logged as finished (succeeded or raised)."""
        return len(re.findall(rf"Task {re.escape(task_name)}\[[^\]]+\] (?:succeeded|raised)", self.log()))


def logs(*workers):
    return "\n".join(f"--- {worker.log_path.name}\n{worker.log()}" for worker in workers)


def wait_until(condition, *workers, what, timeout=WAIT):
    """Until ``condition()`` is true; fails (with the workers' logs) when a worker dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        for worker in workers:
            assert worker.poll() is None, f"a worker died while waiting for {what}:\n{logs(*workers)}"
        time.sleep(0.1)
    pytest.fail(f"{what} did not happen within {timeout} s:\n{logs(*workers)}")


def wait_ready(*workers):
    """Until each worker says it is ready to take tasks."""
    wait_until(lambda: all("ready." in worker.log() for worker in workers), *workers, what="the workers' start")


def drain(queue, *workers):
    """Until every task waiting in ``queue`` now has been run to its end by ``workers`` (all the workers taking
    from it): the positive signal to wait for before checking that something did *not* happen.

    One marker task per worker goes to the back of the queue (Celery's built-in ``celery.accumulate``, which
    only returns its argument). The broker hands out a queue's tasks in order (Redis: a list; the filesystem
    broker: files named by time) and each worker runs one task at a time, so once every marker has succeeded
    every task ahead of them was taken; once each worker has also ended all it took, they were all run.
    Tasks that tasks send are in the queue only once their sender has ended: drain after those have ended
    (e.g. after ``wait_until(lambda: worker.succeeded(result.id), ...)``)."""
    with warnings.catch_warnings():  # send_task always publishes, also while this process runs its own eagerly
        warnings.simplefilter("ignore", AlwaysEagerIgnored)
        markers = [app.send_task("celery.accumulate", args=[f"drained-{uuid.uuid4().hex}"], queue=queue).id
                   for _worker in workers]
    wait_until(lambda: all(any(worker.succeeded(marker) for worker in workers) for marker in markers)
               and all(worker.idle() for worker in workers), *workers, what=f"the end of every task in {queue}")


class Workers:
    """Starts worker processes (``start``) and stops them all (``stop``); mail and logs under ``folder``."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.started = []

    def start(self, queue, email_url=None, **extra_env):
        """A worker process taking from ``queue``; mail goes to ``email_url`` (by default files in
        ``folder/mail``); ``extra_env`` are more environment variables of its own."""
        number = len(self.started) + 1
        log_path = self.folder / f"worker-{number}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",  # config.settings and this process's broker
            "KLANTREIS_TEST_BROKER_OPTIONS": json.dumps(app.conf.broker_transport_options or {}),
            "SECRET_KEY": "worker-under-test-" + "y" * 40,
            "DATABASE_URL": database_url_for_worker(),
            "CELERY_BROKER_URL": app.conf.broker_url,
            "EMAIL_URL": email_url or f"filemail:///{self.folder / 'mail'}",  # four slashes in all: absolute
            "SITE_URL": "http://klantreis.test",
            **extra_env,
        }
        env.pop("CELERY_TASK_ALWAYS_EAGER", None)  # a worker publishes what its tasks send
        with open(log_path, "w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--queues", queue,
                 "--loglevel=info", "--without-heartbeat", "--without-gossip", "--without-mingle",
                 "--hostname", f"{queue}-{number}@%h"],
                cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
            )
        worker = Worker(process, log_path, queue)
        self.started.append(worker)
        return worker

    def stop(self):
        for worker in self.started:
            worker.stop()


@pytest.fixture
def start_worker(tmp_path):
    """``start_worker(queue, email_url=None, **env)`` starts a worker process taking from ``queue`` and returns a
    ``Worker`` (see ``Workers.start``). All are stopped at the end."""
    workers = Workers(tmp_path)
    yield workers.start
    workers.stop()


@contextmanager
def published_to(queue, tasks="*"):
    """Tasks whose name matches ``tasks`` (a name or a glob) go through the real broker to ``queue`` instead of
    running in this process: also those the app sends itself (on commit), which name no queue.

    Celery keeps its router once made, so it is made again with the test's route, and again afterwards."""
    saved = app.conf.task_always_eager, app.conf.task_routes
    app.conf.task_always_eager = False
    app.conf.task_routes = {tasks: {"queue": queue}}
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.task_routes = saved
        app.amqp.flush_routes()
        app.amqp.__dict__.pop("router", None)
