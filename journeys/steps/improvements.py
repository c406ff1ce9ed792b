ROOM_TEMPLATE = "journeys/steps/improvements.html"
PROJECTOR_TEMPLATE = "journeys/projector/improvements.html"


def room_context(room):
    return {}


def projector_context(room):
    return {}
