"""The tasks the other tests run in-process (CELERY_TASK_ALWAYS_EAGER) once through the real broker (Redis in CI,
the filesystem broker locally) to a real worker process, sent by the app itself on commit of a real request:
closing a workshop has the worker prepare its reports, saving an improvement has it send the reminder, and an
invitation reaches a real SMTP server on loopback — also when that server refuses the first attempt (451), the
task retries and the second attempt delivers exactly one email.

Each test waits for a positive signal that the work is finished (the queue drained: every task sent has ended,
tests.worker.drain; for the retry, the task's last run seen to end) before it checks what must not have happened
(a second email, a second run)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import ReminderLog, ReminderState, Status
from actions.services.improvements import improvement_assign
from journeys.models import ReportFile, ReportState
from tests.actions.step7_data import improvement, step7_workshop
from tests.worker import (
    drain,
    published_to,
    start_worker,  # noqa: F401 (a fixture; the tests' parameters of that name are marked F811)
    wait_until,
)
from workshops.models import Invitation

pytestmark = pytest.mark.django_db(transaction=True)


def runs_of(worker, task_name):
    """The ids of the runs of ``task_name`` the worker received (a retry is received again, same id)."""
    import re

    return re.findall(rf"Task {re.escape(task_name)}\[([^\]]+)\] received", worker.log())


def test_closing_a_workshop_has_the_worker_prepare_its_reports(client, team, facilitator, owner, member, queue,
                                                               start_worker):  # noqa: F811
    owner.language = "en"
    owner.save(update_fields=["language"])
    member.language = "nl"
    member.save(update_fields=["language"])
    workshop = step7_workshop(team, facilitator)["workshop"]
    improvement(workshop.journey, "Sms bij verzending", status=Status.PLANNED, owner=member,
                deadline=timezone.localdate() + timedelta(days=10))
    worker = start_worker(queue)

    client.force_login(facilitator)
    with published_to(queue), CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("actions:workshop_close", args=[workshop.pk]))
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert not workshop.is_open
    table = ReportFile._meta.db_table  # the request only sent the task: no report made in this process
    assert not any(table in query["sql"] for query in queries.captured_queries)

    name = "actions.tasks.prepare_reports"
    drain(queue, worker)  # the task the close sent, and anything else sent with it, has run
    assert worker.finished(name) == 1, worker.log()
    assert f"Task {name}[" in worker.log() and "succeeded" in worker.log(), worker.log()
    assert "['en', 'nl']" in worker.log()  # what the task returned: the languages it made
    made = {row.language: row for row in ReportFile.objects.filter(workshop=workshop)}
    assert {language: row.state for language, row in made.items()} == {"en": ReportState.READY,
                                                                       "nl": ReportState.READY}
    assert all(bytes(row.pdf).startswith(b"%PDF-") and row.build_seconds is not None for row in made.values())

    client.force_login(member)  # the download right after the close goes out at once, made by the worker
    download = client.get(reverse("actions:workshop_report", args=[workshop.pk]))
    assert download.status_code == 200 and download.content == bytes(made["nl"].pdf)


def test_saving_an_improvement_has_the_worker_send_its_reminder_to_a_real_smtp_server(
    team, facilitator, member, queue, start_worker, smtp_server  # noqa: F811
):
    mailbox, port = smtp_server
    member.language = "en"
    member.save(update_fields=["language"])
    workshop = step7_workshop(team, facilitator)["workshop"]
    item = improvement(workshop.journey, "Retourlabel in de doos", status=Status.PLANNED)
    worker = start_worker(queue, email_url=f"smtp://127.0.0.1:{port}")

    with published_to(queue):
        improvement_assign(improvement=item, owner=member, deadline=timezone.localdate() + timedelta(days=1))
    assert not ReminderLog.objects.exists()  # not sent by this process

    name = "actions.tasks.reminders_for_improvement"
    drain(queue, worker)
    assert worker.finished(name) == 1, worker.log()
    assert len(runs_of(worker, name)) == 1 and "succeeded" in worker.log(), worker.log()
    assert len(mailbox.accepted) == 1, mailbox.subjects()
    message = mailbox.accepted[0]
    assert str(message["Subject"]) == "Deadline tomorrow: Retourlabel in de doos"
    assert member.email in str(message["To"])
    assert f"http://klantreis.test/t/{team.slug}/improvements/{item.pk}/" in message.get_body(("plain",)).get_content()
    assert list(ReminderLog.objects.values_list("state", flat=True)) == [ReminderState.SENT]


def invite(client, owner, email):
    client.force_login(owner)
    response = client.post(reverse("workshops:team_members", args=[owner.current_team.slug]),
                           {"email": email, "role": "member"})
    assert response.status_code == 302
    return Invitation.objects.get(email=email)


def test_an_invitation_goes_through_the_worker_to_a_real_smtp_server(client, owner, queue, start_worker,  # noqa: F811
                                                                     smtp_server):
    mailbox, port = smtp_server
    worker = start_worker(queue, email_url=f"smtp://127.0.0.1:{port}")
    with published_to(queue):
        invitation = invite(client, owner, "nieuw@example.com")
    assert invitation.sent_at is None  # sent by the worker, after the commit

    name = "workshops.tasks.send_invitation"
    drain(queue, worker)
    assert worker.finished(name) == 1, worker.log()
    invitation.refresh_from_db()
    assert invitation.sent_at is not None, worker.log()
    assert mailbox.seen == 1 and len(mailbox.accepted) == 1
    message = mailbox.accepted[0]
    assert str(message["To"]) == "nieuw@example.com"
    assert f"http://klantreis.test/invitations/{invitation.token}/" in message.get_body(("plain",)).get_content()


def test_an_invitation_the_smtp_server_refuses_at_first_is_retried_and_arrives_once(client, owner, queue,
                                                                                    start_worker, smtp_server):  # noqa: F811
    mailbox, port = smtp_server
    mailbox.refuse_next = 1  # the first attempt hears "451 … try again later"
    # A backoff of 1 s instead of production's 30 (settings.INVITATION_RETRY_BACKOFF), so the test sees the retry.
    worker = start_worker(queue, email_url=f"smtp://127.0.0.1:{port}", INVITATION_RETRY_BACKOFF="1")
    with published_to(queue):
        invitation = invite(client, owner, "later-wel@example.com")

    name = "workshops.tasks.send_invitation"
    # The retry's own run finishing is the signal that the work is done: only then count what arrived.
    wait_until(lambda: worker.finished(name) == 1, worker, what="the end of the invitation task")
    log = worker.log()
    assert invitation_sent(invitation), log
    assert "Retry in" in log and "451" in log, log  # the first attempt was refused and retried
    assert len(set(runs_of(worker, name))) == 1 and len(runs_of(worker, name)) == 2, log  # one task, run twice
    assert mailbox.seen == 2  # two attempts reached the server ...
    assert len(mailbox.accepted) == 1  # ... and one email was accepted
    assert str(mailbox.accepted[0]["To"]) == "later-wel@example.com"


def invitation_sent(invitation):
    return Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=False).exists()
