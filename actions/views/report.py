"""The workshop report as a PDF download, for the team: members of every role, viewers included.

Guests are not given it: they joined one session with a code, the report holds the whole team's work
(evidence, every participant's name) and is shared by the team. An anonymous visitor without a guest
session is sent to the login; a guest gets 403; someone outside the team 404 (``access.room_for``).

A Celery worker makes the PDF (``actions.report_files``): ``workshop_report`` sends it at once when the
workshop has not changed since it was last made, and otherwise shows a page that waits for the worker
(``report_status``, polled by htmx) and then downloads it by its fingerprint (``report_download``).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path, register_converter
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from journeys.models import ReportState
from workshops import access

from .. import report_files

SLOW_AFTER_SECONDS = 60  # the large benchmark workshop takes about 10 s; past this the page says so


class FingerprintConverter:
    regex = "[0-9a-f]{64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FingerprintConverter, "fingerprint")


def team_only(view):
    """The view gets the Room of a team member (any role); an anonymous visitor goes to the login, a guest gets
    403, an outsider 404."""
    @wraps(view)
    def wrapper(request, workshop_id, *args, **kwargs):
        if not request.user.is_authenticated and access.guest_participant_id(request, workshop_id) is None:
            return redirect_to_login(request.get_full_path())
        room = access.room_for(request, workshop_id, access.VIEW)
        if room.is_guest:
            raise PermissionDenied
        return view(request, room, *args, **kwargs)
    return wrapper


def _pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    patch_cache_control(response, private=True, no_store=True)  # the team's data: no shared cache keeps it
    return response


@require_GET
@team_only
def workshop_report(request, room):
    report_file = report_files.request_report(room.workshop.pk, language=translation.get_language())
    if report_file.state == ReportState.READY:
        return _pdf_response(bytes(report_file.pdf), report_file.filename)
    status = _status_context(room.workshop, report_file.fingerprint, report_file.state, report_file.filename,
                             report_file.requested_at)
    response = render(request, "actions/report_waiting.html", {"workshop": room.workshop, "room": room, **status},
                      status=202)
    response["Retry-After"] = "2"
    patch_cache_control(response, private=True, no_store=True)
    return response


def _status_context(workshop, key, state, filename, requested_at):
    return {"workshop": workshop, "fingerprint": key, "state": state, "filename": filename,
            "slow": (timezone.now() - requested_at).total_seconds() > SLOW_AFTER_SECONDS}


@require_GET
@team_only
def report_status(request, room, key):
    """The waiting page's status part: still being made (polling on), ready (with its download), or failed."""
    row = report_files.report_status(room.workshop.pk, key)
    if row is None:
        raise Http404
    response = render(request, "journeys/partials/report_status.html", _status_context(room.workshop, key, *row))
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
@team_only
def report_download(request, room, key):
    ready = report_files.ready_pdf(room.workshop.pk, key)
    if ready is None:
        raise Http404
    return _pdf_response(*ready)


urlpatterns = [
    path("w/<int:workshop_id>/report.pdf", workshop_report, name="workshop_report"),
    path("w/<int:workshop_id>/report/<fingerprint:key>/status", report_status, name="workshop_report_status"),
    path("w/<int:workshop_id>/report/<fingerprint:key>.pdf", report_download, name="workshop_report_download"),
]
