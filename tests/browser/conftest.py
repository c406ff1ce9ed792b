"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Never download a browser (no ``playwright install``): we always launch /usr/bin/chromium.

Every test in this folder is marked ``browser`` (``pytest -m "not browser"`` skips them) and fails
when a page it opened logs a console error or throws an uncaught exception. An error that a test
legitimately expects must be declared there with ``browser_errors.allow(pattern, reason=...)``;
nothing is ignored silently.

``shot(page, name)`` checks what a person sees before it photographs anything: on a phone (a window at most
PHONE_WIDEST px wide) nothing may make the page scroll sideways, and on the projector the page must fit a
1366×768 projector without scrolling (PROJECTOR). A failure names the element that sticks out. The picture
itself is saved only for the screenshots in LOOK_AT, each with what a person should look at in it, listed in
var/screenshots/INDEX.md; the other calls are checkpoints.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse
from playwright.sync_api import expect, sync_playwright

# Playwright's sync API runs an event loop in the test thread; without this, Django refuses ORM
# calls made by the test (creating personas, checking the database) with SynchronousOnlyOperation.
# Set for the whole session on purpose: the browser (and its loop) lives until the session ends,
# so tests that run after the browser tests need it as well.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE.parents[1] / "var" / "screenshots"

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
PHONE_WIDEST = 480  # a window at most this wide is a phone's: nothing may scroll sideways
PROJECTOR = {"width": 1366, "height": 768}  # the common projector the projector's pages must fit unscrolled
PROJECTOR_PAGES = {"workshops:projector"}  # URL names of the pages shown on the projector

# Fail fast instead of hanging: a local live server answers in milliseconds. (expect() waits 5 s.)
ACTION_TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright_session():
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_session):
    browser = playwright_session.chromium.launch(executable_path=CHROMIUM, headless=True)
    yield browser
    browser.close()


# Chromium logs a Content-Security-Policy violation as a console error in words that change between versions;
# the securitypolicyviolation event says it in a stable form as well, so no violation can slip through.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => console.error(
    `CSP violation: ${event.effectiveDirective} refused ${event.blockedURI || "?"}`
    + ` at ${event.sourceFile}:${event.lineNumber}`
));
"""


class BrowserErrors:
    """Console errors and uncaught page exceptions seen by this test's contexts."""

    def __init__(self):
        self.seen = []
        self.allowed = []
        self.contexts = []

    def allow(self, pattern, *, reason):
        """Declare an error this test expects. ``reason`` is required: say why it is legitimate."""
        assert reason, "say why this browser error is expected"
        self.allowed.append(re.compile(pattern))

    def watch(self, context):
        self.contexts.append(context)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("console", lambda message: self._console(message))
        context.on("weberror", lambda error: self.seen.append(f"uncaught exception: {error.error}"))

    def _console(self, message):
        if message.type == "error":
            location = message.location or {}
            self.seen.append(f"console.error at {location.get('url', '?')}:{location.get('lineNumber', '?')}: "
                             f"{message.text}")

    def flush(self):
        """A round trip to the browser, so events it already sent are delivered before we look."""
        for context in self.contexts:
            try:
                context.cookies()
            except Exception:  # noqa: BLE001 - a context the test closed itself: nothing to flush
                pass

    def unexpected(self):
        return [text for text in self.seen if not any(pattern.search(text) for pattern in self.allowed)]


@pytest.fixture
def browser_errors():
    return BrowserErrors()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail the test itself (not its teardown) when the browser reported an error.

    When the test failed anyway, the browser's errors are added to its report: often the cause.
    """
    errors = item.funcargs.get("browser_errors")
    try:
        result = yield
    except BaseException:
        if errors is not None:
            errors.flush()
            if errors.unexpected():
                item.add_report_section("call", "browser errors", "\n".join(errors.unexpected()))
        raise
    if errors is not None:
        errors.flush()
        if errors.unexpected():
            pytest.fail("The browser reported errors:\n" + "\n".join(errors.unexpected()), pytrace=False)
    return result


@pytest.fixture
def new_context(browser, browser_errors, live_server):
    """``new_context(phone=False, **options)``: a fresh browser context (own cookies, own person).

    Desktop is 1280x800; ``phone=True`` is 390x844, mobile and touch. Relative URLs resolve against
    the live server, so ``page.goto("/accounts/login/")`` works. Contexts close at teardown.
    """
    contexts = []

    def make(phone=False, **options):
        context = browser.new_context(base_url=live_server.url, **{**(PHONE if phone else DESKTOP), **options})
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        browser_errors.watch(context)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def new_page(new_context):
    """``new_page(phone=False, **options)``: a page in a fresh context."""

    def make(phone=False, **options):
        return new_context(phone=phone, **options).new_page()

    return make


# The screenshots a person should look at (var/screenshots/<name>.png) and what to look at in each. The rest of
# the shot() calls only run the checks.
LOOK_AT = {
    # The room, step by step, as the facilitator (laptop), a guest (phone) and the room (projector).
    "room-02-facilitator-scope-join-code": "the facilitator's room at the start: stepper, join code, scope form",
    "room-04-phone-guest-scope": "a guest's first view on a phone: nothing cut off, the step readable",
    "step-scope-05-projector": "scope on the projector: persona and goal readable from the back of the room",
    "step-data-04-laptop": "the evidence (figures and quotes) as the facilitator sees them",
    "step-data-06-projector": "evidence on the projector",
    "step-touchpoints-demo-laptop": "the demo's touchpoint board: cards in their stages and lanes",
    "step-touchpoints-demo-phone": "the board on a phone: scrolls sideways inside itself, the page does not",
    "step-touchpoints-demo-projector": "the board on a full-HD projector",
    "step-emotions-02-laptop-scored-with-notes": "scoring on a laptop: the scale, a score chosen, the notes",
    "step-emotions-04-phone-second-scored": "scoring on a phone: the scale's buttons big enough to tap",
    "step-emotions-06-projector": "the curve and everyone's progress on the projector",
    "step-ideal-demo-laptop": "the ideal journey: target emotions next to today's means",
    "step-ideal-05-projector": "the ideal journey on the projector",
    "step-gaps-06-phone-guest-ranked": "dot voting on a phone: dots left, the ranking",
    "step-gaps-07-projector": "the gaps ranked on the projector",
    "step-improvements-02-laptop-demo": "the impact/effort matrix with the demo's improvements",
    "step-improvements-07-projector": "the improvements on the projector",
    # The projector at 1366×768, every step of the demo (tests/browser/test_projector.py).
    **{f"projector-1366-{number}": "the projector at 1366×768: the whole step in view, nothing cut off"
       for number in range(1, 8)},
    # The demo on a phone, as a member and a guest, in the middle and at the end (tests/browser/test_accessibility.py).
    "a11y-phone-room-6-member": "a member's room on a phone at the gaps: the ranking and the dots readable",
    "a11y-phone-room-7-guest": "a guest's room on a phone at the improvements",
    "a11y-desktop-journey_map": "the journey map page of the demo on a laptop",
    # After the workshop.
    "pictures-demo-laptop": "the journey map and the emotion curve on their page: labels in their places",
    "pictures-large-phone": "a large journey's map on a phone: it scrolls inside its card, the page does not",
    "report-02-ready": "the report page when the PDF is ready",
    "review-05-laptop-walking": "a review: walking the improvements",
    "follow-up-06-action-plan": "the action plan",
    "follow-up-08-action-plan-phone": "the action plan on a phone (a table laid out as cards)",
    "team-page-workshops-desktop": "the team's page with its workshops",
    "team-page-workshops-phone": "the team's page on a phone",
}

# The elements that stick out past the window's right edge (or make the page wider than the window), each named,
# unless a box around them scrolls sideways or clips what overflows it. Hidden elements do not count.
STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth, found = [];
  const name = (element) => {
    const classes = typeof element.className === "string" && element.className.trim()
      ? "." + element.className.trim().split(/\\s+/).join(".") : "";
    return `<${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""}${classes}>`;
  };
  const contained = (element) => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible") return true;  // it scrolls or clips
    }
    return false;
  };
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.right <= width + 1 || !box.width || !box.height) continue;
    if (!element.checkVisibility({visibilityProperty: true, opacityProperty: true}) || contained(element)) continue;
    if (found.some((outer) => outer.element.contains(element))) continue;  // its parent is named already
    found.push({element, text: `${name(element)} reaches ${Math.round(box.right)}px`});
  }
  const root = document.documentElement;
  const page = root.scrollWidth > width + 1 ? [`the page is ${root.scrollWidth}px wide`] : [];
  return [...page, ...found.map((item) => `${item.text} in a window of ${width}px`)];
}"""

# The projector page at its size: does it scroll in either direction? Names what the bottom edge cuts.
NOT_FITTING = """() => {
  const root = document.documentElement, found = [];
  const [width, height] = [window.innerWidth, window.innerHeight];
  if (root.scrollHeight > height + 1) {
    // The innermost visible elements the window's bottom edge cuts through (none of their children is cut too).
    const name = (element) => `<${element.tagName.toLowerCase()} class="${element.getAttribute("class") || ""}">`;
    const cut = [...document.body.querySelectorAll("*")].filter((element) => {
      const box = element.getBoundingClientRect();
      return box.height && box.top < height && box.bottom > height + 1
        && element.checkVisibility({visibilityProperty: true});
    });
    const innermost = cut.filter((element) => !cut.some((other) => other !== element && element.contains(other)));
    const named = innermost.slice(0, 3).map((element) =>
      `${name(element)} ${Math.round(element.getBoundingClientRect().top)}–`
      + `${Math.round(element.getBoundingClientRect().bottom)}px`);
    found.push(`the page is ${root.scrollHeight}px tall in a window of ${height}px`
               + (named.length ? `; cut by the bottom edge: ${named.join(", ")}` : ""));
  }
  if (root.scrollWidth > width + 1) found.push(`the page is ${root.scrollWidth}px wide in a window of ${width}px`);
  return found;
}"""

SETTLE = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def url_name(page):
    try:
        return resolve(urlsplit(page.url).path).url_name
    except Resolver404:
        return None


def what_people_see(page, photograph=None):
    """The problems a person would see on ``page``: on a phone, anything sticking out past the right edge; on a
    projector's page, anything that does not fit PROJECTOR (checked at that size, then the window is put back).
    ``photograph()`` is called while a problem is on the screen."""
    problems = []
    viewport = page.viewport_size or {}
    if viewport.get("width", 0) <= PHONE_WIDEST:
        problems += [f"on the phone ({viewport['width']}px): {found}" for found in page.evaluate(STICKING_OUT)]
        if problems and photograph:
            photograph()
    elif url_name(page) in PROJECTOR_PAGES:
        if viewport != PROJECTOR:
            page.set_viewport_size(PROJECTOR)
            page.evaluate(SETTLE)
        try:
            problems += [f"on the projector ({PROJECTOR['width']}×{PROJECTOR['height']}): {found}"
                         for found in page.evaluate(NOT_FITTING)]
            if problems and photograph:
                photograph()
        finally:
            if viewport != PROJECTOR:
                page.set_viewport_size(viewport)
                page.evaluate(SETTLE)
    return problems


def write_index():
    """var/screenshots/INDEX.md: the screenshots to look at, and what to look at in each."""
    lines = ["# Screenshots to look at", "",
             "Written by tests/browser/conftest.py (LOOK_AT) when the browser tests run; each file is there when",
             "the test that takes it ran. Every other shot() call only checks the page (no sideways scrolling on",
             "a phone, the projector fits 1366×768).", ""]
    lines += [f"- [{name}.png]({name}.png): {what}" for name, what in LOOK_AT.items()]
    lines += ["", "Each picture on its own, as its card shows it (tests/browser/test_pictures.py): "
              "pictures-{demo,large}-{laptop,phone}-{map,curve}.png.",
              "A page that failed a check is photographed as failed-<name>.png (at the size it was checked at)."]
    index = SCREENSHOTS / "INDEX.md"
    temporary = index.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text("\n".join(lines) + "\n")
    temporary.replace(index)


@pytest.fixture
def shot():
    """``shot(page, name, fits=True)`` checks the page as a person sees it (``what_people_see``: a phone's page
    does not scroll sideways, a projector's page fits 1366×768; ``fits=False`` for a projector's page made
    too large on purpose) and saves a full-page screenshot to var/screenshots/<name>.png when ``name`` is in
    LOOK_AT. A page that fails is photographed as var/screenshots/failed-<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    write_index()

    def take(page, name, *, fits=True):
        failed = SCREENSHOTS / f"failed-{name}.png"
        problems = what_people_see(page, lambda: page.screenshot(path=str(failed), full_page=True,
                                                                 animations="disabled")) if fits else []
        if problems:
            pytest.fail(f"{name}: what a person sees is wrong (photographed as {failed.name}):\n"
                        + "\n".join(problems), pytrace=False)
        path = SCREENSHOTS / f"{name}.png"
        if name in LOOK_AT:
            page.screenshot(path=str(path), full_page=True, animations="disabled")
        return path

    return take


@pytest.fixture
def log_in(live_server):
    """``log_in(page, email, password)`` signs in through the login form and waits to leave it."""

    def sign_in(page, email, password):
        page.goto(reverse("workshops:login"))
        form = page.locator("main form")
        form.locator("input[name=username]").fill(email)
        form.locator("input[name=password]").fill(password)
        form.locator("button[type=submit]").click()
        expect(page).not_to_have_url(re.compile(re.escape(reverse("workshops:login"))))

    return sign_in
