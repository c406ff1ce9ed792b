"""A task travels through the real broker (Redis in CI, the filesystem broker locally) to a real
worker process, which writes to the real test database."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from celery.exceptions import Retry
from django.urls import reverse

from config.celery import app
from tests.broker import broker_down as taken_down
from tests.factories import InvitationFactory
from tests.worker import BASE_DIR, Workers, database_url_for_worker, drain, new_queue, purge, wait_ready, wait_until
from workshops.models import Invitation
from workshops.tasks import send_invitation


@pytest.fixture
def worker(tmp_path):
    """A Celery worker process on a queue of its own, so nothing else on the broker reaches it; its mail goes to
    files in ``tmp_path/mail``. Yields (queue, mail folder, worker)."""
    queue, workers = new_queue(), Workers(tmp_path)
    try:
        yield queue, tmp_path / "mail", workers.start(queue)
    finally:
        workers.stop()
        purge(queue)


@pytest.fixture
def publish_to_broker():
    """This process must publish to the broker, not run the task itself as the other tests do."""
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


@pytest.mark.django_db(transaction=True)
def test_invitation_email_goes_through_the_real_broker_and_worker(worker, publish_to_broker):
    queue, mail_dir, process = worker
    invitation = InvitationFactory(email="via-broker@example.com")
    result = send_invitation.apply_async(args=[invitation.pk], queue=queue)

    wait_until(lambda: process.succeeded(result.id), process, what="the invitation task")
    sent = "".join(path.read_text() for path in mail_dir.glob("*.log"))
    assert "via-broker@example.com" in sent
    assert f"http://klantreis.test/invitations/{invitation.token}/" in sent
    assert Invitation.objects.get(pk=invitation.pk).sent_at is not None


@pytest.fixture
def broker_down():
    """Point this process at a broker address where nothing listens (a real refused connection)."""
    with taken_down():
        yield


@pytest.mark.django_db(transaction=True)
def test_inviting_still_works_when_the_broker_is_down(client, owner, broker_down):
    client.force_login(owner)
    response = client.post(reverse("workshops:team_members", args=[owner.current_team.slug]),
                           {"email": "later@example.com", "role": "member"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="later@example.com")
    assert invitation.sent_at is None  # saved, to be sent again from the members page
    page = client.get(response.url)
    assert "later@example.com" in page.content.decode()


# --- Two installations on one Redis database (INSTANCE_NAME) ----------------------------------------------

def _redis_url():
    """TEST_REDIS_URL, else the Redis the test run uses as broker or cache; None when there is none."""
    if os.environ.get("TEST_REDIS_URL"):
        return os.environ["TEST_REDIS_URL"]
    for url in (os.environ.get("CELERY_BROKER_URL", ""), os.environ.get("CACHE_URL", "")):
        if url.startswith(("redis://", "rediss://")):
            return url
    return None


needs_redis = pytest.mark.skipif(_redis_url() is None, reason="two installations sharing one Redis database: set "
                                 "TEST_REDIS_URL (or CELERY_BROKER_URL / CACHE_URL) to redis://…")


def _installation_environment(name, redis_url, **extra):
    """The environment of a process of installation ``name``: its own INSTANCE_NAME, the shared Redis database
    as broker and cache, the test database."""
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "SECRET_KEY": "installation-" + "z" * 40,
            "DATABASE_URL": database_url_for_worker(), "CELERY_BROKER_URL": redis_url, "CACHE_URL": redis_url,
            "INSTANCE_NAME": name, "SITE_URL": f"http://{name}.test", **extra}


def _in_installation(name, redis_url, code):
    """Run ``code`` in a Django shell of installation ``name``; its printed output."""
    finished = subprocess.run([sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", code], cwd=BASE_DIR,
                              capture_output=True, text=True, timeout=120,
                              env=_installation_environment(name, redis_url))
    assert finished.returncode == 0, finished.stderr
    return finished.stdout.strip()


@pytest.fixture
def installations(tmp_path):
    """Two installations, "a-…" and "b-…", sharing one Redis database; ``start(name)`` starts a real worker of
    one (its mail in ``tmp_path/<name>``, taking from its default queue: no --queues). Stopped at the end, and
    every key they left in Redis deleted."""
    import redis

    redis_url = _redis_url()
    run = uuid.uuid4().hex[:8]
    names = [f"a-{run}", f"b-{run}"]
    workers = []

    def start(name):
        log = open(tmp_path / f"{name}.log", "w")
        env = _installation_environment(name, redis_url, EMAIL_URL=f"filemail:///{tmp_path / name}")
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=info",
             "--without-heartbeat", "--without-gossip", "--without-mingle", "--hostname", f"{name}@%h"],
            cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        workers.append((process, log))
        return process

    try:
        yield names, redis_url, start
    finally:
        for process, log in workers:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()
        client = redis.Redis.from_url(redis_url)
        for name in names:
            for key in client.scan_iter(f"{name}:*"):
                client.delete(key)
        client.close()


def _sent_to(mail_dir):
    return "".join(path.read_text() for path in mail_dir.glob("*.log")) if mail_dir.exists() else ""


def _wait_until_sent(invitations, workers, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(Invitation.objects.get(pk=invitation.pk).sent_at for invitation in invitations):
            return
        for worker in workers:
            assert worker.poll() is None, "a worker died"
        time.sleep(0.25)
    pytest.fail("the invitations were not sent within 60 s")


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_two_installations_on_one_redis_database_each_run_only_their_own_tasks(installations, tmp_path):
    (a, b), redis_url, start = installations
    invitations = {name: [InvitationFactory(email=f"{name}-{number}@example.com") for number in range(3)]
                   for name in (a, b)}

    def send(name):
        ids = [invitation.pk for invitation in invitations[name]]
        _in_installation(name, redis_url, "from workshops.tasks import send_invitation\n"
                                          f"for pk in {ids}: send_invitation.delay(pk)")

    worker_a = start(a)
    send(b)  # while only a's worker runs: b's tasks must wait for b's own
    send(a)
    _wait_until_sent(invitations[a], [worker_a])
    worker_b = start(b)
    _wait_until_sent(invitations[b], [worker_a, worker_b])

    for name, other in ((a, b), (b, a)):
        sent = _sent_to(tmp_path / name)
        assert all(f"{name}-{number}@example.com" in sent for number in range(3)), name
        assert f"{other}-" not in sent, f"{name}'s worker ran {other}'s tasks"
        assert f"http://{name}.test/invitations/" in sent


@needs_redis
def test_two_installations_on_one_redis_database_keep_their_own_cache():
    run = uuid.uuid4().hex[:8]
    key = f"join-wrong-codes:203.0.113.7:{run}"
    redis_url = _redis_url()
    try:
        assert _in_installation(f"a-{run}", redis_url, "from django.core.cache import cache\n"
                                                       f"cache.set({key!r}, 10, 60); print(cache.get({key!r}))") == "10"
        assert _in_installation(f"b-{run}", redis_url, f"from django.core.cache import cache; print(cache.get({key!r}))"
                                ) == "None"
    finally:
        _in_installation(f"a-{run}", redis_url, f"from django.core.cache import cache; cache.delete({key!r})")


# --- A task run in-process lets its exception through (CELERY_TASK_EAGER_PROPAGATES) ----------------------------

@pytest.mark.django_db
def test_an_exception_in_a_task_run_in_process_reaches_the_test(settings):
    """Run eagerly, as in every other test, a task that fails must fail its caller — not hand back a FAILURE
    result nobody reads. A real failure: the SMTP server's port where nothing listens (connection refused), after
    the task's autoretry, which in-process raises its Retry at once, with the cause)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1
    invitation = InvitationFactory(email="nowhere@example.com")
    with pytest.raises(Retry) as raised:
        send_invitation.delay(invitation.pk)
    assert isinstance(raised.value.exc, ConnectionRefusedError)
    assert Invitation.objects.get(pk=invitation.pk).sent_at is None


# --- tests.worker.drain: the positive signal the "nothing else happened" checks wait for -----------------------

@pytest.mark.django_db(transaction=True)
def test_drain_returns_only_once_every_task_ahead_of_it_has_run(tmp_path, publish_to_broker):
    """Two workers on one queue, eight invitations sent at once: when ``drain`` returns, every one has been sent —
    checked at that moment, without waiting any further."""
    queue, workers = new_queue(), Workers(tmp_path)
    try:
        one, two = workers.start(queue), workers.start(queue)
        wait_ready(one, two)
        invitations = [InvitationFactory(email=f"drained-{number}@example.com") for number in range(8)]
        for invitation in invitations:
            send_invitation.apply_async(args=[invitation.pk], queue=queue)
        drain(queue, one, two)
        assert Invitation.objects.filter(pk__in=[i.pk for i in invitations], sent_at__isnull=True).count() == 0
        assert one.finished(send_invitation.name) + two.finished(send_invitation.name) == 8
    finally:
        workers.stop()
        purge(queue)
