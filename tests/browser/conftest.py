"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Never download a browser (no ``playwright install``): we always launch /usr/bin/chromium.

Every test in this folder is marked ``browser`` (``pytest -m "not browser"`` skips them) and fails
when a page it opened logs a console error or throws an uncaught exception. An error that a test
legitimately expects must be declared there with ``browser_errors.allow(pattern, reason=...)``;
nothing is ignored silently.
"""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
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
        context = browser.new_context(base_url=live_server.url, **(PHONE if phone else DESKTOP), **options)
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


@pytest.fixture
def shot():
    """``shot(page, name)`` saves a full-page screenshot to var/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True, animations="disabled")
        return path

    return take


@pytest.fixture
def log_in(live_server):
    """``log_in(page, email, password)`` signs in through the login form and waits to leave it."""

    def sign_in(page, email, password):
        page.goto(reverse("login"))
        form = page.locator("main form")
        form.locator("input[name=username]").fill(email)
        form.locator("input[name=password]").fill(password)
        form.locator("button[type=submit]").click()
        expect(page).not_to_have_url(re.compile(re.escape(reverse("login"))))

    return sign_in
