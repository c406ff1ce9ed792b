ROOM_TEMPLATE = "journeys/steps/ideal.html"
PROJECTOR_TEMPLATE = "journeys/projector/ideal.html"


def room_context(room):
    return {}


def projector_context(room):
    return {}
