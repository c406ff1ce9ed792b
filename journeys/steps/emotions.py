ROOM_TEMPLATE = "journeys/steps/emotions.html"
PROJECTOR_TEMPLATE = "journeys/projector/emotions.html"


def room_context(room):
    return {}


def projector_context(room):
    return {}
