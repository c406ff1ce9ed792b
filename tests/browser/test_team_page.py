"""The team page's workshop list in a browser (Dutch): every workshop with its date and its state — open,
closed, or a quarterly review in progress — on a desktop and on a phone."""

from datetime import date

from django.urls import reverse
from playwright.sync_api import expect

from journeys.models import JourneyTemplate
from journeys.services.workshops import workshop_create
from tests.workshops.test_teams import in_state


def test_the_workshop_list_shows_each_workshops_date_and_state(new_page, log_in, owner, facilitator, password, shot):
    team = owner.current_team
    for title, day, state in [("Kwartaalreview webwinkel", date(2025, 10, 1), "review"),
                              ("Onboarding nieuwe klanten met een lange titel die doorloopt", date(2026, 1, 5),
                               "closed"),
                              ("Klantcontact na de levering", date(2026, 3, 12), "open")]:
        in_state(workshop_create(team=team, title=title, facilitator=facilitator,
                                 template=JourneyTemplate.FIVE_PHASES, scheduled_for=day), state)
    workshop_create(team=team, title="Nog zonder datum", facilitator=facilitator, template=JourneyTemplate.BLANK)

    for phone in (False, True):
        page = new_page(phone=phone)
        log_in(page, owner.email, password)
        page.goto(reverse("workshops:team_detail", args=[team.slug]))
        items = page.locator(".workshop-list li")
        expect(items).to_have_count(4)
        expect(items.nth(1)).to_contain_text("12 maart 2026")
        expect(items.nth(1).locator(".workshop-state")).to_have_text("Open")
        expect(items.nth(2).locator(".workshop-state")).to_have_text("Gesloten")
        expect(items.nth(2)).to_contain_text("5 januari 2026")
        expect(items.nth(3).locator(".workshop-state")).to_have_text("Review bezig")
        expect(items.nth(0)).to_contain_text("aangemaakt op")
        for index in range(4):  # the badge at the right of the title's first line, inside the item
            badge = items.nth(index).locator(".workshop-state").bounding_box()
            title = items.nth(index).locator("a").bounding_box()
            item = items.nth(index).bounding_box()
            assert title["x"] + title["width"] <= badge["x"]
            assert badge["x"] + badge["width"] <= item["x"] + item["width"]
            assert abs(badge["y"] - title["y"]) < 8
        shot(page, f"team-page-workshops-{'phone' if phone else 'desktop'}")
