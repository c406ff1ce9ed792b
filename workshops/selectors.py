"""Reads of the workshops app that the pages above it need."""

from .models import Workshop


def workshop_with_journey(workshop_id):
    """The workshop with its team, facilitator, journey, the journey's persona and its ideal version
    (Workshop.DoesNotExist if none). One query."""
    return (
        Workshop.objects.select_related("team", "facilitator", "journey__persona", "journey__ideal")
        .get(pk=workshop_id)
    )
