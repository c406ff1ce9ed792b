"""The workshop report's PDF, made by a Celery worker and kept until the workshop changes.

WeasyPrint takes about 10 s for the benchmark's large workshop (64 pages; see the README's benchmark section),
too long to hold a web worker and a person. So a download request only renders the report's HTML (about
0.5 s for that workshop, no WeasyPrint) and fingerprints it:

- the same fingerprint was built before: the PDF goes out at once;
- otherwise the HTML is stored in a ``ReportFile`` and a worker turns it into the PDF (``build``), while the
  person sees a page that waits for it. Building from the stored HTML makes the PDF exactly what was asked
  for, even when the workshop changes in the meantime.

Closing a workshop has a worker make its report in every language of the team (``prepare_reports``): the
download right after the workshop is then immediate.

When the broker is down the request builds the PDF itself: slow, but the download still works. A build that
failed, or was asked for ``STALE_AFTER`` ago and never finished (its worker died), is asked for again by the
next request. Each workshop keeps its ``KEPT_PER_WORKSHOP`` newest PDFs.
"""

import hashlib
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from journeys.models import ReportFile, ReportState
from workshops.models import Membership, Workshop

from . import report

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=5)  # longer than the build task's time limit
KEPT_PER_WORKSHOP = 4


def fingerprint(html, pictures):
    digest = hashlib.sha256(html.encode())
    for picture in pictures:
        digest.update(b"\0")
        digest.update(picture.encode())
    return digest.hexdigest()


def request_report(workshop_id, *, language, build_here=False):
    """The ReportFile of the workshop as it is now, in ``language``: ready, or asked of a worker (made right
    here with ``build_here``, as a worker preparing reports does).

    Workshop.DoesNotExist for an unknown id."""
    with translation.override(language):
        content = report.gather_report(workshop_id)
        html = report.render_report_html(content)
    pictures = list(content.picture_files)
    key = fingerprint(html, pictures)
    filename = report.report_filename(content.workshop, content.generated_on)
    try:
        with transaction.atomic():
            report_file, created = ReportFile.objects.get_or_create(
                workshop_id=workshop_id, fingerprint=key,
                defaults={"language": language, "filename": filename, "html": html, "pictures": pictures,
                          "requested_at": timezone.now()})
    except IntegrityError:  # another request made it a moment ago
        report_file, created = ReportFile.objects.get(workshop_id=workshop_id, fingerprint=key), False
    if created or _claim_retry(report_file, html, pictures):
        if build_here:
            build(report_file.pk)
        else:
            _ask_worker(report_file)
        report_file.refresh_from_db()
    return report_file


def report_languages(workshop):
    """The languages the team reads Klantreis in: its members' settings, and the default."""
    chosen = set(Membership.objects.filter(team_id=workshop.team_id).values_list("user__language", flat=True))
    return sorted(chosen | {settings.LANGUAGE_CODE})


def prepare_reports(workshop_id):
    """Make the workshop's report in each language its team reads, so the download right after the workshop
    is immediate. Returns the languages."""
    workshop = Workshop.objects.filter(pk=workshop_id).first()
    if workshop is None:
        return []
    languages = report_languages(workshop)
    for language in languages:
        request_report(workshop_id, language=language, build_here=True)
    return languages


def _claim_retry(report_file, html, pictures):
    """Whether this request asks again for a build that failed or never finished (only one request does)."""
    failed = report_file.state == ReportState.FAILED
    stale = report_file.state == ReportState.PENDING and report_file.requested_at < timezone.now() - STALE_AFTER
    if not failed and not stale:
        return False
    return bool(ReportFile.objects.filter(pk=report_file.pk, state=report_file.state,
                                          requested_at=report_file.requested_at)
                .update(state=ReportState.PENDING, html=html, pictures=pictures, requested_at=timezone.now()))


def _ask_worker(report_file):
    from .tasks import build_report

    try:
        build_report.delay(report_file.pk)
    except OperationalError:
        logger.warning("Broker unreachable: report %s built in the request", report_file.pk)
        build(report_file.pk)


def build(report_file_id):
    """Make the PDF of a pending ReportFile from its stored HTML. Returns the ReportFile (None if it is gone)."""
    report_file = ReportFile.objects.filter(pk=report_file_id, state=ReportState.PENDING).first()
    if report_file is None:  # built already, or its workshop deleted
        return ReportFile.objects.filter(pk=report_file_id).first()
    started = time.perf_counter()
    try:
        pdf = report.report_pdf(report_file.html, report_file.pictures)
    except Exception:  # the person sees "could not be made" and may try again; the log has the cause
        logger.exception("Report %s could not be built", report_file.pk)
        ReportFile.objects.filter(pk=report_file.pk).update(state=ReportState.FAILED, finished_at=timezone.now())
        return ReportFile.objects.get(pk=report_file.pk)
    ReportFile.objects.filter(pk=report_file.pk).update(
        state=ReportState.READY, pdf=pdf, html="", pictures=[], finished_at=timezone.now(),
        build_seconds=round(time.perf_counter() - started, 3))
    _forget_old(report_file.workshop_id)
    return ReportFile.objects.get(pk=report_file.pk)


def _forget_old(workshop_id):
    keep = (ReportFile.objects.filter(workshop_id=workshop_id, state=ReportState.READY)
            .order_by("-finished_at", "-pk").values_list("pk", flat=True)[:KEPT_PER_WORKSHOP])
    ReportFile.objects.filter(workshop_id=workshop_id, state=ReportState.READY).exclude(pk__in=list(keep)).delete()


def report_status(workshop_id, key):
    """(state, filename, requested_at) of the report with fingerprint ``key`` of the workshop, without loading
    its PDF or HTML; None when there is no such report (never asked for, or forgotten)."""
    return (ReportFile.objects.filter(workshop_id=workshop_id, fingerprint=key)
            .values_list("state", "filename", "requested_at").first())


def ready_pdf(workshop_id, key):
    """(pdf bytes, filename) of a built report, or None."""
    row = (ReportFile.objects.filter(workshop_id=workshop_id, fingerprint=key, state=ReportState.READY)
           .values_list("pdf", "filename").first())
    return (bytes(row[0]), row[1]) if row else None
