ROOM_TEMPLATE = "journeys/steps/gaps.html"
PROJECTOR_TEMPLATE = "journeys/projector/gaps.html"


def room_context(room):
    return {}


def projector_context(room):
    return {}
