"""The workshop report as a PDF download, for the team: members of every role, viewers included.

Guests are not given it: they joined one session with a code, the report holds the whole team's work
(evidence, every participant's name) and is shared by the team. An anonymous visitor without a guest
session is sent to the login; a guest gets 403; someone outside the team 404 (``access.room_for``).
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from workshops import access

from .. import report


@require_GET
def workshop_report(request, workshop_id):
    if not request.user.is_authenticated and access.guest_participant_id(request, workshop_id) is None:
        return redirect_to_login(request.get_full_path())
    room = access.room_for(request, workshop_id, access.VIEW)
    if room.is_guest:
        raise PermissionDenied
    pdf, content = report.workshop_report_pdf(room.workshop.pk, language=translation.get_language())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=report.report_filename(content.workshop, content.generated_on))
    patch_cache_control(response, private=True, no_store=True)  # the team's data: no shared cache keeps it
    return response


urlpatterns = [
    path("w/<int:workshop_id>/report.pdf", workshop_report, name="workshop_report"),
]
