"""Writes of the emotions step: scoring a touchpoint, and rose / bud / thorn notes.

The room and the API write through here alike, each passing the ``actor`` who writes
(``workshops.access.Actor``), so both keep the room's two rules:

- a closed workshop takes scores and notes from its facilitators (and owners) only (``workshops.access.check``,
  ``RATE``): a guest writes only while the workshop is open;
- only the current round takes scores (``selectors.room_rounds``: an open review's round, else the baseline
  until the first review starts, after that none): a score never lands in, changes in or leaves another round,
  whoever writes it, so the baseline the reviews compare with stays as it was.

And one the room keeps by itself (everyone there scores as themselves): through the API a member writes only
their own participant's scores, facilitators and owners anyone's (``access.SPEAK_FOR``); and changes or deletes
only notes they wrote, facilitators and owners anyone's (``access.CHANGE_NOTE``; in the room a participant deletes
only their own).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workshops import access
from workshops.limits import REMARK_MAX

from ..models import SCORE_MAX, SCORE_MIN, EmotionRating, Note, NoteKind
from ..selectors import scoring_measurement

# The room's note form says this too, for an empty note: written once, here.
NOTE_MISSING = gettext_lazy("Write the note first.")


def _check_in_journey(*, journey_id, touchpoint, participant):
    if touchpoint.stage.journey_id != journey_id:
        raise ValidationError({"touchpoint": _("This touchpoint is not part of this journey.")})
    if participant.workshop.journey_id != journey_id:
        raise ValidationError({"participant": _("This participant is not in this journey's workshop.")})


def no_round_message():
    """Why no score is taken: no round takes scores now (translated when asked for)."""
    return _("No round takes scores now: the baseline takes them until the first quarterly review starts, and "
             "after that only a review that is in progress does. The rounds already scored stay as they are.")


def _check_current_round(measurement):
    """Refuse a new score in any round but the one the room scores into now. One query."""
    current = scoring_measurement(measurement.journey_id)
    if current is None:
        raise ValidationError({"measurement": no_round_message()})
    if current.pk != measurement.pk:
        raise ValidationError({"measurement": _("Only the current round takes scores: measurement %(id)s "
                                                "(%(label)s).") % {"id": current.pk, "label": current}})


def _check_rating_changeable(rating, actor):
    """A score changes or goes only in the current round, on a closed workshop only by its facilitators, and
    through the API only by its participant or a facilitator."""
    current = scoring_measurement(rating.measurement.journey_id)
    if current is None:
        raise ValidationError(no_round_message())
    if current.pk != rating.measurement_id:
        raise ValidationError(_("This score is not in the current round: only the current round's scores can "
                                "still be changed or deleted."))
    access.check(actor, access.RATE, rating.participant.workshop)
    access.check(actor, access.SPEAK_FOR, rating.participant)


@dataclass(frozen=True)
class ChoiceOrder:
    """Where a score stands among the choices one room page sent: ``page`` (a random id the page made when it
    loaded) and ``number`` (1, 2, 3, … on that page, across its touchpoints).

    Someone pressing the arrow keys sends a score per press; the answers, and the requests themselves (two web
    workers, a retry), may arrive in any order. Within one page the higher number is the later choice. Between
    two pages (two tabs, a reload, a phone beside the laptop) nothing says which choice came later, so there the
    one that arrives last wins."""

    page: str
    number: int


@transaction.atomic
def emotion_rating_save(*, measurement, touchpoint, participant, score, comment="", actor, order=None):
    """Score ``touchpoint`` for ``participant`` in ``measurement``: a first score, or a new one replacing it,
    written by ``actor`` (in the room ``participant`` themselves; through the API a member for their own
    participant, a facilitator for anyone). ``order``: the room page's
    ``ChoiceOrder`` of this score; an older choice than the one stored is acknowledged and not saved.

    Returns the score as stored now: this one, or the newer choice that stays.

    Without ``order`` (the API, a form without script): one INSERT … ON CONFLICT DO UPDATE on the (measurement,
    touchpoint, participant) constraint, never a read followed by a write: thirty people tapping at once (or one
    person tapping twice) cannot create a duplicate, fail on the constraint or lose a score, on PostgreSQL and
    SQLite alike. With ``order``: see ``_save_in_order``.
    """
    if isinstance(score, bool) or not isinstance(score, int) or not SCORE_MIN <= score <= SCORE_MAX:
        raise ValidationError({"score": _("Choose a score from −5 to +5.")})
    comment = (comment or "").strip()
    if len(comment) > REMARK_MAX:
        raise ValidationError({"comment": _("Keep the comment to %(max)d characters.") % {"max": REMARK_MAX}})
    _check_in_journey(journey_id=measurement.journey_id, touchpoint=touchpoint, participant=participant)
    access.check(actor, access.RATE, participant.workshop)
    _check_current_round(measurement)
    access.check(actor, access.SPEAK_FOR, participant)
    if order is not None:
        return _save_in_order(measurement=measurement, touchpoint=touchpoint, participant=participant,
                              score=score, comment=comment, order=order)
    rating = EmotionRating(measurement=measurement, touchpoint=touchpoint, participant=participant,
                           score=score, comment=comment)
    # The page's numbering stays as it was (update_fields leaves it out): a page's older choice still arriving
    # after this one is still older than the choice that page sent last.
    (rating,) = EmotionRating.objects.bulk_create(
        [rating], update_conflicts=True, unique_fields=["measurement", "touchpoint", "participant"],
        update_fields=["score", "comment", "updated_at"],
    )
    return rating


def _save_in_order(*, measurement, touchpoint, participant, score, comment, order):
    """Save the score unless the stored one is a later choice of the same page (``ChoiceOrder``).

    The rule is a condition of the UPDATE itself, so the database applies it to the row as it is when the
    UPDATE gets it, whoever wrote it a moment before: PostgreSQL re-checks the WHERE of an UPDATE that waited
    for another transaction's row lock against the row that transaction left; SQLite lets one writer in at a
    time (IMMEDIATE transactions). When there is no row yet, INSERT … ON CONFLICT DO NOTHING makes it or finds
    the one a concurrent request just made, and the conditional UPDATE runs once more against that. Two to four
    queries; any number of web workers and requests, in any order, leave the page's highest number stored.
    """
    key = {"measurement": measurement, "touchpoint": touchpoint, "participant": participant}
    values = {"score": score, "comment": comment, "client_page": order.page, "client_seq": order.number}
    later_than_stored = ~Q(client_page=order.page) | Q(client_seq__isnull=True) | Q(client_seq__lt=order.number)

    def update():
        return EmotionRating.objects.filter(later_than_stored, **key).update(**values, updated_at=timezone.now())

    if not update():
        EmotionRating.objects.bulk_create([EmotionRating(**key, **values)], ignore_conflicts=True)
        update()  # a row another request inserted in between: this choice may still be the later one
    return EmotionRating.objects.get(**key)


@transaction.atomic
def emotion_rating_update(*, rating, actor, score=None, comment=None):
    """Change a score (the API's PATCH, by ``actor``; in the room a new score replaces the old one through
    ``emotion_rating_save``). None leaves a field as it is."""
    _check_rating_changeable(rating, actor)
    if score is not None:
        if isinstance(score, bool) or not isinstance(score, int) or not SCORE_MIN <= score <= SCORE_MAX:
            raise ValidationError({"score": _("Choose a score from −5 to +5.")})
        rating.score = score
    if comment is not None:
        comment = comment.strip()
        if len(comment) > REMARK_MAX:
            raise ValidationError({"comment": _("Keep the comment to %(max)d characters.") % {"max": REMARK_MAX}})
        rating.comment = comment
    rating.save(update_fields=["score", "comment", "updated_at"])
    return rating


@transaction.atomic
def emotion_rating_delete(*, rating, actor):
    """Delete a score (the API's; the room has no such button)."""
    _check_rating_changeable(rating, actor)
    rating.delete()


def _clean_note(kind, text):
    text = " ".join((text or "").split())
    errors = {}
    if kind not in NoteKind.values:
        errors["kind"] = _("Choose rose, bud or thorn.")
    if not text:
        errors["text"] = NOTE_MISSING
    elif len(text) > REMARK_MAX:
        errors["text"] = _("Keep the note to %(max)d characters.") % {"max": REMARK_MAX}
    if errors:
        raise ValidationError(errors)
    return text


@transaction.atomic
def note_create(*, touchpoint, participant, kind, text, actor):
    """A note by ``participant`` in the room (its author their user, None for a guest), or (``participant``
    None) one written through the API by ``actor``'s user."""
    text = _clean_note(kind, text)
    if participant is not None:
        _check_in_journey(journey_id=participant.workshop.journey_id, touchpoint=touchpoint,
                          participant=participant)
    workshop = participant.workshop if participant is not None else access.workshop_of(touchpoint=touchpoint.pk)
    access.check(actor, access.RATE, workshop)
    author = participant.user if participant is not None else actor.user
    return Note.objects.create(touchpoint=touchpoint, participant=participant, author=author, kind=kind, text=text)


@transaction.atomic
def note_update(*, note, actor, kind=None, text=None):
    """Change a note's kind or text (the API's: its author or a facilitator; the room has no such button). None
    leaves a field as it is."""
    access.check(actor, access.RATE, access.workshop_of(touchpoint=note.touchpoint_id))
    access.check(actor, access.CHANGE_NOTE, note)
    note.text = _clean_note(kind or note.kind, note.text if text is None else text)
    note.kind = kind or note.kind
    note.save(update_fields=["kind", "text"])
    return note


@transaction.atomic
def note_delete(*, note, actor):
    """Delete a note: in the room a participant deletes a note of their own (anyone else's stays); through the
    API its author, or a facilitator anyone's (``access.CHANGE_NOTE``). Once the workshop is closed only its
    facilitators' go (the workshop is read again here: the room's copy may be from before someone closed it)."""
    access.check(actor, access.RATE, access.workshop_of(touchpoint=note.touchpoint_id))
    access.check(actor, access.CHANGE_NOTE, note)
    note.delete()
