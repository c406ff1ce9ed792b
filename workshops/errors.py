"""The error pages (``handler400`` … ``handler500`` in config/urls.py): Django's own, except under /api/, where a
script gets JSON — ``{"detail": "…"}`` as from every API view — never an HTML page. These are what answers when
something fails outside DRF's own error handling: an unexpected exception (a 500), a URL that is not there, a
request Django refuses before a view runs."""

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions

from .api_auth import BodyTooLarge


def _is_api(request):
    return request.path.startswith("/api/")


def _json(message, status):
    return JsonResponse({"detail": str(message)}, status=status)


def bad_request(request, exception):
    if not _is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return _json(BodyTooLarge().detail, 413)
    return _json(_("The request could not be read."), 400)


def permission_denied(request, exception):
    if not _is_api(request):
        return defaults.permission_denied(request, exception)
    return _json(exceptions.PermissionDenied.default_detail, 403)


def page_not_found(request, exception):
    if not _is_api(request):
        return defaults.page_not_found(request, exception)
    return _json(exceptions.NotFound.default_detail, 404)


def server_error(request):
    if not _is_api(request):
        return defaults.server_error(request)
    return _json(_("Something went wrong on our side; it has been logged. Try again later."), 500)
