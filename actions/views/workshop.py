"""Views of the workshop's improvements step (step 7). URLs start with w/<int:workshop_id>/improvements/ and
go through workshops.access.room_for: proposing, editing, moving, assigning and the room's status decision
are EDIT (members and up); closing and reopening the workshop are RUN (facilitators and owners).

htmx requests get fragments, always 200 with any errors inside (htmx swaps only 2xx answers): the form, or
the board (matrix, improvements by quadrant, close panel) as the server draws it now. Without htmx every
action answers with a redirect to the room and a message, so it all works without JavaScript.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workshops import access
from workshops import services as workshop_services
from workshops.forms import apply_validation_error, form_saved, int_or_none
from workshops.models import Step
from workshops.responses import form_in_place, fragment_or_redirect, room_url
from workshops.services import room_participant

from ..forms.improvements import (
    AssignForm,
    ImprovementForm,
    MoveForm,
    WorkshopStatusForm,
    initial_for_gap,
    initial_from_query,
)
from ..selectors import improvements_in
from ..services import closing
from ..services import improvements as services
from ..services.plan import eligible_owners
from ..steps import improvements as step

FORM_TEMPLATE = "actions/step/improvement_form.html"
BOARD_TEMPLATE = "actions/step/board.html"
SAVED_TEMPLATE = "actions/step/saved.html"


def _improvement_of(room, improvement_id):
    return get_object_or_404(improvements_in(room.workshop.journey), pk=improvement_id)


def _form(room, data=None, **kwargs):
    return ImprovementForm(data, **step.improvement_form_kwargs(room.workshop.journey), **kwargs)


def _first_error(form):
    return next((error for errors in form.errors.values() for error in errors), "")


def _show_form(request, room, form, *, editing=None, status=200):
    """The form on its own for htmx, else inside the room page (when the room is at this step)."""
    context = {"room": room, "workshop": room.workshop, "improvement_form": form, "editing": editing}
    return form_in_place(request, room, form, template=FORM_TEMPLATE, context=context, step=Step.IMPROVEMENTS,
                         anchor="improvement-form", status=status)


def _board_context(room, **extra):
    return {"room": room, "workshop": room.workshop, **step.board_context(room), **extra}


def _board(request, room, *, improvement=None, form_name=None, form=None, error=None, announce=""):
    """The board as it is now; ``form`` (with its errors) or ``error`` shown on ``improvement``'s card."""
    context = _board_context(room, announce=announce)
    if improvement is not None:
        for item in context["improvements"]:
            if item.pk == improvement.pk:
                if form is not None:
                    setattr(item, form_name, form)
                item.card_error = error
    return render(request, BOARD_TEMPLATE, context)


def _saved(request, room, improvement, text):
    def saved():
        # A fresh form, and the board swapped in out of band: the new mark is on the matrix at once.
        context = {**_board_context(room), "improvement_form": _form(room), "editing": None,
                   "saved_improvement": improvement, "saved_text": text, "oob": True}
        return render(request, SAVED_TEMPLATE, context)

    return fragment_or_redirect(request, saved, room_url(room.workshop, f"improvement-{improvement.pk}"), text)


def _done(request, room, improvement, text, *, announce=""):
    """After a change on a card: the board (htmx), else back to the card with a message."""
    def board():
        return _board(request, room, improvement=improvement, announce=announce or text)

    return fragment_or_redirect(request, board, room_url(room.workshop, f"improvement-{improvement.pk}"), text)


def _refused(request, room, improvement, *, form_name=None, form=None, error=None):
    if request.htmx:
        return _board(request, room, improvement=improvement, form_name=form_name, form=form, error=error)
    messages.error(request, error or _first_error(form))
    return redirect(room_url(room.workshop, f"improvement-{improvement.pk}"))


def _edit_values(form):
    data = form.cleaned_data
    return {name: data[name] for name in ("title", "description", "kpi", "gap", "touchpoints", "impact", "effort")}


@require_GET
def improvement_board(request, workshop_id):
    """The board as it is now (its "Refresh" button: others may have added or moved improvements)."""
    room = access.room_for(request, workshop_id)
    return _board(request, room)


@require_GET
def improvement_new(request, workshop_id):
    """The form: empty, for one gap (``?gap=``), or redrawn after another gap was chosen (``?refresh``)."""
    room = access.room_for(request, workshop_id, access.EDIT)
    kwargs = step.improvement_form_kwargs(room.workshop.journey)
    if "refresh" in request.GET:
        initial = initial_from_query(kwargs, request.GET)
    else:
        initial = initial_for_gap(kwargs, int_or_none(request.GET.get("gap")))
    return _show_form(request, room, ImprovementForm(initial=initial, **kwargs))


@require_POST
def improvement_create(request, workshop_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    form = _form(room, request.POST)
    if form.is_valid():
        try:
            improvement = services.improvement_create(journey=room.workshop.journey, created_by=room_participant(room),
                                                      actor=room.actor, **_edit_values(form))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _saved(request, room, improvement, _("Improvement added."))
    return _show_form(request, room, form, status=400)


@require_http_methods(["GET", "POST"])
def improvement_edit(request, workshop_id, improvement_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    improvement = _improvement_of(room, improvement_id)
    if request.method == "GET":
        kwargs = step.improvement_form_kwargs(room.workshop.journey)
        base = {"title": improvement.title, "description": improvement.description, "kpi": improvement.kpi,
                "gap": improvement.gap_id, "impact": improvement.impact, "effort": improvement.effort,
                "touchpoints": list(improvement.touchpoints.values_list("pk", flat=True))}
        initial = initial_from_query(kwargs, request.GET, base=base)
        return _show_form(request, room, ImprovementForm(initial=initial, **kwargs), editing=improvement)
    form = _form(room, request.POST)
    if form_saved(form, lambda: services.improvement_update(improvement=improvement, actor=room.actor,
                                                            **_edit_values(form))):
        return _saved(request, room, improvement, _("Improvement saved."))
    return _show_form(request, room, form, editing=improvement, status=400)


@require_POST
def improvement_move(request, workshop_id, improvement_id):
    """New impact and effort, from the number inputs or from dragging the mark (which fills them in)."""
    room = access.room_for(request, workshop_id, access.EDIT)
    improvement = _improvement_of(room, improvement_id)
    form = MoveForm(request.POST)
    if form_saved(form, lambda: services.improvement_move(improvement=improvement, impact=form.cleaned_data["impact"],
                                                          effort=form.cleaned_data["effort"])):
        text = _("“%(title)s” is now at impact %(impact)s, effort %(effort)s: %(quadrant)s.") % {
            "title": improvement.title, "impact": improvement.impact, "effort": improvement.effort,
            "quadrant": improvement.quadrant.label}
        return _done(request, room, improvement, text)
    return _refused(request, room, improvement, form_name="move_form", form=form)


@require_POST
def improvement_assign(request, workshop_id, improvement_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    improvement = _improvement_of(room, improvement_id)
    form = AssignForm(request.POST, owners=list(eligible_owners(room.workshop.team)), current_owner=improvement.owner)
    if form_saved(form, lambda: services.improvement_assign(improvement=improvement, owner=form.cleaned_data["owner"],
                                                            deadline=form.cleaned_data["deadline"])):
        return _done(request, room, improvement, _("Owner and deadline of “%(title)s” saved.")
                     % {"title": improvement.title})
    return _refused(request, room, improvement, form_name="assign_form", form=form)


@require_POST
def improvement_status(request, workshop_id, improvement_id):
    """The room's decision: plan an improvement, or take it back to proposed."""
    room = access.room_for(request, workshop_id, access.EDIT)
    improvement = _improvement_of(room, improvement_id)
    form = WorkshopStatusForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.improvement_set_workshop_status(improvement=improvement, status=form.cleaned_data["status"],
                                                     actor=room.actor)
        except ValidationError as exc:
            error = exc.messages[0]
    else:
        error = _first_error(form)
    if error:
        return _refused(request, room, improvement, error=error)
    return _done(request, room, improvement, _("“%(title)s” is now %(status)s.")
                 % {"title": improvement.title, "status": improvement.get_status_display().lower()})


@require_POST
def improvement_delete(request, workshop_id, improvement_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    improvement = _improvement_of(room, improvement_id)
    try:
        services.improvement_delete(improvement=improvement, actor=room.actor)
    except ValidationError as exc:
        return _refused(request, room, improvement, error=exc.messages[0])
    text = _("Improvement deleted: “%(title)s”.") % {"title": improvement.title}
    if request.htmx:
        return _board(request, room, announce=text)
    messages.success(request, text)
    return redirect(room_url(room.workshop, "improvements-board"))


@require_POST
def workshop_close(request, workshop_id):
    """The facilitator closes the workshop; refused, with what is missing, while a planned improvement lacks
    an owner or a deadline."""
    room = access.room_for(request, workshop_id, access.RUN)
    try:
        closing.workshop_close(workshop=room.workshop)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(room_url(room.workshop, "workshop-close"))
    messages.success(request, _("The workshop is closed. The improvements live on in the action plan."))
    return redirect(room_url(room.workshop))


@require_POST
def workshop_reopen(request, workshop_id):
    room = access.room_for(request, workshop_id, access.RUN)
    workshop_services.workshop_reopen(workshop=room.workshop)
    messages.success(request, _("The workshop is open again for contributions."))
    return redirect(room_url(room.workshop))


urlpatterns = [
    path("w/<int:workshop_id>/improvements/new/", improvement_new, name="room_improvement_new"),
    path("w/<int:workshop_id>/improvements/", improvement_create, name="room_improvement_create"),
    path("w/<int:workshop_id>/improvements/board/", improvement_board, name="room_improvement_board"),
    path("w/<int:workshop_id>/improvements/close/", workshop_close, name="workshop_close"),
    path("w/<int:workshop_id>/improvements/reopen/", workshop_reopen, name="workshop_reopen"),
    path("w/<int:workshop_id>/improvements/<int:improvement_id>/edit/", improvement_edit, name="room_improvement_edit"),
    path("w/<int:workshop_id>/improvements/<int:improvement_id>/move/", improvement_move, name="room_improvement_move"),
    path("w/<int:workshop_id>/improvements/<int:improvement_id>/assign/", improvement_assign,
         name="room_improvement_assign"),
    path("w/<int:workshop_id>/improvements/<int:improvement_id>/status/", improvement_status,
         name="room_improvement_status"),
    path("w/<int:workshop_id>/improvements/<int:improvement_id>/delete/", improvement_delete,
         name="room_improvement_delete"),
]
