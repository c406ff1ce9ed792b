"""The calendar feed: a page (linked from the profile) to create, copy, renew and stop one's secret address,
and the feed itself, which needs no login — the address is the key."""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, re_path, reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import ics
from ..selectors import follow_up
from ..services import plan as services


def feed_url(feed):
    return settings.SITE_URL + reverse("actions:calendar_feed", kwargs={"token": feed.token})


@require_GET
@login_required
def calendar_settings(request):
    feed = follow_up.calendar_feed_of(request.user)
    context = {
        "feed": feed,
        "deadline_count": follow_up.feed_deadlines(request.user).count(),
        "review_count": follow_up.feed_reviews(request.user).count(),
    }
    if feed is not None:
        context["feed_url"] = feed_url(feed)
        context["webcal_url"] = re.sub(r"^https?://", "webcal://", context["feed_url"])
    return render(request, "actions/calendar.html", context)


@require_POST
@login_required
def calendar_renew(request):
    _feed, created = services.calendar_feed_renew(user=request.user)
    if created:
        messages.success(request, _("Your calendar address is ready. Add it to your calendar app."))
    else:
        messages.success(request, _("You have a new calendar address. The old one no longer works: "
                                    "add the new one to your calendar app."))
    return redirect("actions:calendar_settings")


@require_POST
@login_required
def calendar_revoke(request):
    if services.calendar_feed_revoke(user=request.user):
        messages.success(request, _("Your calendar address has been stopped. Calendar apps no longer receive "
                                    "your dates."))
    return redirect("actions:calendar_settings")


@require_GET
def calendar_feed(request, token):
    """The ICS feed at the secret address: 404 for a wrong or revoked one, in the owner's language."""
    feed = follow_up.calendar_feed_at(token)
    if feed is None:
        raise Http404
    with translation.override(feed.user.language):
        body = ics.calendar_for(feed.user)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="klantreis.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    patch_cache_control(response, private=True, no_cache=True)
    return response


urlpatterns = [
    path("accounts/calendar/", calendar_settings, name="calendar_settings"),
    path("accounts/calendar/renew/", calendar_renew, name="calendar_renew"),
    path("accounts/calendar/revoke/", calendar_revoke, name="calendar_revoke"),
    re_path(r"^calendar/(?P<token>[\w-]+)\.ics$", calendar_feed, name="calendar_feed"),
]
