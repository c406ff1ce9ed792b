ROOM_TEMPLATE = "journeys/steps/touchpoints.html"
PROJECTOR_TEMPLATE = "journeys/projector/touchpoints.html"


def room_context(room):
    return {}


def projector_context(room):
    return {}
