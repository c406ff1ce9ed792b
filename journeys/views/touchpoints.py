"""Views of the touchpoints step: stages and touchpoints of the room's journey — the current one, or
its ideal version (the ideal step reuses every view here).

Each view finds the stage or touchpoint among the room's two journeys only (anything else is a 404),
calls a service, and answers:

- htmx: 200 with the changed fragment (a touchpoint, a stage's head, a stage column or the whole board),
  errors inside it next to the field, plus the journey's counts (and the ideal's hints) out of band;
- otherwise: a redirect to the room on success; a form to show (an edit, or errors: 400) on the room
  page, or on a page of its own when the room is at a step that does not show this journey.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workshops import access
from workshops.forms import apply_validation_error
from workshops.room_views import render_room, room_page_context  # the room page, exactly as the room view renders it

from ..forms.touchpoints import StageAddForm, StageForm, TouchpointAddForm, TouchpointForm
from ..selectors import ideal_journeys_of, room_stages, room_touchpoints
from ..services import touchpoints as services
from ..steps.ideal import load_ideal_board
from ..steps.touchpoints import load_board

FRAGMENTS = {
    "board": "journeys/partials/touchpoints_board.html",
    "stage": "journeys/partials/touchpoints_stage.html",
    "stage_head": "journeys/partials/touchpoints_stage_head.html",
    "touchpoint": "journeys/partials/touchpoints_touchpoint.html",
}


# --- Finding things within the room -------------------------------------------------------------

def room_stage(room, stage_id):
    """A stage of the room's current journey or of its ideal version (404 otherwise)."""
    return get_object_or_404(room_stages(room.workshop.journey), pk=stage_id)


def room_touchpoint(room, touchpoint_id):
    """A touchpoint of the room's current journey or of its ideal version (404 otherwise)."""
    return get_object_or_404(room_touchpoints(room.workshop.journey), pk=touchpoint_id)


def room_ideal(room):
    return get_object_or_404(ideal_journeys_of(room.workshop.journey))


def board_for(room, journey):
    if journey.is_ideal:
        return load_ideal_board(room, journey, editable=room.can_edit)
    return load_board(journey, editable=room.can_edit)


# --- Answering ------------------------------------------------------------------------------------

def respond(request, room, journey, fragment, pk=None, *, show=None, invalid=False, anchor=""):
    """Answer a request about ``journey`` (see the module's docstring).

    ``fragment`` names what an htmx request gets back (FRAGMENTS; ``pk`` picks the stage or touchpoint).
    ``show(board)`` puts a form (or an error) on the freshly loaded board; without it, a normal request
    is redirected to the room. ``invalid`` marks a form with errors: 400 for a normal request.
    """
    if request.htmx:
        board = board_for(room, journey)
        if show:
            show(board)
        context = {"room": room, "workshop": room.workshop, "board": board, "fragment": FRAGMENTS[fragment],
                   **_fragment_object(board, fragment, pk)}
        if fragment != "board" and not any(context.get(key) for key in ("touchpoint", "stage")):
            # Someone else deleted it a moment ago: bring the whole board up to date instead.
            context["fragment"] = FRAGMENTS["board"]
            response = render(request, "journeys/partials/touchpoints_fragment.html", context)
            response["HX-Retarget"], response["HX-Reswap"] = f"#board-{journey.pk}", "outerHTML"
            return response
        return render(request, "journeys/partials/touchpoints_fragment.html", context)
    if show is None:
        return redirect(reverse("workshops:room", args=[room.workshop.pk]) + (f"#{anchor}" if anchor else ""))
    return _page_with_form(request, room, journey, fragment, pk, show=show, status=400 if invalid else 200)


def _page_with_form(request, room, journey, fragment, pk, *, show, status):
    context = room_page_context(request, room)
    board = context.get("board")
    if board is not None and board.journey.pk == journey.pk:
        show(board)
        return render_room(request, room, context, status=status)
    # The room is at another step: show the form on a page of its own.
    board = board_for(room, journey)
    show(board)
    found = _fragment_object(board, fragment, pk)
    if found and not any(found.values()):
        messages.error(request, _("Someone else just deleted this."))
        return redirect("workshops:room", workshop_id=room.workshop.pk)
    context = {"room": room, "workshop": room.workshop, "board": board, "fragment": FRAGMENTS[fragment], **found}
    return render(request, "journeys/partials/touchpoints_page.html", context, status=status)


def _fragment_object(board, fragment, pk):
    if fragment == "touchpoint":
        return {"touchpoint": board.touchpoint(pk)}
    if fragment in ("stage", "stage_head"):
        return {"stage": board.stage(pk)}
    return {}


def show_on(found, **attributes):
    """Set ``attributes`` on a stage or touchpoint of a fresh board (unless it was deleted meanwhile)."""
    if found is not None:
        for name, value in attributes.items():
            setattr(found, name, value)


def _one_field_error(request, room, journey, fragment, pk, error, *, on_stage=None, anchor=""):
    """A refused button (move, delete): a message, in the fragment (htmx) or after the redirect."""
    message = error.messages[0]
    if not request.htmx:
        messages.error(request, message)
        return respond(request, room, journey, fragment, pk, anchor=anchor)

    def show(board):
        show_on(board.stage(on_stage) if on_stage else board, error=message)

    return respond(request, room, journey, fragment, pk, show=show)


# --- Stages ---------------------------------------------------------------------------------------

@require_POST
def stage_add(request, workshop_id, ideal=False):
    room = access.room_for(request, workshop_id, access.EDIT)
    journey = room_ideal(room) if ideal else room.workshop.journey
    form = StageAddForm(request.POST, auto_id=f"id_newstage{journey.pk}_%s")
    if form.is_valid():
        try:
            stage = services.stage_create(journey=journey, name=form.cleaned_data["name"], actor=room.actor)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return respond(request, room, journey, "board", anchor=f"stage-{stage.pk}")

    def show(board):
        board.stage_form = form

    return respond(request, room, journey, "board", show=show, invalid=True)


@require_GET
def stage_show(request, workshop_id, stage_id):
    """A stage's head as it is (what "Cancel" brings back)."""
    room = access.room_for(request, workshop_id)
    stage = room_stage(room, stage_id)
    return respond(request, room, stage.journey, "stage_head", stage.pk, anchor=f"stage-{stage.pk}")


@require_http_methods(["GET", "POST"])
def stage_edit(request, workshop_id, stage_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    stage = room_stage(room, stage_id)
    data = request.POST if request.method == "POST" else None
    form = StageForm(data, initial={"name": stage.name, "customer_goal": stage.customer_goal,
                                    "scenario": stage.scenario}, auto_id=f"id_stage{stage.pk}_%s")
    if data is not None and form.is_valid():
        try:
            services.stage_update(stage=stage, actor=room.actor, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return respond(request, room, stage.journey, "stage_head", stage.pk, anchor=f"stage-{stage.pk}")

    def show(board):
        show_on(board.stage(stage.pk), edit_form=form)

    return respond(request, room, stage.journey, "stage_head", stage.pk, show=show, invalid=bool(form.errors))


@require_POST
def stage_delete(request, workshop_id, stage_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    stage = room_stage(room, stage_id)
    services.stage_delete(stage=stage, actor=room.actor)
    if not request.htmx:
        messages.success(request, _("Deleted the stage “%(name)s”.") % {"name": stage.name})
    return respond(request, room, stage.journey, "board")


@require_POST
def stage_move(request, workshop_id, stage_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    stage = room_stage(room, stage_id)
    try:
        services.stage_move(stage=stage, direction=request.POST.get("direction"), actor=room.actor)
    except ValidationError as error:
        return _one_field_error(request, room, stage.journey, "board", None, error, anchor=f"stage-{stage.pk}")
    return respond(request, room, stage.journey, "board", anchor=f"stage-{stage.pk}")


# --- Touchpoints ----------------------------------------------------------------------------------

@require_POST
def touchpoint_add(request, workshop_id, stage_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    stage = room_stage(room, stage_id)
    form = TouchpointAddForm(request.POST, auto_id=f"id_add{stage.pk}_%s")
    if form.is_valid():
        try:
            touchpoint = services.touchpoint_create(stage=stage, actor=room.actor, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            def show_fresh_form(board):
                board_stage = board.stage(stage.pk)
                show_on(board_stage, add_open=True)  # ready for the next one
                if board_stage is not None:
                    board_stage.add_form.fields["name"].widget.attrs["autofocus"] = True

            if request.htmx:
                return respond(request, room, stage.journey, "stage", stage.pk, show=show_fresh_form)
            return respond(request, room, stage.journey, "stage", stage.pk, anchor=f"tp-{touchpoint.pk}")

    def show(board):
        show_on(board.stage(stage.pk), add_form=form, add_open=True)

    return respond(request, room, stage.journey, "stage", stage.pk, show=show, invalid=True)


@require_GET
def touchpoint_show(request, workshop_id, touchpoint_id):
    """A touchpoint's card as it is (what "Cancel" brings back)."""
    room = access.room_for(request, workshop_id)
    touchpoint = room_touchpoint(room, touchpoint_id)
    return respond(request, room, touchpoint.stage.journey, "touchpoint", touchpoint.pk, anchor=f"tp-{touchpoint.pk}")


@require_http_methods(["GET", "POST"])
def touchpoint_edit(request, workshop_id, touchpoint_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    touchpoint = room_touchpoint(room, touchpoint_id)
    journey = touchpoint.stage.journey
    data = request.POST if request.method == "POST" else None
    form = TouchpointForm.for_touchpoint(touchpoint, journey, data)
    if data is not None and form.is_valid():
        changes = dict(form.cleaned_data)
        stage = changes.pop("stage")
        moving = stage.pk != touchpoint.stage_id
        try:
            services.touchpoint_update(touchpoint=touchpoint, stage=stage, actor=room.actor, **changes)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if moving and request.htmx:
                # It left its column: the board is what changed.
                response = respond(request, room, journey, "board")
                response["HX-Retarget"] = f"#board-{journey.pk}"
                response["HX-Reswap"] = "outerHTML"
                return response
            return respond(request, room, journey, "touchpoint", touchpoint.pk, anchor=f"tp-{touchpoint.pk}")

    def show(board):
        show_on(board.touchpoint(touchpoint.pk), edit_form=form)

    return respond(request, room, journey, "touchpoint", touchpoint.pk, show=show, invalid=bool(form.errors))


@require_POST
def touchpoint_delete(request, workshop_id, touchpoint_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    touchpoint = room_touchpoint(room, touchpoint_id)
    stage = touchpoint.stage
    services.touchpoint_delete(touchpoint=touchpoint, actor=room.actor)
    if not request.htmx:
        messages.success(request, _("Deleted the touchpoint “%(name)s”.") % {"name": touchpoint.name})
    return respond(request, room, stage.journey, "stage", stage.pk, anchor=f"stage-{stage.pk}")


@require_POST
def touchpoint_move(request, workshop_id, touchpoint_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    touchpoint = room_touchpoint(room, touchpoint_id)
    stage = touchpoint.stage
    try:
        services.touchpoint_move(touchpoint=touchpoint, direction=request.POST.get("direction"),
                                  actor=room.actor)
    except ValidationError as error:
        return _one_field_error(request, room, stage.journey, "stage", stage.pk, error, on_stage=stage.pk,
                                anchor=f"tp-{touchpoint.pk}")
    return respond(request, room, stage.journey, "stage", stage.pk, anchor=f"tp-{touchpoint.pk}")


urlpatterns = [
    path("w/<int:workshop_id>/map/stages/add/", stage_add, name="tp_stage_add"),
    path("w/<int:workshop_id>/map/stages/<int:stage_id>/", stage_show, name="tp_stage_show"),
    path("w/<int:workshop_id>/map/stages/<int:stage_id>/edit/", stage_edit, name="tp_stage_edit"),
    path("w/<int:workshop_id>/map/stages/<int:stage_id>/delete/", stage_delete, name="tp_stage_delete"),
    path("w/<int:workshop_id>/map/stages/<int:stage_id>/move/", stage_move, name="tp_stage_move"),
    path("w/<int:workshop_id>/map/stages/<int:stage_id>/touchpoints/add/", touchpoint_add, name="tp_add"),
    path("w/<int:workshop_id>/map/touchpoints/<int:touchpoint_id>/", touchpoint_show, name="tp_show"),
    path("w/<int:workshop_id>/map/touchpoints/<int:touchpoint_id>/edit/", touchpoint_edit, name="tp_edit"),
    path("w/<int:workshop_id>/map/touchpoints/<int:touchpoint_id>/delete/", touchpoint_delete, name="tp_delete"),
    path("w/<int:workshop_id>/map/touchpoints/<int:touchpoint_id>/move/", touchpoint_move, name="tp_move"),
]
