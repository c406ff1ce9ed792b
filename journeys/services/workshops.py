"""Creating a workshop: the workshop, the journey it maps (from a template's stages or a copy of an earlier
journey) and the journey's baseline measurement. It lives here, with the journeys, because it makes one: the
workshops app below knows nothing of journeys."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workshops.models import Workshop

from ..models import Measurement, MeasurementKind
from . import journey_copy, journey_create
from .gaps import check_votes_per_participant


def workshop_title(title):
    """``title`` with its white space tidied; a ValidationError on ``title`` when nothing is left of it."""
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("Give the workshop a title.")})
    return title


@transaction.atomic
def workshop_create(*, team, title, facilitator, template=None, copy_from=None, scheduled_for=None,
                    votes_per_participant=None):
    """A workshop and the journey it maps: from a template's stages, or a copy of an earlier journey."""
    title = workshop_title(title)
    if votes_per_participant is not None:
        check_votes_per_participant(votes_per_participant)
    if copy_from is not None:
        if copy_from.team_id != team.pk:
            raise ValidationError({"copy_from": _("Choose a journey of this team.")})
        journey = journey_copy(source=copy_from, title=title)
    else:
        journey = journey_create(team=team, title=title, template=template)
    workshop = Workshop(team=team, journey=journey, title=title, facilitator=facilitator,
                        scheduled_for=scheduled_for)
    if votes_per_participant is not None:
        workshop.votes_per_participant = votes_per_participant
    workshop.full_clean()
    workshop.save()
    Measurement.objects.create(journey=journey, kind=MeasurementKind.BASELINE,
                               taken_on=scheduled_for or timezone.localdate(),
                               label=title[:Measurement._meta.get_field("label").max_length])
    return workshop


UPDATABLE = ("title", "scheduled_for", "votes_per_participant")


@transaction.atomic
def workshop_update(*, workshop, **changes):
    """Change what a workshop's facilitators may change outside the room: its title, date and dots per
    participant (the same rules as when it was made, and as the room's dots setting)."""
    if unknown := set(changes) - set(UPDATABLE):
        raise TypeError(f"A workshop's {', '.join(sorted(unknown))} cannot be changed here.")
    if "title" in changes:
        changes["title"] = workshop_title(changes["title"])
    if "votes_per_participant" in changes:
        check_votes_per_participant(changes["votes_per_participant"])
    Workshop.objects.filter(pk=workshop.pk).update(**changes)
    for name, value in changes.items():
        setattr(workshop, name, value)
    return workshop
