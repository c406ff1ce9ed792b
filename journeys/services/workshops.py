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


@transaction.atomic
def workshop_create(*, team, title, facilitator, template=None, copy_from=None, scheduled_for=None):
    """A workshop and the journey it maps: from a template's stages, or a copy of an earlier journey."""
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("Give the workshop a title.")})
    if copy_from is not None:
        if copy_from.team_id != team.pk:
            raise ValidationError({"copy_from": _("Choose a journey of this team.")})
        journey = journey_copy(source=copy_from, title=title)
    else:
        journey = journey_create(team=team, title=title, template=template)
    workshop = Workshop(team=team, journey=journey, title=title, facilitator=facilitator,
                        scheduled_for=scheduled_for)
    workshop.full_clean()
    workshop.save()
    Measurement.objects.create(journey=journey, kind=MeasurementKind.BASELINE,
                               taken_on=scheduled_for or timezone.localdate(),
                               label=title[:Measurement._meta.get_field("label").max_length])
    return workshop
