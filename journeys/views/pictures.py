"""The pictures of a workshop's journey: the map page and the map and curve as SVG downloads.

Everyone who may see the room may see them (``access.VIEW``: members, viewers and the workshop's guests).
The data is loaded here in a fixed number of queries whatever the size of the journey or the room
(``load_picture_data``); journeys.pictures turns it into SVG without touching the database.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from workshops import access

from .. import pictures
from ..models import Evidence, Note, NoteKind, Touchpoint
from ..numbers import round_name
from ..selectors import baseline_measurement, emotion_stats, journey_stages, review_rounds


@dataclass
class PictureData:
    """What the map and the curve are drawn from (see ``load_picture_data``)."""

    stages: list
    stats: dict
    baseline: object = None  # the Measurement ``stats`` come from
    thorns: dict = None
    evidence: object = None
    ideal_touchpoints: list = None
    reviews: list = None

    def journey_map(self, **options):
        return pictures.journey_map(self.stages, self.stats, thorns=self.thorns, evidence=self.evidence, **options)

    def emotion_curve(self, **options):
        options.setdefault("current_label", round_name(self.baseline) or None)
        return pictures.emotion_curve(self.stages, self.stats, ideal_touchpoints=self.ideal_touchpoints or (),
                                      reviews=self.reviews or (), **options)


def load_picture_data(journey, *, for_map=True, for_curve=True):
    """The current journey's stages, touchpoints and baseline scores (4 queries), plus for the map its
    thorns and evidence counts (2), and for the curve the ideal journey's touchpoints, the review rounds
    and their scores (3). Always the same queries, whatever the journey holds."""
    stages = journey_stages(journey)  # stages, then their touchpoints
    baseline = baseline_measurement(journey)
    data = PictureData(stages=stages, stats=emotion_stats(baseline), baseline=baseline)  # the round, its statistics
    if for_map:
        data.thorns = {}
        thorns = (Note.objects.filter(touchpoint__stage__journey=journey, kind=NoteKind.THORN)
                  .order_by("created_at", "pk").values_list("touchpoint_id", "text"))
        for touchpoint_id, text in thorns:
            data.thorns.setdefault(touchpoint_id, []).append(text)
        # order_by() drops Evidence's default ordering, which would otherwise split the groups.
        data.evidence = pictures.evidence_counts(
            Evidence.objects.filter(journey=journey).order_by()
            .values("stage_id", "touchpoint_id", "kind").annotate(n=Count("id"))
        )
    if for_curve:
        data.ideal_touchpoints = list(
            Touchpoint.objects.filter(stage__journey__ideal_of=journey).select_related("stage")
            .order_by("stage__position", "stage__pk", "position", "pk")
        )
        data.reviews = review_rounds(journey)
    return data


@require_safe
def journey_map_page(request, workshop_id):
    room = access.room_for(request, workshop_id, access.VIEW)
    workshop = room.workshop
    data = load_picture_data(workshop.journey)
    journey_map = data.journey_map(title=workshop.title)
    curve = data.emotion_curve(title=workshop.title)
    return render(request, "journeys/map.html", {
        "room": room,
        "workshop": workshop,
        "team": workshop.team if not room.is_guest else None,
        "journey": workshop.journey,
        "journey_map": journey_map,
        "curve": curve,
        "map_svg": pictures.render(journey_map),
        "map_table": pictures.render_table(journey_map),
        "curve_svg": pictures.render(curve),
        "curve_table": pictures.render_table(curve),
    })


def _download(picture, workshop, what):
    response = HttpResponse(pictures.render(picture, standalone=True), content_type="image/svg+xml")
    filename = f"{slugify(workshop.title) or 'workshop'}-{what}.svg"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def journey_map_svg(request, workshop_id):
    room = access.room_for(request, workshop_id, access.VIEW)
    data = load_picture_data(room.workshop.journey, for_curve=False)
    # Translators: part of a downloaded file's name, lower case with hyphens, no spaces.
    return _download(data.journey_map(title=room.workshop.title), room.workshop, slugify(_("journey-map")))


@require_safe
def emotion_curve_svg(request, workshop_id):
    room = access.room_for(request, workshop_id, access.VIEW)
    data = load_picture_data(room.workshop.journey, for_map=False)
    # Translators: part of a downloaded file's name, lower case with hyphens, no spaces.
    return _download(data.emotion_curve(title=room.workshop.title), room.workshop, slugify(_("emotion-curve")))


urlpatterns = [
    path("w/<int:workshop_id>/map/", journey_map_page, name="journey_map"),
    path("w/<int:workshop_id>/map.svg", journey_map_svg, name="journey_map_svg"),
    path("w/<int:workshop_id>/curve.svg", emotion_curve_svg, name="emotion_curve_svg"),
]
