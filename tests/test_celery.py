"""A task travels through the real broker (Redis in CI, the filesystem broker locally) to a real
worker process, which writes to the real test database."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from config.celery import app
from tests.broker import broker_down as taken_down
from tests.factories import InvitationFactory
from workshops.models import Invitation
from workshops.tasks import send_invitation

BASE_DIR = Path(settings.BASE_DIR)


def database_url_for_worker():
    """The test database, spelled as a DATABASE_URL for a process started from this test."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path):
    """A Celery worker process on a queue of its own, so nothing else on the broker reaches it."""
    queue = f"test-{uuid.uuid4().hex}"
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "worker-under-test-" + "y" * 40,
        "DATABASE_URL": database_url_for_worker(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "EMAIL_URL": f"filemail:///{mail_dir}",  # four slashes in all: an absolute path
        "SITE_URL": "http://klantreis.test",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--queues", queue,
         "--loglevel=info", "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        yield queue, mail_dir, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


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
    send_invitation.apply_async(args=[invitation.pk], queue=queue)

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        invitation.refresh_from_db()
        if invitation.sent_at is not None:
            break
        assert process.poll() is None, f"worker died:\n{process.stdout.read()}"
        time.sleep(0.25)
    else:
        process.terminate()
        pytest.fail(f"the worker did not send the invitation within 60 s:\n{process.communicate()[0]}")

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
    response = client.post(reverse("team_members", args=[owner.current_team.slug]),
                           {"email": "later@example.com", "role": "member"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="later@example.com")
    assert invitation.sent_at is None  # saved, to be sent again from the members page
    page = client.get(response.url)
    assert "later@example.com" in page.content.decode()
