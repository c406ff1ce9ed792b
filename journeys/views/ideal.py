"""Views of the ideal-journey step. Editing the ideal's stages and touchpoints goes through the views of
the touchpoints step (they serve the room's current journey and its ideal alike); here: starting the
ideal, adding a stage to it, and a touchpoint's target emotion."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workshops import access
from workshops.forms import form_saved

from ..forms.ideal import TargetEmotionForm
from ..selectors import ideal_touchpoints_in
from ..services.ideal import ideal_journey_create, touchpoint_set_target
from .touchpoints import respond, show_on, stage_add


@require_POST
def ideal_create(request, workshop_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    _ideal, created = ideal_journey_create(journey=room.workshop.journey, actor=room.actor)
    if created:
        messages.success(request, _("The ideal journey starts as a copy of the current one. Now make it better."))
    else:
        messages.info(request, _("The ideal journey already exists: here it is."))
    return redirect("workshops:room", workshop_id=room.workshop.pk)


@require_POST
def ideal_target(request, workshop_id, touchpoint_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    touchpoint = get_object_or_404(ideal_touchpoints_in(room.workshop.journey), pk=touchpoint_id)
    journey = touchpoint.stage.journey
    form = TargetEmotionForm(request.POST, auto_id=f"id_target{touchpoint.pk}_%s")
    if form_saved(form, lambda: touchpoint_set_target(
            touchpoint=touchpoint, target_emotion=form.cleaned_data["target_emotion"], actor=room.actor)):
        return respond(request, room, journey, "touchpoint", touchpoint.pk, anchor=f"tp-{touchpoint.pk}")

    def show(board):
        show_on(board.touchpoint(touchpoint.pk), target_form=form)

    return respond(request, room, journey, "touchpoint", touchpoint.pk, show=show, invalid=True)


urlpatterns = [
    path("w/<int:workshop_id>/ideal/create/", ideal_create, name="ideal_create"),
    path("w/<int:workshop_id>/ideal/stages/add/", stage_add, {"ideal": True}, name="ideal_stage_add"),
    path("w/<int:workshop_id>/ideal/touchpoints/<int:touchpoint_id>/target/", ideal_target, name="ideal_target"),
]
