"""The projector shows a whole step without scrolling on a common projector (1366×768): the demo workshop, each
of its seven steps, opened on the projector in a window of that size. ``shot`` checks that the page fits (no
scrolling down or sideways, naming the element that reaches lowest) and keeps the pictures to look at."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from config.tooling.demo import load_demo_workshop
from tests.browser.conftest import PROJECTOR
from workshops.models import Step, Workshop

pytestmark = pytest.mark.django_db(transaction=True)

@pytest.mark.parametrize("step", Step.ordered(), ids=[step.value for step in Step.ordered()])
def test_each_step_of_the_demo_fits_a_1366_by_768_projector(new_page, log_in, facilitator, owner, member,
                                                              password, shot, step):
    workshop, _created = load_demo_workshop(team=facilitator.current_team, facilitator=facilitator,
                                            members=[owner, member])
    Workshop.objects.filter(pk=workshop.pk).update(step=step)
    page = new_page(viewport=PROJECTOR)
    log_in(page, facilitator.email, password)
    assert page.viewport_size == PROJECTOR
    response = page.goto(reverse("workshops:projector", args=[workshop.pk]))
    assert response.ok, f"step {step.number}: {response.status}"
    expect(page.locator(".stepper-step.is-current .stepper-number")).to_have_text(str(step.number))
    shot(page, f"projector-1366-{step.number}")
