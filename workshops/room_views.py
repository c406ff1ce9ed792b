"""The workshop room: creating a workshop, the participants' page, the projector, the facilitator's
controls and joining as a guest. What each step shows comes from the module that ``workshops.steps`` has for
it (journeys and actions register theirs): the room imports neither app.

Every view of a workshop says which methods it takes (``require_safe`` for the pages that only read): the
tests that walk the room's writes find them from that (tests/urlwalk.py, ``view_methods``)."""

import hashlib

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from . import access, join_limits, services, steps
from .forms import (
    CountdownForm,
    GuestJoinForm,
    apply_validation_error,
)
from .live import number_param
from .models import Step


def room_version(workshop):
    """What participants' screens must follow: when it changes, they reload.

    The step, its countdown, whether the workshop is open or closed, and the step's own part (``version`` of
    its module): at the ideal step whether the ideal journey exists yet (participants who arrived before the
    facilitator copied it see it appear), at the emotions step the round being scored (when a quarterly review
    starts or finishes, every screen switches round).
    """
    ends = workshop.step_ends_at.isoformat() if workshop.step_ends_at else ""
    version = f"{workshop.step}|{ends}|{int(workshop.is_open)}{'|closed' if workshop.closed_at else ''}"
    part = steps.version_part(workshop)
    return version if part is None else f"{version}|{part}"


def room_page_context(request, room, *, with_step=True):
    """What the room page shows; ``with_step=False`` leaves out the step's own part (the projector draws
    its own from ``projector_context``: computing the participants' page there was wasted work)."""
    workshop = room.workshop
    step_module = steps.for_step(workshop.step)
    context = {
        "room": room,
        "workshop": workshop,
        "team": workshop.team if not room.is_guest else None,
        "steps": Step.ordered(),
        "current_step": workshop.step_enum,
        "step_template": step_module.ROOM_TEMPLATE,
        "version": room_version(workshop),
        "join_url": request.build_absolute_uri(reverse("workshops:join_code", args=[workshop.join_code])),
        "countdown_form": CountdownForm(),
    }
    if with_step:
        context.update(step_module.room_context(room))
    return context


def render_step_body(request, room, context):
    """The step's part of the room page, and for the live poll a fingerprint of it and what it counts (the
    step's ``live_count``: the poll sends it back, so a changed answer can say what changed)."""
    step_html = render_to_string(context["step_template"], context, request=request)
    fingerprint = hashlib.sha256(step_html.encode()).hexdigest()[:16]
    live = is_live(room)
    return {"step_html": step_html, "step_fingerprint": fingerprint, "live_step": live,
            "live_count": steps.for_step(room.workshop.step).live_count(context) if live else None}


def is_live(room):
    """Whether this person's step part follows the team's edits (a watcher at a live step)."""
    return steps.is_live(room.workshop.step) and not room.can_edit


def render_room(request, room, context, status=200):
    """The room page from ``room_page_context`` (plus whatever a step view adds, e.g. a form with errors)."""
    context.update(render_step_body(request, room, context))
    return render(request, "workshops/room.html", context, status=status)


@require_safe
def room(request, workshop_id):
    room = access.room_for(request, workshop_id)
    if room.participant is None and not room.is_guest and room.can(access.EDIT):
        # Entering the room as a member makes you a participant the facilitator can see.
        room.participant = services.participant_for_member(workshop=room.workshop, user=request.user)
    return render_room(request, room, room_page_context(request, room))


@require_safe
def step_live(request, workshop_id):
    """Polled by watchers at the live steps: the step's part again, or 204 while it is unchanged."""
    room = access.room_for(request, workshop_id)
    if not is_live(room):
        return HttpResponse(status=204)  # nothing live here for this person: no need to render the step
    context = room_page_context(request, room)
    context.update(render_step_body(request, room, context))
    if request.GET.get("seen") == context["step_fingerprint"]:
        return HttpResponse(status=204)
    # Read out by the room's live region (the swap itself keeps the person's focus: static/js/klantreis.js).
    context["live_news"] = steps.for_step(room.workshop.step).live_news(number_param(request.GET.get("n")),
                                                                         context["live_count"])
    return render(request, "workshops/partials/step_body.html", context)


@require_safe
def room_state(request, workshop_id):
    """Polled by every screen in the room (htmx): 204 while nothing changed, else reload the page."""
    try:
        room = access.room_for(request, workshop_id)
    except Http404:
        # e.g. a guest whose join code was renewed; htmx follows HX-Redirect whatever the status.
        response = HttpResponse(status=404)
        response["HX-Redirect"] = reverse("workshops:join")
        return response
    response = HttpResponse(status=204)
    if request.GET.get("version") != room_version(room.workshop):
        response["HX-Refresh"] = "true"
    return response


@require_safe
def projector(request, workshop_id):
    room = access.room_for(request, workshop_id)
    context = room_page_context(request, room, with_step=False)
    context["projector_template"] = steps.for_step(room.workshop.step).PROJECTOR_TEMPLATE
    context.update(steps.for_step(room.workshop.step).projector_context(room))
    return render(request, "workshops/projector.html", context)


@require_safe
def projector_live(request, workshop_id):
    """The projector's changing part, polled every few seconds."""
    room = access.room_for(request, workshop_id)
    if request.GET.get("version") not in (None, room_version(room.workshop)):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    step_module = steps.for_step(room.workshop.step)
    context = {"room": room, "workshop": room.workshop, **step_module.projector_context(room)}
    return render(request, step_module.PROJECTOR_TEMPLATE, context)


@require_safe
def join_qr(request, workshop_id):
    room = access.room_for(request, workshop_id)
    url = request.build_absolute_uri(reverse("workshops:join_code", args=[room.workshop.join_code]))
    response = HttpResponse(content_type="image/svg+xml")
    # A standalone SVG document (with its namespace), so it works as an <img> source.
    segno.make(url, error="m").save(response, kind="svg", scale=8, dark="#0d5c63", border=2, xmldecl=False)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def workshop_step(request, workshop_id):
    room = access.room_for(request, workshop_id, access.RUN)
    ordered = Step.ordered()
    current = ordered.index(room.workshop.step_enum)
    target = {"next": current + 1, "previous": current - 1}.get(request.POST.get("move"))
    step = ordered[target] if target is not None and 0 <= target < len(ordered) else request.POST.get("step")
    try:
        services.workshop_set_step(workshop=room.workshop, step=step)
    except ValidationError:
        messages.error(request, _("Unknown step."))
    return redirect("workshops:room", workshop_id=workshop_id)


@require_POST
def workshop_countdown(request, workshop_id):
    room = access.room_for(request, workshop_id, access.RUN)
    if request.POST.get("stop"):
        services.workshop_stop_countdown(workshop=room.workshop)
        return redirect("workshops:room", workshop_id=workshop_id)
    form = CountdownForm(request.POST)
    if form.is_valid():
        try:
            services.workshop_start_countdown(workshop=room.workshop, minutes=form.cleaned_data["minutes"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
    else:
        messages.error(request, form.errors["minutes"][0])
    return redirect("workshops:room", workshop_id=workshop_id)


@require_POST
def workshop_open(request, workshop_id):
    room = access.room_for(request, workshop_id, access.RUN)
    is_open = request.POST.get("open") == "1"
    services.workshop_set_open(workshop=room.workshop, is_open=is_open)
    messages.success(request, _("The workshop is open for contributions.") if is_open
                     else _("The workshop is closed: participants can only look."))
    return redirect("workshops:room", workshop_id=workshop_id)


@require_POST
def workshop_join_code(request, workshop_id):
    room = access.room_for(request, workshop_id, access.RUN)
    services.workshop_renew_join_code(workshop=room.workshop)
    messages.success(request, _("New join code: %(code)s. Guests with the old code have to join again.")
                     % {"code": room.workshop.join_code})
    return redirect("workshops:room", workshop_id=workshop_id)


def _join_refused(request, form, message, seconds):
    """The join page again with why it waits (429), and ``Retry-After`` with the same seconds."""
    form.add_error(None, message % {"seconds": seconds})
    response = render(request, "workshops/join.html", {"form": form}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def join(request, code=None):
    form = GuestJoinForm(request.POST or None, initial={"code": code} if code else None)
    status = 200
    if request.method == "POST":
        wait = join_limits.wrong_codes_wait(request)
        if wait:
            return _join_refused(request, form, ngettext(
                "Too many wrong codes from your network. Wait %(seconds)d second and try again.",
                "Too many wrong codes from your network. Wait %(seconds)d seconds and try again.", wait), wait)
        if form.is_valid():
            workshop = services.workshop_by_code(form.cleaned_data["code"])
            if workshop is None:
                join_limits.count_wrong_code(request)
                form.add_error("code", _("No workshop has this code. Check it on the projector."))
            elif request.user.is_authenticated and access.teams_for(request.user).filter(pk=workshop.team_id).exists():
                return redirect("workshops:room", workshop_id=workshop.pk)  # a team member needs no guest identity
            elif wait := join_limits.crowded_wait(workshop):
                return _join_refused(request, form, ngettext(
                    "Very many people are joining this workshop at once. Wait %(seconds)d second and try again.",
                    "Very many people are joining this workshop at once. Wait %(seconds)d seconds and try again.",
                    wait), wait)
            else:
                try:
                    participant = services.guest_join(workshop=workshop,
                                                      display_name=form.cleaned_data["display_name"])
                except ValidationError as error:
                    apply_validation_error(form, error)
                else:
                    access.remember_guest(request, participant)
                    return redirect("workshops:room", workshop_id=workshop.pk)
        status = 400
    return render(request, "workshops/join.html", {"form": form}, status=status)
