"""Views of the scope step. URLs all start with w/<int:workshop_id>/ and go through workshops.access.room_for.

Each form answers an htmx request with its re-rendered card (errors inside it, status 200), and a plain
POST with a redirect to the room, or with the room page and the errors next to the fields (status 400).
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from workshops import access
from workshops.forms import form_saved
from workshops.models import Step
from workshops.room_views import render_room, room_page_context

from ..forms.scope import PersonaChoiceForm, PersonaForm, ScopeForm
from ..selectors import personas_in
from ..services import scope as services
from ..steps import scope as step

PERSONA_PARTIAL = "journeys/partials/scope_persona.html"
JOURNEY_PARTIAL = "journeys/partials/scope_journey.html"


def respond(request, room, *, step_value, partial, context, ok, anchor, success="", status=400):
    """The answer every step form gives; see the module docstring. ``ok``: done, back to the room.

    Not ``ok``, a plain POST gets the room page with ``context`` (the bound forms) and ``status``.
    When the room has moved on to another step meanwhile, that page cannot show the form (it shows
    the other step): it redirects with the first error as a message instead.
    """
    if request.htmx:
        return render(request, partial, {"room": room, "workshop": room.workshop, **context})
    room_url = reverse("workshops:room", args=[room.workshop.pk]) + anchor
    if ok:
        if success:
            messages.success(request, success)
        return redirect(room_url)
    if room.workshop.step != step_value:
        errors = [error for form in context.values() if hasattr(form, "errors") for error in _flat(form.errors)]
        messages.error(request, errors[0] if errors else _("That did not work. Try again."))
        return redirect(room_url)
    page = {**room_page_context(request, room), **context}
    return render_room(request, room, page, status=status)


def _flat(errors):
    return [message for field_errors in errors.values() for message in field_errors]


def _persona_response(request, room, ok, *, success="", **forms):
    context = step.persona_context(room, saved=success if ok else "", **forms)
    return respond(request, room, step_value=Step.SCOPE, partial=PERSONA_PARTIAL, context=context, ok=ok,
                   anchor="#scope-persona", success=success)


@require_GET
def scope_live(request, workshop_id):
    """The scope as read-only screens show it, polled (see partials/scope_live.html)."""
    room = access.room_for(request, workshop_id)
    context = {"room": room, "workshop": room.workshop, **step.room_context(room)}
    if request.GET.get("v") == context["scope_version"]:
        return HttpResponse(status=204)
    context["live_news"] = step.LIVE_NEWS  # read out by the room's live region
    return render(request, "journeys/partials/scope_live.html", context)


@require_POST
def scope_update(request, workshop_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    journey = room.workshop.journey
    form = ScopeForm(request.POST, instance=journey)
    ok = form_saved(form, lambda: services.journey_update_scope(
        journey=journey, actor=room.actor, **{name: form.cleaned_data[name] for name in services.SCOPE_FIELDS}))
    if not ok:
        journey.refresh_from_db()  # the hints and the read-only text show what is saved, not the rejected input
    context = step.journey_scope_context(room, form=None if ok else form, saved=ok)
    return respond(request, room, step_value=Step.SCOPE, partial=JOURNEY_PARTIAL, context=context, ok=ok,
                   anchor="#scope-journey", success=_("Scope saved."))


@require_POST
def scope_persona_choose(request, workshop_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    personas = step.team_personas(room)
    form = PersonaChoiceForm(request.POST, personas=personas)
    ok = form_saved(form, lambda: services.journey_set_persona(
        journey=room.workshop.journey, persona=form.cleaned_data["persona"], actor=room.actor))
    return _persona_response(request, room, ok, personas=personas, choose_form=None if ok else form,
                             success=_("Persona chosen.") if ok else "")


@require_POST
def scope_persona_create(request, workshop_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    form = PersonaForm(request.POST, prefix=step.NEW_PERSONA_PREFIX)
    ok = form_saved(form, lambda: services.persona_create(
        team=room.workshop.team, journey=room.workshop.journey, actor=room.actor, **form.cleaned_data))
    return _persona_response(request, room, ok, new_form=None if ok else form,
                             success=_("Persona created.") if ok else "")


@require_POST
def scope_persona_update(request, workshop_id, persona_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    persona = get_object_or_404(personas_in(room.workshop.team), pk=persona_id)
    form = PersonaForm(request.POST, instance=persona, prefix=step.EDIT_PERSONA_PREFIX)
    ok = form_saved(form, lambda: services.persona_update(persona=persona, **form.cleaned_data))
    return _persona_response(request, room, ok, edit_form=None if ok else form,
                             success=_("Persona saved.") if ok else "")


urlpatterns = [
    path("w/<int:workshop_id>/scope/live/", scope_live, name="scope_live"),
    path("w/<int:workshop_id>/scope/", scope_update, name="scope_update"),
    path("w/<int:workshop_id>/scope/persona/", scope_persona_choose, name="scope_persona_choose"),
    path("w/<int:workshop_id>/scope/persona/new/", scope_persona_create, name="scope_persona_create"),
    path("w/<int:workshop_id>/scope/persona/<int:persona_id>/", scope_persona_update, name="scope_persona_update"),
]
