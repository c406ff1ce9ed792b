"""A workshop with every text field at its maximum length, each one unbroken word, renders every page — the room at
every step, the map, the projector, the reviews, the action plan, the improvement page, the team page — and its PDF.
The fields come from the models (``workshops.limits.free_text_fields``), so a text field added later is filled too.
How long it takes is measured by ``manage.py benchmark``, not here."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from actions.models import Improvement, Review
from actions.report import workshop_report_pdf
from config.tooling.max_length_workshop import build_max_length_workshop, text_models, unbroken_word
from journeys.models import Persona, Touchpoint
from workshops.models import Step, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def brimful(team, facilitator, owner, member):
    return build_max_length_workshop(team=team, facilitator=facilitator, members=[owner, member])


def room_urls(workshop):
    """What shows the current step."""
    w = [workshop.pk]
    return [reverse("workshops:room", args=w), reverse("workshops:step_live", args=w),
            reverse("workshops:projector", args=w), reverse("workshops:projector_live", args=w)]


def other_urls(workshop):
    team = workshop.team
    improvement = Improvement.objects.filter(journey=workshop.journey).first()
    w = [workshop.pk]
    return [
        reverse("journeys:journey_map", args=w), reverse("journeys:journey_map_svg", args=w),
        reverse("journeys:emotion_curve_svg", args=w), reverse("actions:journey_reviews", args=w),
        *[reverse("actions:review_detail", args=[workshop.pk, review.pk])
          for review in Review.objects.filter(journey=workshop.journey)],
        reverse("actions:action_plan", args=[team.slug]),
        reverse("actions:improvement_detail", args=[team.slug, improvement.pk]),
        reverse("workshops:team_detail", args=[team.slug]), reverse("workshops:team_members", args=[team.slug]),
        reverse("actions:my_improvements"), reverse("workshops:api_tokens"),
    ]


def test_every_text_is_at_its_maximum(brimful):
    for model in text_models():
        assert model.objects.exists(), f"the max-length workshop has no {model.__name__}"
    persona = Persona.objects.get(journeys=brimful.journey)
    assert persona.description == unbroken_word(Persona._meta.get_field("description").max_length)
    assert brimful.title == unbroken_word(Workshop._meta.get_field("title").max_length)


def test_a_member_sees_every_page_at_every_step(client, brimful, member):
    client.force_login(member)
    word = unbroken_word(Touchpoint._meta.get_field("name").max_length)
    for step in Step.ordered():
        Workshop.objects.filter(pk=brimful.pk).update(step=step)
        for url in room_urls(brimful):
            response = client.get(url)
            allowed = {200, 204} if url.endswith("/step/live/") else {200}  # 204: no live part at this step
            assert response.status_code in allowed, f"{url} at step {step} answered {response.status_code}"
    for url in other_urls(brimful):
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
    response = client.get(reverse("journeys:journey_map", args=[brimful.pk]))
    assert word in response.content.decode()  # the text is there, whole


def test_the_pdf_report_builds(brimful):
    pdf, _report = workshop_report_pdf(brimful.pk, language="nl")
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) > 5
    assert "WWWWWWWWWW" in "".join(page.extract_text() for page in pages)
