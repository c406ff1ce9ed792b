from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def language_for(request):
    """Dutch unless someone chose otherwise: the signed-in user's setting, then the cookie.

    The browser's Accept-Language is deliberately ignored — teams are Dutch-speaking first and
    a room full of laptops set to English should still see the workshop in Dutch.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in SUPPORTED:
        return user.language
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in SUPPORTED else settings.LANGUAGE_CODE


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


class RefusedWriteMiddleware:
    """The safety net for a write the services refuse where its view did not expect it: never a 500.

    The services decide what may be written (``workshops.access.check``) and say
    no with a ValidationError. Views turn the ones they expect into messages beside the field; this catches any
    other — e.g. a workshop closed between the room's check and the write — and answers it as a refusal: the API
    a 400 with the reasons, an htmx request a reload of the page with the reason on it, a form post the page it
    came from with the reason.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ValidationError):
            return None
        reasons = exception.messages
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": reasons}, status=400)
        for reason in reasons:
            messages.error(request, reason)
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        back = request.META.get("HTTP_REFERER", "")
        safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure())
        return redirect(back if back and safe else "workshops:home")
