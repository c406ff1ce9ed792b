"""The load test's users, for locust (``manage.py loadtest`` starts it with this file; see config/tooling/loadtest.py).

- Participant: a guest on a phone. Opens /join/<code>/, joins under a display name of its own, opens the room,
  then scores random touchpoints as the page's htmx form does (CSRF token, HX-Request), 1–3 s apart, reloads the
  room now and then — and, as every screen in the room, polls the room's state every 3 s.
- Projector: the facilitator's projector screen. Logs in through the login page, opens the projector view (and
  its QR code), then fetches the live part every 3 s, as its hx-trigger does.

Every request is recorded (name, milliseconds, error) and so is, per participant and touchpoint, the last score
the server confirmed; when the test stops it all goes to LOADTEST_OUTPUT as JSON, for the command to count and to
check against the database. The parameters come from the environment (LOADTEST_*), set by the command.

On the command's own server (DEBUG off, plain http on the loopback, no proxy in front) every request says
X-Forwarded-Proto: https (LOADTEST_FORWARDED_HTTPS) and comes on a connection of its own, as from the TLS proxy in
production, and the cookie jar sends the Secure session and CSRF cookies back over that connection. Against a
server that is already running (``--url``) the users speak as its URL says, http or https. Where the server
listens on the loopback, each user connects from a loopback address of its own (127.x.y.z,
LOADTEST_OWN_ADDRESSES), as phones in a room each have theirs; elsewhere they all share this machine's address,
as a room behind one NAT does (the join limit counts only wrong codes, so they all get in either way).
"""

import html
import itertools
import json
import os
import random
import re
import time

import gevent
from locust import HttpUser, between, constant_pacing, events, task
from locust.clients import LocustHttpAdapter
from locust.exception import StopUser
from requests.cookies import RequestsCookieJar
from urllib3 import PoolManager

WORKSHOP = os.environ.get("LOADTEST_WORKSHOP", "0")
JOIN_CODE = os.environ.get("LOADTEST_JOIN_CODE", "")
TOUCHPOINTS = [int(pk) for pk in os.environ.get("LOADTEST_TOUCHPOINTS", "").split(",") if pk]
FACILITATOR = os.environ.get("LOADTEST_FACILITATOR", "")
PASSWORD = os.environ.get("LOADTEST_PASSWORD", "")
OUTPUT = os.environ.get("LOADTEST_OUTPUT", "")
TIMEOUT = float(os.environ.get("LOADTEST_REQUEST_TIMEOUT", "30"))
FORWARDED_HTTPS = os.environ.get("LOADTEST_FORWARDED_HTTPS", "1") == "1"
OWN_ADDRESSES = os.environ.get("LOADTEST_OWN_ADDRESSES", "1") == "1"
POLL_SECONDS = 3  # hx-trigger="every 3s" on the room and the projector
ROOM = f"/w/{WORKSHOP}/"
COMMENTS = ["Duurde te lang", "Fijn en snel", "Onduidelijk wat de volgende stap is", "Prima", "Vriendelijk geholpen",
            "Moest drie keer bellen", "Verwachtte meer"]

REQUESTS = []  # [name, milliseconds, error or None, seconds from the start of the test to the request's]
ERRORS = []  # exceptions in the users' own code
PARTICIPANTS = {}  # display name -> {"confirmed": {touchpoint: score}, "unconfirmed": {…: [scores]}, "sent", …}
RUN = {"started": None, "stopped": None, "stopping": False, "projectors_in": 0}
_participant_numbers = itertools.count(1)
_projector_numbers = itertools.count(1)


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **kwargs):
    started = time.time() - response_time / 1000 - (RUN["started"] or time.time())
    REQUESTS.append([name, round(response_time, 2), None if exception is None else str(exception)[:200],
                     round(started, 3)])


@events.user_error.add_listener
def _record_error(user_instance, exception, tb, **kwargs):
    ERRORS.append(f"{type(user_instance).__name__}: {exception!r}"[:300])


@events.test_start.add_listener
def _started(environment, **kwargs):
    RUN["started"] = time.time()


@events.test_stopping.add_listener
def _stopping(environment, **kwargs):
    """No score is sent after this. Locust lets a user busy with a request finish it, and ends a waiting one at
    once — but a user whose wait ends just then may still send one before the end reaches it, which would
    be cut off half-way (neither confirmed nor failed)."""
    RUN["stopping"] = True


@events.test_stop.add_listener
def _write(environment, **kwargs):
    """After every user has stopped (each finished the request it was in, within --stop-timeout)."""
    RUN["stopped"] = time.time()
    if OUTPUT:
        with open(OUTPUT, "w") as output:
            json.dump({"workshop": int(WORKSHOP), **RUN, "requests": REQUESTS, "errors": ERRORS,
                       "participants": PARTICIPANTS}, output)


class LoopbackCookieJar(RequestsCookieJar):
    """Cookies kept without their Secure flag, so they go back over the loopback http connection: the server
    was told the request came over https (X-Forwarded-Proto) and marks them Secure, and a browser behind the
    TLS proxy would send them. (A cookie policy would not do: requests copies the cookies into a jar with the
    default policy for every request.)"""

    def set_cookie(self, cookie, *args, **kwargs):
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


def loopback_address(group, number):
    """A loopback address of its own per user: 127.<group>.x.y (all of 127/8 is the loopback on Linux)."""
    return f"127.{group}.{number // 250}.{number % 250 + 1}"


def _prepare(user, address):
    client = user.client
    client.cookies = LoopbackCookieJar()
    # "Connection: close": a new connection per request, as gunicorn gets them from the proxy in front of it in
    # production (nginx proxies with HTTP/1.0 unless told otherwise). Kept alive instead, a request now and then
    # meets the connection just as gunicorn closes it (its keep-alive is 2 s) and fails without an answer —
    # which a browser retries, and which says nothing about the app.
    client.headers.update({"Connection": "close", "Accept-Language": "nl", "User-Agent": "klantreis-loadtest"})
    if FORWARDED_HTTPS:
        client.headers["X-Forwarded-Proto"] = "https"
    # The poll and the user's own request may run at once, as a browser's do.
    source = {"source_address": (address, 0)} if OWN_ADDRESSES else {}
    adapter = LocustHttpAdapter(pool_manager=PoolManager(num_pools=2, maxsize=2, **source))
    client.mount("http://", adapter)
    client.mount("https://", adapter)


def _origin(user):
    """The scheme and host a browser would send as the Origin of its form posts."""
    if FORWARDED_HTTPS:
        return "https://" + user.host.split("://", 1)[1].rstrip("/")
    return user.host.rstrip("/")


def _form_headers(user, page):
    """What a browser sends with a same-origin form post (Django checks the Origin of https requests)."""
    return {"Origin": _origin(user), "Referer": _origin(user) + page}


def _csrf_token(text):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
    return match.group(1) if match else None


def _answer(response):
    """A failed answer in a few words: its status, or the connection error when there was none."""
    return f"{response.status_code}" if response.status_code else f"no answer: {response.error!r}"[:200]


def _polled_url(text, path):
    """The URL an element of the page polls (its hx-get), e.g. the room's state or the projector's live part."""
    match = re.search(rf'hx-get="(/w/\d+/{path}[^"]*)"', text)
    return html.unescape(match.group(1)) if match else None


class Participant(HttpUser):
    fixed_count = int(os.environ.get("LOADTEST_PARTICIPANTS", "1"))
    wait_time = between(1, 3)

    def on_start(self):
        self.poller = None
        number = next(_participant_numbers)
        self.name = f"Deelnemer {number:03d}"
        _prepare(self, loopback_address(1, number))
        join_page = f"/join/{JOIN_CODE}/"
        response = self.client.get(join_page, name="join page", timeout=TIMEOUT)
        token = _csrf_token(response.text)
        with self.client.post(join_page, name="join (POST)", allow_redirects=False, timeout=TIMEOUT,
                              catch_response=True, headers=_form_headers(self, join_page),
                              data={"csrfmiddlewaretoken": token or "", "code": JOIN_CODE,
                                    "display_name": self.name}) as answer:
            if answer.status_code != 302 or answer.headers.get("Location") != ROOM:
                answer.failure(f"join answered {_answer(answer)} {answer.headers.get('Location', '')}")
                raise StopUser
        PARTICIPANTS[self.name] = {"confirmed": {}, "unconfirmed": {}, "sent": 0, "confirmations": 0,
                                   "in_flight": None}
        self.open_room()
        self.poller = gevent.spawn(self.poll_state)

    def on_stop(self):
        if self.poller is not None:
            self.poller.kill(block=False)

    def open_room(self):
        with self.client.get(ROOM, name="room page", timeout=TIMEOUT, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"room answered {_answer(response)}")
                raise StopUser
            self.token = _csrf_token(response.text)
            self.state_url = _polled_url(response.text, "state/")
            # touchpoint → its form's "tp" field (the touchpoint's place in the list, sent along by the form)
            self.forms = {int(pk): key for pk, key in re.findall(
                r'action="/w/\d+/emotions/touchpoints/(\d+)/score/".*?name="tp" value="([^"]*)"', response.text, re.S)}
            if sorted(self.forms) != sorted(TOUCHPOINTS) or not self.token or not self.state_url:
                response.failure(f"the room shows {len(self.forms)} of {len(TOUCHPOINTS)} score forms")
                raise StopUser

    @task(10)
    def score(self):
        if RUN["stopping"]:
            raise StopUser
        touchpoint = random.choice(TOUCHPOINTS)
        score = random.randint(-5, 5)
        comment = random.choice(COMMENTS) if random.random() < 0.2 else ""
        record = PARTICIPANTS[self.name]
        key = str(touchpoint)
        record["sent"] += 1
        record["unconfirmed"].setdefault(key, []).append(score)
        record["in_flight"] = key
        headers = {**_form_headers(self, ROOM), "HX-Request": "true", "HX-Current-URL": _origin(self) + ROOM,
                   "HX-Target": f"score-{touchpoint}", "X-CSRFToken": self.token}
        with self.client.post(f"/w/{WORKSHOP}/emotions/touchpoints/{touchpoint}/score/", name="score (POST)",
                              headers=headers, timeout=TIMEOUT, catch_response=True,
                              data={"csrfmiddlewaretoken": self.token, "tp": self.forms[touchpoint],
                                    "score": str(score), "comment": comment}) as response:
            if response.status_code != 200:
                response.failure(f"score answered {_answer(response)}")
            elif not _confirms(response.text, touchpoint, score):
                response.failure("the answer does not show the score as saved")
            else:
                record["confirmed"][key] = score
                record["confirmations"] += 1
                del record["unconfirmed"][key]
        record["in_flight"] = None

    @task(1)
    def reload_room(self):
        self.open_room()

    def poll_state(self):
        while True:
            gevent.sleep(POLL_SECONDS)
            try:
                with self.client.get(self.state_url, name="room state poll", timeout=TIMEOUT, catch_response=True,
                                     headers={"HX-Request": "true"}) as response:
                    if response.status_code != 204:
                        response.failure(f"room state answered {_answer(response)}")
                    elif response.headers.get("HX-Refresh"):
                        response.failure("the room changed during the load test")
            except Exception as error:  # a greenlet of our own: locust would not record it
                ERRORS.append(f"Participant poll: {error!r}"[:300])


def _confirms(text, touchpoint, score):
    """The answer is the touchpoint's re-rendered score form with the new score checked and saved."""
    return (f'id="score-{touchpoint}"' in text and 'class="saved-note"' in text
            and re.search(rf'<input[^>]*value="{score}"[^>]*\schecked', text) is not None)


class Projector(HttpUser):
    fixed_count = int(os.environ.get("LOADTEST_PROJECTORS", "1"))
    wait_time = constant_pacing(POLL_SECONDS)

    def on_start(self):
        _prepare(self, loopback_address(2, next(_projector_numbers)))
        projector = f"/w/{WORKSHOP}/projector/"
        login_page = f"/accounts/login/?next={projector}"
        response = self.client.get(login_page, name="login page", timeout=TIMEOUT)
        with self.client.post(login_page, name="login (POST)", allow_redirects=False, timeout=TIMEOUT,
                              catch_response=True, headers=_form_headers(self, login_page),
                              data={"csrfmiddlewaretoken": _csrf_token(response.text) or "", "username": FACILITATOR,
                                    "password": PASSWORD, "next": projector}) as answer:
            if answer.status_code != 302 or answer.headers.get("Location") != projector:
                answer.failure(f"login answered {_answer(answer)} {answer.headers.get('Location', '')}")
                raise StopUser
        RUN["projectors_in"] += 1
        self.open_projector()

    def open_projector(self):
        with self.client.get(f"/w/{WORKSHOP}/projector/", name="projector page", timeout=TIMEOUT,
                             catch_response=True) as response:
            self.live_url = _polled_url(response.text, "projector/live/")
            if response.status_code != 200 or not self.live_url:
                response.failure(f"projector answered {_answer(response)}")
                raise StopUser
        self.client.get(f"/w/{WORKSHOP}/qr.svg", name="projector QR code", timeout=TIMEOUT)

    @task
    def live(self):
        with self.client.get(self.live_url, name="projector live", timeout=TIMEOUT, catch_response=True,
                             headers={"HX-Request": "true"}) as response:
            if response.status_code == 204 and response.headers.get("HX-Refresh"):
                response.failure("the projector's step changed during the load test")
            elif response.status_code != 200:
                response.failure(f"projector live answered {_answer(response)}")
