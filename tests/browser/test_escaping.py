"""No user text runs as script in a real browser: the poisoned workshop of tests/test_escaping.py (a script tag and
an <img onerror> in every text field) is opened in Chromium at every step, on the projector and on the map."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.test_escaping import SCRIPT, poisoned  # noqa: F401 - the fixture
from workshops.models import Step, Workshop


def settled(page):
    """Until everything that could run user text on this page has had its chance: the document is loaded (the
    load event waits for every image, so an onerror has fired before it), every image has succeeded or failed,
    and a round trip to the page comes back (a dialog opened before it is reported before its answer)."""
    page.wait_for_load_state("load")
    page.wait_for_function("Array.from(document.images).every(image => image.complete)")
    assert page.evaluate("document.readyState") == "complete"


def test_no_dialog_fires_anywhere(new_page, log_in, facilitator, password, poisoned, shot):  # noqa: F811
    dialogs = []
    page = new_page()
    page.on("dialog", lambda dialog: (dialogs.append((page.url, dialog.message)), dialog.dismiss()))
    log_in(page, facilitator.email, password)
    for step in Step.ordered():
        page.goto("about:blank")  # off the room first: its poll would reload it on the step change below
        Workshop.objects.filter(pk=poisoned.pk).update(step=step)
        page.goto(reverse("workshops:room", args=[poisoned.pk]))
        expect(page.locator("main")).to_contain_text(SCRIPT)  # shown as text
        settled(page)
        page.goto(reverse("workshops:projector", args=[poisoned.pk]))
        settled(page)
    page.goto(reverse("journeys:journey_map", args=[poisoned.pk]))
    expect(page.locator("main")).to_contain_text(SCRIPT)
    settled(page)
    shot(page, "escaping-map")
    assert dialogs == []
