"""Writes of the gaps step: problem statements on the current journey, dot votes, dots per participant.

Each service validates and runs in one transaction. Dot votes are counted under a lock on the
participant's row, so quick clicks from two tabs (or two web workers) can never exceed the limit.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workshops.models import Participant, Workshop

from ..models import Gap, GapOrigin, GapVote
from . import check_may_edit

VOTES_MIN, VOTES_MAX = 1, 20

# What the room's forms (a gap's, an improvement's) say for the same rule: written once, here.
PROBLEM_MISSING = gettext_lazy("Describe the problem the customer runs into.")
TOUCHPOINTS_OF_THIS_JOURNEY = gettext_lazy("Choose touchpoints of this journey.")

# A problem statement names what the customer lacks or experiences. These openings announce a
# solution instead ("we should…", "build…"); the room gets a gentle hint, nothing is refused.
# "Een nieuwe klant …" is a person, not a plan: those nouns are left out.
_SOLUTION_OPENINGS = re.compile(
    r"""^[\s"'“‘«(\-–—•*]*(?:
        (?:we|wij)\s+(?:moeten|gaan|zouden|willen|kunnen)\b
      | laten\s+we\b
      | een\s+nieuwe?\b(?!\s+(?:klant|klanten|gebruiker|gebruikers|abonnee|abonnees|bezoeker|bezoekers|medewerker))
      | (?:introduceer|introduceren|bouw|bouwen|lanceer|lanceren|implementeer|implementeren|ontwikkel|ontwikkelen
         |voeg|toevoegen|maak|zorg\s+(?:dat|ervoor|voor))\b
      | we\s+(?:should|need\s+to|must|will|could|have\s+to|ought\s+to)\b
      | let'?s\b
      | (?:build|add|introduce|launch|create|implement|develop|install|set\s+up|make)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def looks_like_solution(text):
    """True when ``text`` opens like a solution ("We should add…") rather than a problem."""
    return bool(_SOLUTION_OPENINGS.match(text or ""))


def _clean_problem(problem):
    problem = " ".join((problem or "").split())
    if not problem:
        raise ValidationError({"problem": PROBLEM_MISSING})
    return problem


def _check_touchpoints(journey, touchpoints):
    foreign = [touchpoint for touchpoint in touchpoints if touchpoint.stage.journey_id != journey.pk]
    if foreign:
        raise ValidationError({"touchpoints": TOUCHPOINTS_OF_THIS_JOURNEY})


def _check_ideal_touchpoint(journey, ideal_touchpoint):
    """A gap written from a touchpoint that is new in the ideal journey remembers that touchpoint."""
    if ideal_touchpoint is None:
        return
    stage_journey = ideal_touchpoint.stage.journey
    if stage_journey.ideal_of_id != journey.pk or ideal_touchpoint.source_id is not None:
        raise ValidationError(_("This suggestion is not part of this journey's ideal version."))


@transaction.atomic
def gap_create(*, journey, problem, description="", touchpoints=(), origin=GapOrigin.TEAM, ideal_touchpoint=None,
               actor):
    """A problem statement on the current ``journey``, linked to its ``touchpoints``.

    ``ideal_touchpoint`` (only with origin "new"): the ideal journey's new touchpoint this gap was written
    from. It is linked too, so that suggestion shows as used; it is the only link outside the journey.
    """
    if journey.is_ideal:
        raise ValidationError({"journey": _("Gaps belong to the current journey, not to its ideal version.")})
    check_may_edit(actor, journey=journey.pk)
    touchpoints = list(touchpoints)
    _check_touchpoints(journey, touchpoints)
    if origin != GapOrigin.NEW:
        ideal_touchpoint = None
    _check_ideal_touchpoint(journey, ideal_touchpoint)
    gap = Gap(journey=journey, problem=_clean_problem(problem), description=(description or "").strip(),
              origin=origin)
    gap.full_clean()
    gap.save()
    gap.touchpoints.set(touchpoints + ([ideal_touchpoint] if ideal_touchpoint else []))
    return gap


@transaction.atomic
def gap_update(*, gap, problem, description="", touchpoints=(), actor):
    """Reword a gap or change its touchpoints. Its origin, and its link to an ideal touchpoint, stay."""
    check_may_edit(actor, journey=gap.journey_id)
    touchpoints = list(touchpoints)
    _check_touchpoints(gap.journey, touchpoints)
    gap.problem = _clean_problem(problem)
    gap.description = (description or "").strip()
    gap.full_clean()
    gap.save(update_fields=["problem", "description"])
    kept = list(gap.touchpoints.exclude(stage__journey=gap.journey))
    gap.touchpoints.set(touchpoints + kept)
    return gap


@transaction.atomic
def gap_delete(*, gap, actor):
    """Delete a gap; its dots go back to the participants who placed them."""
    check_may_edit(actor, journey=gap.journey_id)
    gap.delete()


# --- Dot voting -----------------------------------------------------------------------------------

def _locked_participant(participant):
    """The participant's row, locked until the transaction ends, with its workshop as it is now.

    Every change to one participant's dots goes through this lock, so counting their dots and adding
    one is a single step even when two requests arrive at the same moment.
    """
    locked = (
        Participant.objects.select_for_update(of=("self",)).select_related("workshop")
        .get(pk=participant.pk)
    )
    if not locked.workshop.is_open:
        raise ValidationError(_("The workshop is closed: voting has ended."))
    return locked


def dots_used(participant, journey):
    return GapVote.objects.filter(participant=participant, gap__journey=journey).aggregate(
        used=Sum("dots"))["used"] or 0


@transaction.atomic
def gap_vote_add(*, gap, participant):
    """Put one of ``participant``'s dots on ``gap``. Refused when they have none left."""
    locked = _locked_participant(participant)
    workshop = locked.workshop
    if gap.journey_id != workshop.journey_id:
        raise ValidationError(_("This gap is not part of your workshop."))
    if dots_used(locked, workshop.journey_id) >= workshop.votes_per_participant:
        raise ValidationError(
            _("You have used all your %(count)s dots. Take one back from another gap first.")
            % {"count": workshop.votes_per_participant}
        )
    vote, created = GapVote.objects.get_or_create(gap=gap, participant=locked, defaults={"dots": 1})
    if not created:
        GapVote.objects.filter(pk=vote.pk).update(dots=F("dots") + 1)


@transaction.atomic
def gap_vote_remove(*, gap, participant):
    """Take one of ``participant``'s dots back from ``gap``; the row goes when its last dot does.

    Returns False when there was no dot of theirs on the gap (nothing changes).
    """
    locked = _locked_participant(participant)
    vote = GapVote.objects.filter(gap=gap, participant=locked).first()
    if vote is None:
        return False
    if vote.dots <= 1:
        vote.delete()
    else:
        GapVote.objects.filter(pk=vote.pk).update(dots=F("dots") - 1)
    return True


def check_votes_per_participant(votes):
    """The rule for how many dots each participant may spread: a ValidationError on the field when it breaks it."""
    if not isinstance(votes, int) or not VOTES_MIN <= votes <= VOTES_MAX:
        raise ValidationError({"votes_per_participant": _("Choose between %(min)s and %(max)s dots.")
                               % {"min": VOTES_MIN, "max": VOTES_MAX}})


def workshop_set_votes_per_participant(*, workshop, votes):
    """How many dots each participant may spread over the gaps. Dots already placed stay."""
    check_votes_per_participant(votes)
    Workshop.objects.filter(pk=workshop.pk).update(votes_per_participant=votes)
    workshop.votes_per_participant = votes
