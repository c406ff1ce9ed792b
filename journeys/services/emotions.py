"""Writes of the emotions step: scoring a touchpoint, and rose / bud / thorn notes.

The room and the API write through here alike, so both keep the rule of a closed workshop: only its facilitators
(and owners) still add or change scores and notes. ``role`` is the writer's team role; None is a guest, who
writes only while the workshop is open.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from workshops.access import takes_contributions
from workshops.models import Workshop

from ..models import SCORE_MAX, SCORE_MIN, EmotionRating, Note, NoteKind

COMMENT_MAX = EmotionRating._meta.get_field("comment").max_length
NOTE_MAX = Note._meta.get_field("text").max_length


def _check_in_journey(*, journey_id, touchpoint, participant):
    if touchpoint.stage.journey_id != journey_id:
        raise ValidationError({"touchpoint": _("This touchpoint is not part of this journey.")})
    if participant.workshop.journey_id != journey_id:
        raise ValidationError({"participant": _("This participant is not in this journey's workshop.")})


def check_takes_contributions(*, workshop, role):
    """Refuse a score or note written by ``role`` when ``workshop`` is closed to it (workshops.access's rule).
    ``workshop`` None: a journey without a workshop has nothing to close."""
    if workshop is not None and not takes_contributions(workshop, role):
        raise ValidationError(_("The workshop is closed: only its facilitators can still add or change scores "
                                "and notes."))


def workshop_of_touchpoint(touchpoint_id):
    """The workshop of the touchpoint's journey (of the current journey for a touchpoint of the ideal one), or
    None. One query."""
    return Workshop.objects.filter(Q(journey__stages__touchpoints=touchpoint_id)
                                   | Q(journey__ideal__stages__touchpoints=touchpoint_id)).first()


@transaction.atomic
def emotion_rating_save(*, measurement, touchpoint, participant, score, comment="", role=None):
    """Score ``touchpoint`` for ``participant`` in ``measurement``: a first score, or a new one replacing it,
    written by someone with ``role`` (None: the guest ``participant`` themselves).

    One INSERT … ON CONFLICT DO UPDATE on the (measurement, touchpoint, participant) constraint, never a
    read followed by a write: thirty people tapping at once (or one person tapping twice) cannot create a
    duplicate, fail on the constraint or lose a score, on PostgreSQL and SQLite alike.
    """
    if isinstance(score, bool) or not isinstance(score, int) or not SCORE_MIN <= score <= SCORE_MAX:
        raise ValidationError({"score": _("Choose a score from −5 to +5.")})
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError({"comment": _("Keep the comment to %(max)d characters.") % {"max": COMMENT_MAX}})
    _check_in_journey(journey_id=measurement.journey_id, touchpoint=touchpoint, participant=participant)
    check_takes_contributions(workshop=participant.workshop, role=role)
    rating = EmotionRating(measurement=measurement, touchpoint=touchpoint, participant=participant,
                           score=score, comment=comment)
    (rating,) = EmotionRating.objects.bulk_create(
        [rating], update_conflicts=True, unique_fields=["measurement", "touchpoint", "participant"],
        update_fields=["score", "comment", "updated_at"],
    )
    return rating


@transaction.atomic
def note_create(*, touchpoint, participant, kind, text, role=None):
    """A note by ``participant`` in the room, or (``participant`` None) one written through the API."""
    text = " ".join((text or "").split())
    errors = {}
    if kind not in NoteKind.values:
        errors["kind"] = _("Choose rose, bud or thorn.")
    if not text:
        errors["text"] = _("Write the note first.")
    elif len(text) > NOTE_MAX:
        errors["text"] = _("Keep the note to %(max)d characters.") % {"max": NOTE_MAX}
    if errors:
        raise ValidationError(errors)
    if participant is not None:
        _check_in_journey(journey_id=participant.workshop.journey_id, touchpoint=touchpoint,
                          participant=participant)
    workshop = participant.workshop if participant is not None else workshop_of_touchpoint(touchpoint.pk)
    check_takes_contributions(workshop=workshop, role=role)
    return Note.objects.create(touchpoint=touchpoint, participant=participant, kind=kind, text=text)


@transaction.atomic
def note_delete(*, note, participant):
    """A participant deletes a note of their own; anyone else's stays."""
    if participant is None or note.participant_id != participant.pk:
        raise PermissionDenied
    note.delete()
