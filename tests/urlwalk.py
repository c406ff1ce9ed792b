"""The project's URL patterns as the resolver has them, for the tests that walk them all: the outsider walk
(tests/test_outsiders.py), the closed room and the other workshop's objects (tests/workshops/test_closed_room.py,
tests/workshops/test_other_workshop.py) and the API's writes (tests/api/test_api_outsider_writes.py). A view added
later is walked the day it is added, without touching a list.

``fillers`` gives every URL parameter a value: a parameter it does not know makes the walks fail (add it there).
``view_methods`` reads the HTTP methods a pattern's view accepts from the view itself, so "a write route" (one that
accepts POST, PUT, PATCH or DELETE) is never a hand-made list either.
"""

import re
import secrets
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

ROUTE_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
REGEX_PARAM = re.compile(r"\(\?P<(\w+)>")

EVERY_METHOD = frozenset({"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"})
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Route:
    """One URL pattern: its qualified name ("v1:stage-detail"), its full route and its view."""

    name: str | None
    route: str
    view: object

    @property
    def params(self):
        return params_of(self.route)

    @property
    def methods(self):
        return view_methods(self.view)

    @property
    def writes(self):
        """The write methods the view accepts (empty for a read-only view)."""
        return self.methods & WRITE_METHODS


def routes(resolver=None, namespace="", route=""):
    """Yield a Route for every pattern, descending into includes."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        text = route + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from routes(pattern, inner, text)
        elif isinstance(pattern, URLPattern):
            yield Route(f"{namespace}{pattern.name}" if pattern.name else None, text, pattern.callback)


def walk():
    """Yield (qualified name, full route) for every pattern, descending into includes."""
    for route in routes():
        yield route.name, route.route


def params_of(route):
    return list(dict.fromkeys(ROUTE_PARAM.findall(route) + REGEX_PARAM.findall(route)))


def room_routes():
    """The routes of a workshop's room and what hangs off it (reviews, report, pictures): those naming a workshop."""
    return [route for route in routes() if "workshop_id" in route.params]


def view_methods(view):
    """The HTTP methods ``view`` (a pattern's callback) accepts, as upper-case names.

    A DRF viewset: the methods its router mapped to actions, narrowed by the viewset's ``http_method_names``. A
    class-based view (Django's or DRF's): those of its ``http_method_names`` it has a handler for. A function view:
    what its ``require_http_methods`` wrapper (``require_POST``, ``require_GET``, ``require_safe``) lets through —
    without one it answers every method, so it counts as a write route.
    """
    view_class = getattr(view, "cls", None) or getattr(view, "view_class", None)
    if view_class is not None:
        declared = {name.upper() for name in view_class.http_method_names}
        actions = getattr(view, "actions", None)  # a viewset's handlers exist only once the router bound them
        handled = {name.upper() for name in actions} if actions else {
            name.upper() for name in view_class.http_method_names if hasattr(view_class, name)}
        return frozenset(declared & handled)
    declared = _declared_methods(view)
    return EVERY_METHOD if declared is None else declared


def _declared_methods(function):
    """The list a ``django.views.decorators.http.require_http_methods`` wrapper closes over, looked for along the
    chain of wrappers (``functools.wraps`` sets ``__wrapped__``); None when no such wrapper is there. Should Django
    rename that closure variable, every view would count as accepting every method and the walks would fail loudly
    (a read-only page without a request to try), never pass quietly."""
    while function is not None:
        code = getattr(function, "__code__", None)
        if code is not None:
            cells = dict(zip(code.co_freevars, function.__closure__ or (), strict=True))
            if "request_method_list" in cells:
                return frozenset(method.upper() for method in cells["request_method_list"].cell_contents)
        function = getattr(function, "__wrapped__", None)
    return None


def fillers(objects):
    """{URL parameter: value} for reversing every pattern of the project.

    ``objects`` maps a name to a model instance: ``<name>_id`` is its pk ("api_token" fills ``token_id``). The rest
    come from them too: the team's ``slug``, the owner's ``uidb64``, the report file's fingerprint (``key``). An
    invitation ``token`` and a join ``code`` are capabilities, so the walks try well-formed forgeries (the tests of
    invitations and of joining cover the real ones)."""
    values = {f"{name}_id": obj.pk for name, obj in objects.items() if hasattr(obj, "pk")}
    if "api_token" in objects:
        values["token_id"] = objects["api_token"].pk
    if "report_file" in objects:
        values["key"] = objects["report_file"].fingerprint
    if "team" in objects:
        values["slug"] = objects["team"].slug
        values["object_id"] = str(objects["team"].pk)  # the Django admin's change page of that team
    if "owner" in objects:
        values["uidb64"] = urlsafe_base64_encode(force_bytes(objects["owner"].pk))
        values["id"] = str(objects["owner"].pk)
    values.update({
        "token": secrets.token_urlsafe(32),
        "code": "ZZZZ2222",
        # The Django admin
        "app_label": "workshops", "model_name": "team", "content_type_id": "1", "url": "workshops/team/",
    })
    return values


def url_of(route, values):
    """``route`` reversed with its parameters from ``values`` (see ``fillers``); fails naming what is missing."""
    missing = [param for param in route.params if param not in values]
    assert not missing, f"No filler for URL parameter(s) {missing} of {route.route!r}: add one to fillers()"
    return reverse(route.name, kwargs={param: values[param] for param in route.params})


# --- The API --------------------------------------------------------------------------------------------------

# The API's detail routes name their object "pk"; which object that is follows from the route's basename. Each
# getter takes the outsider walk's ``team_a`` (tests/test_outsiders.py).
API_OBJECTS = {
    "team": lambda a: a["team"], "membership": lambda a: a["membership"], "workshop": lambda a: a["workshop"],
    "journey": lambda a: a["workshop"].journey, "api_token": lambda a: a["api_token"],
    "stage": lambda a: a["objects"]["stage"], "touchpoint": lambda a: a["objects"]["touchpoint"],
    "evidence": lambda a: a["objects"]["evidence"], "note": lambda a: a["objects"]["note"],
    "gap": lambda a: a["objects"]["gap"], "persona": lambda a: a["objects"]["persona"],
    "participant": lambda a: a["objects"]["participant"], "improvement": lambda a: a["objects"]["improvement"],
    "review": lambda a: a["objects"]["review"], "measurement": lambda a: a["objects"]["review"].measurement,
    "emotion_rating": lambda a: a["rating"], "review_cycle": lambda a: a["cycle"],
    "status_change": lambda a: a["status_change"],
}


def api_basename(name):
    """"v1:touchpoint-detail" → "touchpoint", "v1:measurement-emotion-ratings" (a nested list) → "measurement";
    None outside the API. A basename unknown to API_OBJECTS comes back whole, so the walk asks for it."""
    if not (name and name.startswith("v1:")):
        return None
    route = name.split(":", 1)[1]
    known = [basename for basename in API_OBJECTS if route.startswith(f"{basename}-")]
    return max(known, key=len) if known else route.rsplit("-", 1)[0]


def api_object(a, name):
    """Team A's object the API route ``name`` names by its pk; fails for a basename API_OBJECTS does not know."""
    basename = api_basename(name)
    assert basename in API_OBJECTS, f"No team-A object for the API route {name!r}: add it to API_OBJECTS"
    return API_OBJECTS[basename](a)
