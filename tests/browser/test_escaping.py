"""No user text runs as script in a real browser: the poisoned workshop of tests/test_escaping.py (a script tag and
an <img onerror> in every text field) is opened in Chromium at every step, on the projector and on the map."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.test_escaping import SCRIPT, poisoned  # noqa: F401 - the fixture
from workshops.models import Step, Workshop


def test_no_dialog_fires_anywhere(new_page, log_in, facilitator, password, poisoned, shot):  # noqa: F811
    dialogs = []
    page = new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, facilitator.email, password)
    for step in Step.ordered():
        Workshop.objects.filter(pk=poisoned.pk).update(step=step)
        page.goto(reverse("room", args=[poisoned.pk]))
        expect(page.locator("main")).to_contain_text(SCRIPT)  # shown as text
        page.goto(reverse("projector", args=[poisoned.pk]))
    page.goto(reverse("journey_map", args=[poisoned.pk]))
    expect(page.locator("main")).to_contain_text(SCRIPT)
    shot(page, "escaping-map")
    page.wait_for_timeout(500)  # an onerror would have fired by now
    assert dialogs == []
