"""Views of the emotions step. URLs all start with w/<int:workshop_id>/ and go through workshops.access.room_for.

Scores and notes come from everyone who may RATE: members and guests, while the workshop is open.
An htmx request gets the touchpoint's re-rendered part back (200, errors inside it); a plain form post
is redirected back to the touchpoint in the room, with a message when something was refused.
"""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from workshops import access
from workshops.forms import apply_validation_error
from workshops.responses import fragment_or_redirect
from workshops.services import room_participant

from ..forms.emotions import EmotionRatingForm, NoteForm
from ..selectors import notes_in, scoring_measurement, touchpoints_in
from ..services import emotions as services
from ..steps.emotions import emotions_page


def _touchpoint(room, touchpoint_id):
    return get_object_or_404(touchpoints_in(room.workshop.journey), pk=touchpoint_id)


def _back_to(room, touchpoint, request):
    """The room, at this touchpoint; on a phone, still showing it (``?tp=`` as the form sent it)."""
    url = reverse("workshops:room", args=[room.workshop.pk])
    index = request.POST.get("tp", "")
    if re.fullmatch(r"[0-9]{1,4}", index):
        url += f"?tp={index}"
    return f"{url}#tp-{touchpoint.pk}"


def _refusal(touchpoint, form):
    """What a page without htmx shows after a refused score or note: the touchpoint and the first error."""
    return f"{touchpoint.name}: {_first_error(form)}" if form.errors else None


def _first_error(form):
    return next(iter(form.errors.values()))[0]


@require_POST
def emotion_score(request, workshop_id, touchpoint_id):
    room = access.room_for(request, workshop_id, access.RATE)
    touchpoint = _touchpoint(room, touchpoint_id)
    # The baseline, or during a review the review's round: a score never lands in a finished round, nor in
    # the baseline once a review has started (a screen left open from before gets the reason, not a score).
    measurement = scoring_measurement(room.workshop.journey)
    form = EmotionRatingForm(request.POST)
    if form.is_valid() and measurement is None:
        form.add_error(None, services.no_round_message())
    elif form.is_valid():
        try:
            services.emotion_rating_save(measurement=measurement, touchpoint=touchpoint,
                                         participant=room_participant(room), score=form.cleaned_data["score"],
                                         comment=form.cleaned_data["comment"], actor=room.actor, order=form.order)
        except ValidationError as error:
            apply_validation_error(form, error)

    def score_answer():
        # After the write: my score (this one, or a later choice that stays), the room's numbers and the curve as
        # they are now. The page shows only the answer to its latest choice (static/js/klantreis.js).
        page = emotions_page(room)
        row = page.row_for(touchpoint.pk)
        if form.errors:
            row.selected = form.cleaned_data.get("score", row.selected)
            row.comment_value = request.POST.get("comment", "")
            row.score_errors = form.errors.get("score", [])
            row.comment_errors = form.errors.get("comment", []) + form.non_field_errors()
        else:
            row.saved = True
        return render(request, "journeys/partials/emotions_score_saved.html",
                      {"room": room, "workshop": room.workshop, "emotions": page, "row": row})

    return fragment_or_redirect(request, score_answer, _back_to(room, touchpoint, request),
                                _refusal(touchpoint, form), level=messages.ERROR)


@require_POST
def emotion_note_add(request, workshop_id, touchpoint_id):
    room = access.room_for(request, workshop_id, access.RATE)
    touchpoint = _touchpoint(room, touchpoint_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_create(touchpoint=touchpoint, participant=room_participant(room),
                                 kind=form.cleaned_data["kind"], text=form.cleaned_data["text"], actor=room.actor)
        except ValidationError as error:
            apply_validation_error(form, error)
    def notes():
        return _notes_fragment(request, room, touchpoint, form if form.errors else None)

    return fragment_or_redirect(request, notes, _back_to(room, touchpoint, request), _refusal(touchpoint, form),
                                level=messages.ERROR)


@require_POST
def emotion_note_delete(request, workshop_id, note_id):
    room = access.room_for(request, workshop_id, access.RATE)
    note = get_object_or_404(notes_in(room.workshop.journey), pk=note_id)
    services.note_delete(note=note, actor=room.actor)  # 403 for another's note
    return fragment_or_redirect(request, lambda: _notes_fragment(request, room, note.touchpoint, None),
                                _back_to(room, note.touchpoint, request))


def _notes_fragment(request, room, touchpoint, form):
    page = emotions_page(room)
    row = page.row_for(touchpoint.pk)
    row.note_form = form
    return render(request, "journeys/partials/emotions_notes.html",
                  {"room": room, "workshop": room.workshop, "emotions": page, "row": row})


urlpatterns = [
    path("w/<int:workshop_id>/emotions/touchpoints/<int:touchpoint_id>/score/", emotion_score,
         name="emotion_score"),
    path("w/<int:workshop_id>/emotions/touchpoints/<int:touchpoint_id>/notes/", emotion_note_add,
         name="emotion_note_add"),
    path("w/<int:workshop_id>/emotions/notes/<int:note_id>/delete/", emotion_note_delete,
         name="emotion_note_delete"),
]
