ROOM_TEMPLATE = "journeys/steps/data.html"
PROJECTOR_TEMPLATE = "journeys/projector/data.html"


def room_context(room):
    return {}


def projector_context(room):
    return {}
