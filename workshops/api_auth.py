"""API plumbing that DRF's settings name: personal tokens (authentication), throttling per token or user,
pagination and the error handler. Kept apart from api.py, which imports DRF's views (they read these
settings when they load)."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, pagination, parsers
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.utils import json

from . import bounded_json
from .client_address import client_address
from .limits import DISPLAY_NAME_MAX
from .models import API_TOKEN_PREFIX, ApiToken

# --- Personal tokens --------------------------------------------------------------------------------------


def _hash(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user, name):
    """(ApiToken, the whole token text). The text is returned this once and never stored."""
    name = " ".join((name or "").split())
    if not name:
        raise DjangoValidationError({"name": _("Give the token a name, e.g. the script that uses it.")})
    if len(name) > DISPLAY_NAME_MAX:
        raise DjangoValidationError({"name": _("Keep the name to %(max)d characters.") % {"max": DISPLAY_NAME_MAX}})
    key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, key_id=key_id, secret_hash=_hash(secret))
    return token, f"{API_TOKEN_PREFIX}{key_id}_{secret}"


def api_token_revoke(*, user, token_id):
    """Revoke one of ``user``'s tokens; False when there is no such active token."""
    return bool(ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True)
                .update(revoked_at=timezone.now()))


def token_user(text):
    """(user, ApiToken) for a token text, or None. Constant-time comparison of the secret's hash."""
    if not text.startswith(API_TOKEN_PREFIX):
        return None
    key_id, _sep, secret = text[len(API_TOKEN_PREFIX):].partition("_")
    if not key_id or not secret:
        return None
    token = ApiToken.objects.select_related("user").filter(key_id=key_id, revoked_at__isnull=True).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(secret)) or not token.user.is_active:
        return None
    return token.user, token


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer kr_…`` (or ``Token kr_…``). A wrong or revoked token is a 401."""

    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the token as: Authorization: Bearer kr_…"))
        found = token_user(header[1])
        if found is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid (wrong, or revoked)."))
        user, token = found
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # at most once a minute
        return user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class PrincipalThrottle(SimpleRateThrottle):
    """One budget per token, and one per user for the browser session (settings: API_RATE)."""

    scope = "principal"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"anon-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def get_ident(self, request):
        # DRF's own believes X-Forwarded-For unless told otherwise (NUM_PROXIES): ours follows TRUSTED_PROXIES.
        return client_address(request)


class Pagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, but a body nested deeper than ``limits.JSON_MAX_DEPTH`` is a 400 saying so, found before
    parsing (where deep nesting would raise RecursionError: a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        try:
            return bounded_json.loads(stream.read().decode(encoding),
                                      parse_constant=json.strict_constant if self.strict else None)
        except bounded_json.TooDeep as error:
            raise exceptions.ParseError(str(error)) from None
        except ValueError as error:  # not JSON, or not in its encoding
            raise exceptions.ParseError(f"JSON parse error - {error}") from None


class BodyTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "body_too_large"

    def __init__(self):
        super().__init__(_("The request body is too large: at most %(size)s.")
                         % {"size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)})


def exception_handler(exc, context):
    """DRF's handler, plus Django's ValidationError (from services) as a 400 with field errors, an
    IntegrityError as a 400 ("this conflicts with what is already there"), Django's 404/403 as DRF's
    (a 403 keeps the reason a service gave), and a body Django refuses to read (larger than
    DATA_UPLOAD_MAX_MEMORY_SIZE: a 413; too many form fields: a 400). Anything else DRF does not know is a 500,
    which ``workshops.errors`` answers with JSON under /api/ too."""
    if isinstance(exc, RequestDataTooBig):
        exc = BodyTooLarge()
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError(_("The request could not be read: %(reason)s") % {"reason": exc})
    elif isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, IntegrityError):
        exc = exceptions.ValidationError({"non_field_errors": [_("This conflicts with what is already there.")]})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args[:1])  # a service's reason, if it gave one
    from rest_framework.views import exception_handler as drf_exception_handler

    return drf_exception_handler(exc, context)




try:  # the token's security scheme in the OpenAPI schema (drf-spectacular finds it by subclassing)
    from drf_spectacular.extensions import OpenApiAuthenticationExtension

    class TokenScheme(OpenApiAuthenticationExtension):
        target_class = "workshops.api_auth.TokenAuthentication"
        name = "personalToken"

        def get_security_definition(self, auto_schema):
            return {"type": "http", "scheme": "bearer", "bearerFormat": "kr_<key>_<secret>",
                    "description": "A personal API token from your profile page (shown once when made)."}
except ImportError:  # pragma: no cover - drf-spectacular is in requirements.txt
    pass
