"""The report's PDF is made by a Celery worker and kept until the workshop changes (actions.report_files).

Most tests here run Celery eagerly (as the suite does): the download request then builds the PDF itself. The
tests of the waiting page publish to the real broker with no worker listening, and play the worker by calling
``report_files.build``; ``test_a_real_worker_makes_the_report`` runs a worker process on the real broker.
"""

import io
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from actions import report_files
from actions.models import Improvement
from actions.services.closing import workshop_close
from config.celery import app
from config.tooling.demo import load_demo_workshop
from journeys.models import ReportFile, ReportState, Touchpoint
from journeys.services.workshops import workshop_create
from tests.broker import broker_down
from tests.test_celery import worker  # noqa: F401  (worker is a fixture)
from tests.worker import published_to
from workshops.middleware import language_for as real_language_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(team, facilitator, owner, member):
    workshop, _created = load_demo_workshop(team=team, facilitator=facilitator, members=[owner, member])
    return workshop


@pytest.fixture(autouse=True)
def dutch(member, monkeypatch):
    """The member reads Klantreis in Dutch, its default language (the journeys tests force English)."""
    monkeypatch.setattr("workshops.middleware.language_for", real_language_for)
    member.language = "nl"
    member.save(update_fields=["language"])


def reports_published_to(queue, tasks="actions.tasks.build_report"):
    """The report builds go through the real broker to ``queue`` instead of running in this process."""
    return published_to(queue, tasks)


@pytest.fixture
def no_worker():
    """Tasks go to the real broker, to a queue nobody listens to: nobody builds the report until the test does.
    The queue is emptied afterwards."""
    with tasks_left_waiting():
        yield


@contextmanager
def tasks_left_waiting(tasks="actions.tasks.build_report"):
    """The ``tasks`` go to the real broker, to a queue nobody listens to, emptied afterwards."""
    queue = f"test-nobody-{uuid.uuid4().hex}"
    try:
        with reports_published_to(queue, tasks):
            yield
    finally:
        with app.connection_for_write() as connection_:
            connection_.default_channel.queue_purge(queue)


def report_url(workshop):
    return reverse("actions:workshop_report", args=[workshop.pk])


def pages_of(pdf):
    return PdfReader(io.BytesIO(pdf)).pages


def test_the_first_download_builds_the_report_and_the_next_sends_it_at_once(client, demo, member):
    client.force_login(member)
    first = client.get(report_url(demo))
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    report_file = ReportFile.objects.get(workshop=demo)
    assert report_file.state == ReportState.READY and report_file.language == "nl"
    assert report_file.html == "" and report_file.pictures == []  # the HTML is let go once the PDF is made
    assert report_file.build_seconds > 0 and bytes(report_file.pdf) == first.content

    with CaptureQueriesContext(connection) as queries:
        second = client.get(report_url(demo))
    assert second.status_code == 200 and second.content == first.content
    assert ReportFile.objects.get().finished_at == report_file.finished_at  # not built again
    assert not any("UPDATE" in query["sql"] or "INSERT" in query["sql"] for query in queries.captured_queries
                   if "report" in query["sql"])


def test_a_change_to_the_workshop_makes_a_new_report(client, demo, member):
    client.force_login(member)
    before = client.get(report_url(demo)).content
    touchpoint = Touchpoint.objects.filter(stage__journey=demo.journey).order_by("pk").first()
    touchpoint.name = "Een nieuw contactmoment met een nieuwe naam"
    touchpoint.save()
    after = client.get(report_url(demo))
    assert after.status_code == 200 and after.content != before
    assert "Een nieuw contactmoment met een nieuwe naam" in " ".join(p.extract_text() for p in pages_of(after.content))
    assert ReportFile.objects.filter(workshop=demo, state=ReportState.READY).count() == 2


def test_each_language_has_its_own_report(client, demo, member):
    client.force_login(member)
    dutch = client.get(report_url(demo))
    member.language = "en"
    member.save()
    english = client.get(report_url(demo))
    assert "Workshopverslag" in pages_of(dutch.content)[0].extract_text()
    assert "Workshop report" in pages_of(english.content)[0].extract_text()
    assert sorted(ReportFile.objects.values_list("language", flat=True)) == ["en", "nl"]


def test_the_waiting_page_polls_until_the_worker_is_done_then_downloads(client, demo, member, no_worker):
    client.force_login(member)
    waiting = client.get(report_url(demo))
    assert waiting.status_code == 202 and waiting["Content-Type"].startswith("text/html")
    assert waiting["Retry-After"] == "2" and "no-store" in waiting["Cache-Control"]
    report_file = ReportFile.objects.get(workshop=demo)
    assert report_file.state == ReportState.PENDING and report_file.html.startswith("<!doctype html>")
    status_url = reverse("actions:workshop_report_status", args=[demo.pk, report_file.fingerprint])
    download_url = reverse("actions:workshop_report_download", args=[demo.pk, report_file.fingerprint])
    page = waiting.content.decode()
    assert "Het rapport wordt gemaakt" in page and f'hx-get="{status_url}"' in page and 'hx-trigger="every 1s"' in page

    still = client.get(status_url, HTTP_HX_REQUEST="true")
    assert still.status_code == 200 and 'hx-trigger="every 1s"' in still.content.decode()
    assert client.get(download_url).status_code == 404  # nothing to download yet
    assert client.get(report_url(demo)).status_code == 202  # asking again waits for the same build …
    assert ReportFile.objects.count() == 1  # … and asks for no second one

    report_files.build(report_file.pk)  # what the worker does
    ready = client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in ready  # the polling stops
    assert f'href="{download_url}" data-auto-download' in ready and "Het rapport is klaar" in ready
    download = client.get(download_url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith('attachment; filename="klantreis-sokken-op-abonnement-')
    assert len(pages_of(download.content)) >= 4
    assert client.get(report_url(demo)).content == download.content  # from now on at once


def test_the_page_says_so_when_it_takes_long(client, demo, member, no_worker):
    client.force_login(member)
    client.get(report_url(demo))
    report_file = ReportFile.objects.get()
    status_url = reverse("actions:workshop_report_status", args=[demo.pk, report_file.fingerprint])
    assert "langer dan normaal" not in client.get(status_url).content.decode()
    ReportFile.objects.update(requested_at=timezone.now() - timedelta(seconds=90))
    assert "Dit duurt langer dan normaal" in client.get(status_url).content.decode()


def test_a_build_that_never_finished_is_asked_for_again(client, demo, member, no_worker):
    client.force_login(member)
    client.get(report_url(demo))
    asked = ReportFile.objects.get().requested_at
    client.get(report_url(demo))
    assert ReportFile.objects.get().requested_at == asked  # a fresh build is waited for
    ReportFile.objects.update(requested_at=timezone.now() - report_files.STALE_AFTER - timedelta(seconds=1))
    client.get(report_url(demo))
    again = ReportFile.objects.get()
    assert again.state == ReportState.PENDING and again.requested_at > asked  # asked again, the same row


def test_a_failed_build_says_so_and_the_next_download_tries_again(client, demo, member, no_worker, monkeypatch):
    client.force_login(member)
    client.get(report_url(demo))
    report_file = ReportFile.objects.get()

    def broken(html, pictures=()):
        raise RuntimeError("WeasyPrint broke")

    with monkeypatch.context() as patch:  # a fault WeasyPrint can't be made to show on purpose
        patch.setattr("actions.report.report_pdf", broken)
        assert report_files.build(report_file.pk).state == ReportState.FAILED
    status = client.get(reverse("actions:workshop_report_status", args=[demo.pk, report_file.fingerprint]))
    failed = status.content.decode()
    assert 'role="alert"' in failed and "Het rapport kon niet worden gemaakt" in failed
    assert f'href="{report_url(demo)}"' in failed and "hx-trigger" not in failed

    app.conf.task_always_eager = True  # a worker is back (the fixture puts things back as they were)
    retried = client.get(report_url(demo))
    assert retried.status_code == 200 and retried["Content-Type"] == "application/pdf"
    assert ReportFile.objects.get().state == ReportState.READY


def test_with_the_broker_down_the_request_builds_the_report_itself(client, demo, member):
    client.force_login(member)
    with broker_down():
        response = client.get(report_url(demo))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert ReportFile.objects.get().state == ReportState.READY


def test_each_workshop_keeps_its_newest_reports(client, demo, member):
    client.force_login(member)
    touchpoint = Touchpoint.objects.filter(stage__journey=demo.journey).order_by("pk").first()
    for number in range(report_files.KEPT_PER_WORKSHOP + 2):
        touchpoint.name = f"Versie {number}"
        touchpoint.save()
        assert client.get(report_url(demo)).status_code == 200
    kept = ReportFile.objects.filter(workshop=demo).order_by("finished_at")
    assert kept.count() == report_files.KEPT_PER_WORKSHOP
    assert "Versie 5" in " ".join(p.extract_text() for p in pages_of(bytes(kept.last().pdf)))


def test_status_and_download_of_an_unknown_or_other_workshops_fingerprint_are_404(client, demo, member, team,
                                                                                   facilitator):
    client.force_login(member)
    client.get(report_url(demo))
    key = ReportFile.objects.get().fingerprint
    other = workshop_create(team=team, facilitator=facilitator, template="blank", title="Een andere workshop")
    for workshop, fingerprint in [(demo, "0" * 64), (other, key)]:
        assert client.get(reverse("actions:workshop_report_status", args=[workshop.pk, fingerprint])).status_code == 404
        assert client.get(reverse("actions:workshop_report_download",
                                  args=[workshop.pk, fingerprint])).status_code == 404


def test_a_guest_gets_neither_status_nor_download(client, demo, member):
    client.force_login(member)
    client.get(report_url(demo))
    key = ReportFile.objects.get().fingerprint
    client.logout()
    client.post(reverse("workshops:join"), {"code": demo.join_code, "display_name": "Gast Gerda"})
    assert client.get(reverse("actions:workshop_report_status", args=[demo.pk, key])).status_code == 403
    assert client.get(reverse("actions:workshop_report_download", args=[demo.pk, key])).status_code == 403
    client.logout()
    response = client.get(reverse("actions:workshop_report_download", args=[demo.pk, key]))
    assert response.status_code == 302 and response.url.startswith(reverse("workshops:login"))


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_report(client, demo, member, worker):  # noqa: F811
    queue, _mail_dir, process = worker
    with reports_published_to(queue):
        client.force_login(member)
        assert client.get(report_url(demo)).status_code == 202
        deadline = time.monotonic() + 60
        while ReportFile.objects.get().state == ReportState.PENDING and time.monotonic() < deadline:
            time.sleep(0.2)
    report_file = ReportFile.objects.get()
    assert report_file.state == ReportState.READY, process.stdout.read() if process.poll() is not None else ""
    response = client.get(report_url(demo))
    assert response.status_code == 200 and response.content == bytes(report_file.pdf)
    assert len(pages_of(response.content)) >= 4


def test_closing_the_workshop_makes_its_report_in_every_language_of_the_team(client, demo, member, owner,
                                                                                django_capture_on_commit_callbacks):
    owner.language = "en"
    owner.save(update_fields=["language"])
    Improvement.objects.filter(journey=demo.journey).update(owner=member, deadline=timezone.localdate())  # closable
    with django_capture_on_commit_callbacks(execute=True):
        workshop_close(workshop=demo)
    made = dict(ReportFile.objects.filter(workshop=demo).values_list("language", "state"))
    assert made == {"en": ReportState.READY, "nl": ReportState.READY}  # the owner's English, Dutch for the rest

    client.force_login(member)  # Dutch
    with CaptureQueriesContext(connection) as queries:
        response = client.get(report_url(demo))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"  # at once
    assert not any("INSERT" in query["sql"] for query in queries.captured_queries)
    assert ReportFile.objects.filter(workshop=demo).count() == 2
