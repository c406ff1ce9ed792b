"""Reminder settings (per user: request.user only) and the one-click unsubscribe link from every reminder."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from workshops.models import User
from workshops.selectors import mail_recipient

from .. import selectors
from ..forms.reminders import ReminderSettingsForm
from ..models import ReminderKind
from ..reminders import read_unsubscribe_token
from ..services import reminder_settings as settings_services


@login_required
def reminder_settings(request):
    form = ReminderSettingsForm(request.POST or None, opted_out=selectors.reminders_turned_off(request.user))
    if request.method == "POST" and form.is_valid():
        settings_services.reminder_settings_save(user=request.user, off=form.turned_off())
        messages.success(request, _("Your reminder settings have been saved."))
        return redirect("actions:reminder_settings")
    return render(request, "actions/reminder_settings.html", {"form": form})


@csrf_exempt
def reminder_unsubscribe(request, token):
    """GET shows what the link will turn off and a button; only a POST changes anything (mail scanners open
    links). CSRF-exempt on purpose: the signed token is the whole authority — no session is used — and mail
    providers send RFC 8058's one-click POST (``List-Unsubscribe=One-Click``) without a CSRF token.
    The page speaks the recipient's language: they may not be logged in."""
    try:
        user_id, kind = read_unsubscribe_token(token)
        person = mail_recipient(user_id)
    except (signing.BadSignature, User.DoesNotExist):
        return render(request, "actions/reminder_unsubscribe.html", {"state": "invalid"}, status=400)
    state = "confirm"
    if request.method == "POST":
        if request.POST.get("undo"):
            settings_services.reminder_turn_on(user=person, kind=kind)
            state = "undone"
        else:
            settings_services.reminder_turn_off(user=person, kind=kind)
            state = "done"
    with translation.override(person.language):
        response = render(request, "actions/reminder_unsubscribe.html", {
            "state": state, "person": person, "kind_label": ReminderKind(kind).label,
        })
    response["Content-Language"] = person.language
    return response


urlpatterns = [
    path("accounts/reminders/", reminder_settings, name="reminder_settings"),
    path("accounts/reminders/unsubscribe/<str:token>/", reminder_unsubscribe, name="reminder_unsubscribe"),
]
