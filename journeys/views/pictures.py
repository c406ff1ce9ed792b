"""The pictures of a workshop's journey: the map page and the map and curve as SVG downloads.

Everyone who may see the room may see them (``access.VIEW``: members, viewers and the workshop's guests).
The data is read in a fixed number of queries whatever the size of the journey or the room
(``selectors.load_picture_data``); journeys.pictures turns it into SVG without touching the database.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from workshops import access

from .. import pictures
from ..selectors import load_picture_data


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
