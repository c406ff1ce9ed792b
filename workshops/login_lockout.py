"""django-axes hooks for the email login (settings: AXES_USERNAME_CALLABLE, AXES_LOCKOUT_CALLABLE)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .forms import LoginForm


def username(request, credentials=None):
    """The email address as the login form sends it, lower-cased like the stored addresses, so that
    ``Olga@…`` and ``olga@…`` share one failure count."""
    data = credentials if credentials else request.POST
    return (data.get(settings.AXES_USERNAME_FORM_FIELD) or "").strip().lower()


class LockedOutLoginForm(LoginForm):
    """The login form re-displayed during a lockout; it never calls authenticate() (that would count
    one more failure)."""

    def clean(self):
        raise ValidationError(_("Too many failed login attempts. Wait 15 minutes and try again."),
                              code="locked_out")


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, with the lockout message on the form: the same for every address, so it
    reveals nothing about which accounts exist."""
    form = LockedOutLoginForm(request, data=request.POST)
    context = {"form": form, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
