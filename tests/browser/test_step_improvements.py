"""Step 7 (improvements) in a browser, in Dutch (the default language), in the demo workshop — and what follows.

The facilitator proposes an improvement for the gap with the most dots (the form fills in its suggested impact),
drags it across the matrix into another quadrant, moves one with the arrow keys and one with its number inputs,
plans it, and tries to close the workshop: refused with what is missing, until owner and deadline are set. A guest
on a phone watches the matrix change by itself; the projector shows the big matrix and the list by quadrant. Then
the owner finds the improvement under My improvements, and a review round gives the curve its new line.
Elements are found by ids, classes and field names, which do not change with the language.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from actions.models import Improvement, Status
from config.tooling.demo import IMPROVEMENTS, load_demo_workshop
from journeys.models import Touchpoint
from tests.actions.test_report_files import tasks_left_waiting
from workshops.models import Step, Workshop

PROJECTOR = {"width": 1920, "height": 1080}


def demo_at_step_7(facilitator, member):
    workshop, _created = load_demo_workshop(team=facilitator.current_team, facilitator=facilitator, members=[member])
    Workshop.objects.filter(pk=workshop.pk).update(step=Step.IMPROVEMENTS)
    return workshop


def cell_centre(page, impact, effort):
    """The page coordinates of the middle of the matrix cell (impact, effort), from the SVG's own geometry."""
    return page.evaluate(
        """([impact, effort]) => {
            const svg = document.querySelector('#improvements-board .improvements-matrix svg');
            const left = parseFloat(svg.dataset.plotLeft), top = parseFloat(svg.dataset.plotTop);
            const cell = parseFloat(svg.dataset.cell);
            const point = svg.createSVGPoint();
            point.x = left + (effort - 0.5) * cell;
            point.y = top + (5 - impact + 0.5) * cell;
            const screen = point.matrixTransform(svg.getScreenCTM());
            return {x: screen.x, y: screen.y};
        }""",
        [impact, effort],
    )


def drag_mark(page, improvement, impact, effort):
    mark = page.locator(f"#improvements-matrix-mark-{improvement.pk}")
    mark.scroll_into_view_if_needed()
    box = mark.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    target = cell_centre(page, impact, effort)
    page.mouse.move(target["x"], target["y"], steps=12)
    expect(page.locator(".pic-matrix-target")).to_have_count(1)  # the cell it will land in, outlined
    page.mouse.up()


def settled(page):
    expect(page.locator(".htmx-request, .htmx-settling, .htmx-swapping")).to_have_count(0)


def test_facilitator_works_the_matrix_a_guest_watches_and_the_workshop_closes(
    new_page, log_in, facilitator, member, password, shot
):
    workshop = demo_at_step_7(facilitator, member)
    room_url = reverse("workshops:room", args=[workshop.pk])
    marks_selector = "#improvements-board .pic-matrix-mark"

    # --- A guest on a phone joins and watches ---------------------------------------------------------------
    guest = new_page(phone=True)
    guest.goto(reverse("workshops:join_code", args=[workshop.join_code]))
    guest.locator("input[name=display_name]").fill("Gerda Gast")
    guest.locator("main form button[type=submit]").click()
    expect(guest.locator(".badge--guest")).to_be_visible()
    expect(guest.locator(marks_selector)).to_have_count(len(IMPROVEMENTS))
    expect(guest.locator("#improvement-form")).to_have_count(0)
    expect(guest.locator(".pic-matrix-mark[data-movable]")).to_have_count(0)
    shot(guest, "step-improvements-01-phone-guest")

    # --- The facilitator, on a laptop, proposes an improvement for the gap with the most dots ---------------
    page = new_page()
    log_in(page, facilitator.email, password)
    page.goto(room_url)
    expect(page.locator(marks_selector)).to_have_count(len(IMPROVEMENTS))
    # The demo keeps its own rules: every planned improvement has an owner and a deadline, nothing is missing.
    expect(page.locator("#workshop-close .workshop-close-missing")).to_have_count(0)
    shot(page, "step-improvements-02-laptop-demo")

    form = page.locator("#improvement-form")
    gap_select = form.locator("select[name=gap]")
    top_gap = gap_select.locator("option").nth(1).get_attribute("value")  # the first gap: most dots
    gap_select.select_option(top_gap)
    expect(form.locator("#imp-suggestion strong")).to_have_text("5")  # from the gap's size
    expect(form.locator("input[name=impact]")).to_have_value("5")
    expect(form.locator("input[name=touchpoints]:checked")).to_have_count(2)  # the gap's touchpoints
    settled(page)
    form.locator("input[name=title]").fill("Bezorgmoment kiezen bij het afrekenen")
    form.locator("input[name=effort]").fill("2")
    form.locator("input[name=kpi]").fill("Klantcontacten over de levering per maand")
    form.locator("button[type=submit]").click()
    expect(page.locator(marks_selector)).to_have_count(len(IMPROVEMENTS) + 1)
    expect(page.locator("#improvement-form .imp-saved")).to_be_visible()
    expect(page.locator("#improvement-form input[name=title]")).to_have_value("")
    new = Improvement.objects.get(title="Bezorgmoment kiezen bij het afrekenen")
    assert (new.impact, new.effort, new.gap_id, new.status) == (5, 2, int(top_gap), Status.PROPOSED)
    card = page.locator(f"#improvement-{new.pk}")
    expect(card).to_have_class("imp-card imp-card--quick_win")

    # The guest's phone follows by itself (the watchers' poll).
    expect(guest.locator(marks_selector)).to_have_count(len(IMPROVEMENTS) + 1, timeout=12_000)

    # --- Drag it across the matrix: from quick win (5, 2) to major project (4, 5) ----------------------------
    drag_mark(page, new, impact=4, effort=5)
    mark = page.locator(f"#improvements-matrix-mark-{new.pk}")
    expect(mark).to_have_attribute("data-quadrant", "major_project")
    expect(page.locator(f"#improvement-{new.pk}-impact")).to_have_value("4")  # the numbers follow the mark
    expect(page.locator(f"#improvement-{new.pk}-effort")).to_have_value("5")
    new.refresh_from_db()
    assert (new.impact, new.effort) == (4, 5)
    expect(page.locator(f".imp-group--major_project #improvement-{new.pk}")).to_be_visible()
    expect(page.locator("#improvements-announce")).not_to_be_empty()
    shot(page, "step-improvements-03-laptop-after-drag")

    # --- The keyboard: a focused mark moves with the arrow keys; focus stays on it ---------------------------
    settled(page)
    mark.focus()
    page.keyboard.press("ArrowLeft")
    expect(page.locator(f"#improvement-{new.pk}-effort")).to_have_value("4")
    expect(page.locator(f"#improvements-matrix-mark-{new.pk}")).to_be_focused()
    settled(page)
    page.keyboard.press("ArrowDown")
    expect(page.locator(f"#improvement-{new.pk}-impact")).to_have_value("3")
    settled(page)  # the inputs change at once; the server's answer follows
    expect(page.locator(f"#improvements-matrix-mark-{new.pk}")).to_be_focused()
    new.refresh_from_db()
    assert (new.impact, new.effort) == (3, 4)

    # --- The number inputs move the mark (the accessible path) --------------------------------------------
    settled(page)
    page.locator(f"#improvement-{new.pk}-impact").fill("2")
    page.locator(f"#improvement-{new.pk}-impact").press("Tab")
    expect(page.locator(f"#improvements-matrix-mark-{new.pk}")).to_have_attribute("data-quadrant", "thankless_task")
    settled(page)
    page.locator(f"#improvement-{new.pk}-impact").fill("4")
    page.locator(f"#improvement-{new.pk}-impact").press("Enter")
    expect(page.locator(f"#improvements-matrix-mark-{new.pk}")).to_have_attribute("data-quadrant", "major_project")

    # --- Plan it; closing is refused while owner and deadline are missing -------------------------------------
    settled(page)
    page.locator(f"#improvement-{new.pk}-plan").click()
    expect(page.locator(f"#improvement-{new.pk} .imp-missing")).to_be_visible()
    expect(page.locator("#workshop-close .workshop-close-missing")).to_contain_text(new.title)
    page.locator("#workshop-close-button").click()
    expect(page.locator(".message--error")).to_contain_text(new.title)
    assert Workshop.objects.get(pk=workshop.pk).closed_at is None
    shot(page, "step-improvements-04-laptop-close-refused")

    # --- Owner and deadline, then the workshop closes ---------------------------------------------------------
    deadline = (timezone.localdate() + timedelta(days=30)).isoformat()
    assign = page.locator(f"#improvement-{new.pk}-assign")
    assign.locator("select[name=owner]").select_option(str(member.pk))
    assign.locator("input[name=deadline]").fill("2020-01-01")  # in the past: refused next to the field
    assign.locator("button[type=submit]").click()
    expect(page.locator(f"#improvement-{new.pk}-deadline-error")).to_be_visible()
    settled(page)
    assign = page.locator(f"#improvement-{new.pk}-assign")
    assign.locator("input[name=deadline]").fill(deadline)
    assign.locator("button[type=submit]").click()
    expect(page.locator(f"#improvement-{new.pk} .imp-missing")).to_have_count(0)
    expect(page.locator("#workshop-close .workshop-close-missing")).to_have_count(0)
    new.refresh_from_db()
    assert (new.owner, new.deadline.isoformat(), new.status) == (member, deadline, Status.PLANNED)
    # Closing asks a worker for the report (tests/actions/test_report_files.py makes it): as in production the
    # request only publishes the task, instead of making the PDF itself as Celery's eager mode of the tests would.
    with tasks_left_waiting("*"):
        page.locator("#workshop-close-button").click()
        expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator(".room-head .closed-flag")).to_be_visible()
    expect(page.locator("#workshop-close form[action$='/reopen/']")).to_be_visible()
    closed = Workshop.objects.get(pk=workshop.pk)
    assert closed.closed_at is not None and not closed.is_open
    shot(page, "step-improvements-05-laptop-closed")

    # The guest's screen reloads into the closed room.
    expect(guest.locator(".room-head .closed-flag")).to_be_visible(timeout=12_000)
    shot(guest, "step-improvements-06-phone-guest-closed")

    # --- The projector: the big matrix and the improvements by quadrant ------------------------------------
    projector = new_page()
    projector.set_viewport_size(PROJECTOR)
    log_in(projector, facilitator.email, password)
    projector.goto(reverse("workshops:projector", args=[workshop.pk]))
    expect(projector.locator(".improvements-projector .pic-matrix-mark")).to_have_count(len(IMPROVEMENTS) + 1)
    expect(projector.locator(".improvements-projector-quadrant")).to_have_count(4)
    expect(projector.locator(".improvements-projector-quadrant--major_project")).to_contain_text(new.title)
    matrix = projector.locator(".improvements-projector-matrix").bounding_box()
    assert matrix["y"] + matrix["height"] <= PROJECTOR["height"]  # the whole matrix in sight, no scrolling
    shot(projector, "step-improvements-07-projector")

    # --- The owner logs in and finds it under My improvements -------------------------------------------------
    owner_page = new_page()
    log_in(owner_page, member.email, password)
    owner_page.locator("[data-testid=nav-my-improvements]").click()
    expect(owner_page.locator(".improvement-row-title", has_text=new.title)).to_be_visible()
    shot(owner_page, "step-improvements-10-owner-my-improvements")

    # --- Three months on: a review round; the owner scores the journey again, and the curve gets a new line ---
    reviews_url = reverse("actions:journey_reviews", args=[workshop.pk])
    page.goto(reviews_url)
    expect(page.locator("#curve .pic-curve-marker--review")).to_have_count(0)
    page.locator("[data-testid=start-review]").click()
    expect(page.locator(".review-join .join-code")).to_have_text(workshop.join_code)
    owner_page.goto(room_url)
    expect(owner_page.locator(".review-banner")).to_be_visible()
    scored = list(Touchpoint.objects.filter(stage__journey=workshop.journey)
                  .order_by("stage__position", "position"))[:3]
    for touchpoint in scored:
        owner_page.locator(f"label[for=score-{touchpoint.pk}-p3]").click()
        expect(owner_page.locator(f"#tp-{touchpoint.pk} .saved-note")).to_be_visible()
    expect(page.locator("#review-live .pic-curve-marker--review")).to_have_count(len(scored), timeout=10_000)
    page.locator("[data-testid=finish-review]").click()
    expect(page.locator(".review-badge--finished")).to_be_visible()
    page.goto(reviews_url)
    expect(page.locator("#curve .pic-curve-series--review")).to_have_count(1)  # the new line, with its legend
    expect(page.locator("#curve .pic-curve-marker--review")).to_have_count(len(scored))
    expect(page.locator("#curve .pic-legend-item[data-series=review]")).to_have_count(1)
    shot(page, "step-improvements-11-laptop-review-line")


def test_member_on_a_phone_proposes_and_moves_with_the_numbers(new_page, log_in, facilitator, member, password,
                                                                 shot):
    workshop = demo_at_step_7(facilitator, member)
    page = new_page(phone=True)
    log_in(page, member.email, password)
    page.goto(reverse("workshops:room", args=[workshop.pk]))
    shot(page, "step-improvements-08-phone-member")
    form = page.locator("#improvement-form")
    form.locator("input[name=title]").fill("Maattabel met foto's van echte voeten")
    form.locator("input[name=impact]").fill("9")  # off the scale: refused next to the field, nothing saved
    form.locator("button[type=submit]").click()
    expect(page.locator("#improvement-form #id_impact_error")).to_be_visible()
    assert not Improvement.objects.filter(title__startswith="Maattabel").exists()
    settled(page)
    page.locator("#improvement-form input[name=impact]").fill("2")
    page.locator("#improvement-form input[name=effort]").fill("1")
    page.locator("#improvement-form button[type=submit]").click()
    expect(page.locator("#improvements-board .pic-matrix-mark")).to_have_count(len(IMPROVEMENTS) + 1)
    new = Improvement.objects.get(title__startswith="Maattabel")
    assert new.quadrant == "fill_in"
    settled(page)
    page.locator(f"#improvement-{new.pk}-effort").fill("4")
    page.locator(f"#improvement-{new.pk} .imp-move button[type=submit]").click()
    expect(page.locator(f"#improvements-matrix-mark-{new.pk}")).to_have_attribute("data-quadrant", "thankless_task")
    page.locator(f"#improvement-{new.pk}").scroll_into_view_if_needed()
    shot(page, "step-improvements-09-phone-member-moved")
