ROOM_TEMPLATE = "journeys/steps/scope.html"
PROJECTOR_TEMPLATE = "journeys/projector/scope.html"


def room_context(room):
    return {}


def projector_context(room):
    return {}
