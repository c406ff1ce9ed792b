"""Views of the gaps step. URLs all start with w/<int:workshop_id>/ and go through workshops.access.room_for.

Writing gaps is EDIT (members and up), dot voting is RATE (guests too), the dots per participant is RUN.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workshops import access
from workshops.forms import apply_validation_error
from workshops.models import Step
from workshops.responses import form_in_place, fragment_or_redirect, room_url
from workshops.services import room_participant

from ..forms.gaps import GapForm, VotesPerParticipantForm
from ..selectors import gap_touchpoint_ids, gaps_in, journey_stages, voting_summary
from ..services import gaps as services
from ..steps import gaps as step


def _gap_form(room, data=None, **kwargs):
    journey = room.workshop.journey
    return GapForm(data, stages=journey_stages(journey), journey=journey,
                   hint_url=reverse("journeys:gap_hint", args=[room.workshop.pk]), **kwargs)


def _gap_of(room, gap_id):
    return get_object_or_404(gaps_in(room.workshop.journey), pk=gap_id)


def _show_form(request, room, form, *, editing=None, status=200):
    """The gap form on its own for htmx, else inside the room page (when the room is at this step)."""
    context = {"room": room, "workshop": room.workshop, "gap_form": form, "editing": editing}
    return form_in_place(request, room, form, template="journeys/partials/gaps_form.html", context=context,
                         step=Step.GAPS, status=status)


def _saved(request, room, gap, text):
    def saved():
        # A fresh form, and the list and suggestions swapped in out of band: no reload, nothing typed is lost.
        gap.reads_like_solution = services.looks_like_solution(gap.problem)
        context = {"room": room, "workshop": room.workshop, **step.room_context(room), "saved_gap": gap,
                   "saved_text": text, "oob": True}
        return render(request, "journeys/partials/gaps_saved.html", context)

    response = fragment_or_redirect(request, saved, room_url(room.workshop, f"gap-{gap.pk}"), text)
    if not request.htmx and services.looks_like_solution(gap.problem):
        messages.warning(request, _("“%(problem)s” reads like a solution. Could you word it as what the customer "
                                    "lacks or runs into?") % {"problem": gap.problem})
    return response


@require_GET
def gap_new(request, workshop_id):
    """The gap form, empty or filled in from a suggestion ("Write as a gap")."""
    room = access.room_for(request, workshop_id, access.EDIT)
    initial = step.suggestion_initial(room.workshop.journey, request.GET)
    return _show_form(request, room, _gap_form(room, initial=initial))


@require_POST
def gap_create(request, workshop_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    form = _gap_form(room, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            gap = services.gap_create(
                journey=room.workshop.journey, problem=data["problem"], description=data["description"],
                touchpoints=data["touchpoints"], origin=data["origin"], ideal_touchpoint=data["ideal_touchpoint"],
                actor=room.actor,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _saved(request, room, gap, _("Gap added."))
    return _show_form(request, room, form, status=400)


@require_http_methods(["GET", "POST"])
def gap_edit(request, workshop_id, gap_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    gap = _gap_of(room, gap_id)
    if request.method == "GET":
        initial = {"problem": gap.problem, "description": gap.description, "origin": gap.origin,
                   "touchpoints": gap_touchpoint_ids(gap)}
        return _show_form(request, room, _gap_form(room, initial=initial), editing=gap)
    form = _gap_form(room, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.gap_update(gap=gap, problem=data["problem"], description=data["description"],
                                touchpoints=data["touchpoints"], actor=room.actor)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _saved(request, room, gap, _("Gap saved."))
    return _show_form(request, room, form, editing=gap, status=400)


@require_POST
def gap_delete(request, workshop_id, gap_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    gap = _gap_of(room, gap_id)
    services.gap_delete(gap=gap, actor=room.actor)
    messages.success(request, _("Gap deleted: “%(problem)s”.") % {"problem": gap.problem})
    return redirect(room_url(room.workshop, "gap-list"))


@require_GET
def gap_hint(request, workshop_id):
    """Polled while someone types a problem: the gentle hint when it reads like a solution."""
    room = access.room_for(request, workshop_id, access.EDIT)
    return render(request, "journeys/partials/gaps_hint.html",
                  {"room": room, "show_hint": services.looks_like_solution(request.GET.get("problem", ""))})


@require_GET
def gap_list(request, workshop_id):
    """The ranked gaps with everyone's dots, as they are now (the "Refresh" button of the list)."""
    room = access.room_for(request, workshop_id)
    context = {"room": room, "workshop": room.workshop, **_list_context(room)}
    return render(request, "journeys/partials/gaps_list.html", context)


def _list_context(room):
    gaps = step.ranked_gaps(room.workshop.journey, participant=room.participant)
    return {"gaps": gaps, "dots": step.dots_state(room, gaps), "voting": voting_summary(room.workshop)}


@require_POST
def gap_vote(request, workshop_id, gap_id):
    """One dot on (``dots=add``) or off (``dots=remove``) a gap for the participant in the room."""
    room = access.room_for(request, workshop_id, access.RATE)
    if not room.workshop.is_open:
        raise PermissionDenied  # facilitators may edit a closed workshop, but voting is over
    gap = _gap_of(room, gap_id)
    participant = room_participant(room)
    error = None
    try:
        if request.POST.get("dots") == "add":
            services.gap_vote_add(gap=gap, participant=participant)
        elif request.POST.get("dots") == "remove":
            if not services.gap_vote_remove(gap=gap, participant=participant):
                error = _("You have no dot on this gap.")
        else:
            error = _("Choose + or − to place or take back a dot.")
    except ValidationError as exc:
        error = exc.messages[0]

    def vote_answer():
        # The gap's own row (it keeps its place until the list is updated, so nothing jumps under a finger)
        # and, out of band, the dots left and how many people have voted.
        shown = step.ranked_gaps(room.workshop.journey, participant=participant, pk=gap.pk)[0]
        used = services.dots_used(participant, room.workshop.journey_id)
        dots = step.dots_state(room, used=used)
        # Read out by the room's live region; an error is read out where it is shown (role="alert").
        announce = None if error else step.vote_announcement(shown, dots, added=request.POST.get("dots") == "add")
        context = {"room": room, "workshop": room.workshop, "gap": shown, "dots": dots, "vote_error": error,
                   "voting": voting_summary(room.workshop), "oob_dots": True, "announce": announce}
        return render(request, "journeys/partials/gaps_vote_answer.html", context)

    return fragment_or_redirect(request, vote_answer, room_url(room.workshop, f"gap-{gap.pk}"), error,
                                level=messages.ERROR)


@require_POST
def gap_votes_setting(request, workshop_id):
    """The facilitator sets how many dots each participant may spread."""
    room = access.room_for(request, workshop_id, access.RUN)
    form = VotesPerParticipantForm(request.POST)
    if form.is_valid():
        services.workshop_set_votes_per_participant(workshop=room.workshop,
                                                    votes=form.cleaned_data["votes_per_participant"])
        messages.success(request, _("Each participant now has %(count)s dots.")
                         % {"count": room.workshop.votes_per_participant})
    else:
        messages.error(request, form.errors["votes_per_participant"][0])
    return redirect(room_url(room.workshop, "gap-dots-setting"))


urlpatterns = [
    path("w/<int:workshop_id>/gaps/new/", gap_new, name="gap_new"),
    path("w/<int:workshop_id>/gaps/", gap_create, name="gap_create"),
    path("w/<int:workshop_id>/gaps/hint/", gap_hint, name="gap_hint"),
    path("w/<int:workshop_id>/gaps/list/", gap_list, name="gap_list"),
    path("w/<int:workshop_id>/gaps/dots/", gap_votes_setting, name="gap_votes_setting"),
    path("w/<int:workshop_id>/gaps/<int:gap_id>/edit/", gap_edit, name="gap_edit"),
    path("w/<int:workshop_id>/gaps/<int:gap_id>/delete/", gap_delete, name="gap_delete"),
    path("w/<int:workshop_id>/gaps/<int:gap_id>/dots/", gap_vote, name="gap_vote"),
]
