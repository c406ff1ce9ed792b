"""The map page in a browser, in Dutch: the demo workshop and a large one (10 stages, 25 touchpoints with long
names, 30 participants, 2 review rounds), on a laptop (facilitator) and a phone (guest).

Besides the screenshots (var/screenshots/pictures-*.png), the browser measures every text it drew with the
real font (getBBox) and the test fails when one sticks out of its box, its column or its lane, or when the
page itself scrolls sideways on a phone (only the pictures and tables may).
"""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from config.tooling.demo import load_demo_workshop
from journeys.models import EmotionRating, Measurement, MeasurementKind, Touchpoint
from journeys.pictures.map_layout import MAP_COLUMN, MAP_LABEL_WIDTH
from journeys.selectors import baseline_measurement, load_picture_data
from tests.browser.conftest import SCREENSHOTS
from tests.journeys.test_pictures import build_workshop

# A legend's entries apart from each other and inside the picture (on screen: they are transformed groups).
LEGEND_CHECK = """const legendProblems = (svg, selector) => {
    const problems = [], outer = svg.getBoundingClientRect();
    const boxes = [...svg.querySelectorAll(selector)].map(g => g.getBoundingClientRect());
    boxes.forEach((b, i) => {
      if (b.right > outer.right + 1 || b.left < outer.left - 1) problems.push(`legend entry ${i} outside`);
      boxes.slice(i + 1).forEach((c, j) => {
        const apart = b.right <= c.left || c.right <= b.left || b.bottom <= c.top || c.bottom <= b.top;
        if (!apart) problems.push(`legend entries ${i} and ${i + j + 1} overlap`);
      });
    });
    return problems;
  };"""

# Every text of the map inside what holds it: a touchpoint's texts in its box; what sits below a touchpoint
# (emotion, thorns, evidence) in its column; a stage's texts in the stage's columns; lane names in their
# column on the left. Returns the texts that stick out (with 1 px of slack for anti-aliasing).
MAP_CHECK = """([columns, stages, labelWidth]) => {
  LEGEND_CHECK
  const svg = document.querySelector('svg.pic-map');
  const problems = [];
  const within = (b, x0, x1, y0 = -1e6, y1 = 1e6) =>
    b.x >= x0 - 1 && b.x + b.width <= x1 + 1 && b.y >= y0 - 1 && b.y + b.height <= y1 + 1;
  for (const g of svg.querySelectorAll('.pic-map-touchpoint')) {
    const r = g.querySelector('rect').getBBox();
    for (const t of g.querySelectorAll(':scope > text')) {
      const inBox = within(t.getBBox(), r.x, r.x + r.width, r.y, r.y + r.height);
      if (!inBox) problems.push(`box ${g.dataset.index}: ${t.textContent}`);
    }
  }
  const below = '.pic-map-emotion, .pic-map-thorns, .pic-map-evidence:not(.pic-map-evidence--stage)';
  for (const g of svg.querySelectorAll(below)) {
    const [x0, x1] = columns[g.dataset.touchpoint];
    for (const t of g.querySelectorAll('text')) {
      if (!within(t.getBBox(), x0, x1)) problems.push(`column of ${g.dataset.touchpoint}: ${t.textContent}`);
    }
  }
  for (const g of svg.querySelectorAll('.pic-map-stage')) {
    const [x0, x1] = stages[g.dataset.stage];
    for (const t of g.querySelectorAll('text')) {
      if (!within(t.getBBox(), x0, x1)) problems.push(`stage ${g.dataset.stage}: ${t.textContent}`);
    }
  }
  for (const t of svg.querySelectorAll('.pic-map-lane-names text')) {
    if (!within(t.getBBox(), 0, labelWidth)) problems.push(`lane name: ${t.textContent}`);
  }
  problems.push(...legendProblems(svg, '.pic-legend > g'));
  return problems;
}"""

# The curve: each column's number and name stay within the column, stage names within their stage, the
# legend's entries apart and inside the picture.
CURVE_CHECK = """([step, stages]) => {
  LEGEND_CHECK
  const svg = document.querySelector('svg.pic-curve');
  const problems = [];
  for (const g of svg.querySelectorAll('.pic-curve-labels > g')) {
    const x = parseFloat(g.querySelector('text').getAttribute('x'));
    for (const t of g.querySelectorAll('text')) {
      const b = t.getBBox();
      if (b.x < x - step / 2 + 1 || b.x + b.width > x + step / 2 - 1) problems.push('column label: ' + t.textContent);
    }
  }
  svg.querySelectorAll('.pic-curve-stages > text').forEach((t, i) => {
    const b = t.getBBox(), [x0, x1] = stages[i];
    if (b.x < x0 || b.x + b.width > x1) problems.push('stage: ' + t.textContent);
  });
  problems.push(...legendProblems(svg, '.pic-legend-item'));
  return problems;
}"""

MAP_CHECK = MAP_CHECK.replace("LEGEND_CHECK", LEGEND_CHECK)
CURVE_CHECK = CURVE_CHECK.replace("LEGEND_CHECK", LEGEND_CHECK)
PAGE_WIDER_THAN_SCREEN = "() => document.documentElement.scrollWidth > window.innerWidth"


def add_review_round(workshop, *, taken_on, shift, label=""):
    """A later review round: everyone who scored the baseline scores again, ``shift`` higher."""
    review = Measurement.objects.create(journey=workshop.journey, kind=MeasurementKind.REVIEW, taken_on=taken_on,
                                        label=label)
    EmotionRating.objects.bulk_create(
        EmotionRating(measurement=review, touchpoint_id=rating.touchpoint_id, participant_id=rating.participant_id,
                      score=max(-5, min(5, rating.score + shift)))
        for rating in EmotionRating.objects.filter(measurement=baseline_measurement(workshop.journey))
    )


def check_layout(page, workshop):
    """Every text where it belongs, measured by the browser with the font it really used."""
    data = load_picture_data(workshop.journey)
    journey_map, curve = data.journey_map(), data.emotion_curve()
    columns = {str(tp.touchpoint.pk): [float(tp.column_x), float(tp.column_x) + MAP_COLUMN]
               for tp in journey_map.touchpoints}
    stages = {str(stage.stage.pk): [float(stage.x), float(stage.x) + float(stage.width)]
              for stage in journey_map.stages}
    problems = page.evaluate(MAP_CHECK, [columns, stages, MAP_LABEL_WIDTH])
    assert not problems, "texts outside their place on the map:\n" + "\n".join(problems)
    step = (float(curve.plot_right) - float(curve.plot_left)) / max(len(curve.columns), 1)
    curve_stages = [[float(stage.x), float(stage.x) + float(stage.width)] for stage in curve.stages]
    problems = page.evaluate(CURVE_CHECK, [step, curve_stages])
    assert not problems, "texts outside their place on the curve:\n" + "\n".join(problems)


def look_at_the_map(page, workshop, shot, name):
    page.goto(reverse("journeys:journey_map", args=[workshop.pk]))
    expect(page.locator("svg.pic-map")).to_be_visible()
    expect(page.locator("svg.pic-curve")).to_be_visible()
    expect(page.locator("svg.pic-map .pic-map-touchpoint")).to_have_count(
        Touchpoint.objects.filter(stage__journey=workshop.journey).count())
    check_layout(page, workshop)
    assert not page.evaluate(PAGE_WIDER_THAN_SCREEN), "the page itself scrolls sideways"
    shot(page, f"pictures-{name}")
    # Each picture on its own, as it is seen in its card (the full-page shots above hold the tables too).
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for card in ("map", "curve"):
        page.locator(f"#{card} .pic-scroll").screenshot(path=str(SCREENSHOTS / f"pictures-{name}-{card}.png"))
    # The map scrolled to its end: the last stage and the end of the legend in view.
    page.locator("#map .pic-scroll").evaluate("element => { element.scrollLeft = element.scrollWidth; }")
    page.locator("#curve .pic-scroll").evaluate("element => { element.scrollLeft = element.scrollWidth; }")
    shot(page, f"pictures-{name}-scrolled")


def join_as_guest(page, workshop, name="Gerda Gast"):
    page.goto(reverse("workshops:join_code", args=[workshop.join_code]))
    page.locator("input[name=display_name]").fill(name)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("workshops:room", args=[workshop.pk])) + "$"))


@pytest.fixture
def demo(facilitator, member):
    workshop, _created = load_demo_workshop(team=facilitator.current_team, facilitator=facilitator, members=[member])
    add_review_round(workshop, taken_on=datetime.date(2027, 4, 1), shift=1, label="Review april")
    add_review_round(workshop, taken_on=datetime.date(2027, 7, 1), shift=2)
    return workshop


@pytest.fixture
def large(team, facilitator):
    return build_workshop(team, facilitator, stages=10, touchpoints=25, participants=30, reviews=2, long_names=True,
                          title="Een grote klantreis met tien fases en vijfentwintig contactmomenten")


def test_demo_map_on_a_laptop_and_a_phone(new_page, log_in, facilitator, password, shot, demo):
    laptop = new_page()
    log_in(laptop, facilitator.email, password)
    look_at_the_map(laptop, demo, shot, "demo-laptop")
    expect(laptop.locator("svg.pic-map .pic-map-touchpoint--truth")).to_have_count(3)
    expect(laptop.locator("svg.pic-curve .pic-curve-line--review")).to_have_count(2)
    expect(laptop.locator("svg.pic-curve .pic-curve-marker--ideal")).to_have_count(15)
    expect(laptop.locator("#curve table")).to_contain_text("Track & trace per sms")
    expect(laptop.locator("#curve table")).to_contain_text("Review april")

    with laptop.expect_download() as download:
        laptop.locator(f"a[href='{reverse('journeys:journey_map_svg', args=[demo.pk])}']").click()
    assert re.fullmatch(r"sokken-op-abonnement-[a-z-]+\.svg", download.value.suggested_filename)
    with laptop.expect_download() as download:
        laptop.locator(f"a[href='{reverse('journeys:emotion_curve_svg', args=[demo.pk])}']").click()
    assert re.fullmatch(r"sokken-op-abonnement-[a-z-]+\.svg", download.value.suggested_filename)

    phone = new_page(phone=True)
    join_as_guest(phone, demo)
    look_at_the_map(phone, demo, shot, "demo-phone")


def test_large_map_on_a_laptop_and_a_phone(new_page, log_in, facilitator, password, shot, large):
    laptop = new_page()
    log_in(laptop, facilitator.email, password)
    look_at_the_map(laptop, large, shot, "large-laptop")
    expect(laptop.locator("svg.pic-map .pic-map-stage")).to_have_count(10)
    expect(laptop.locator("svg.pic-curve .pic-curve-marker--current")).to_have_count(24)

    phone = new_page(phone=True)
    join_as_guest(phone, large)
    look_at_the_map(phone, large, shot, "large-phone")
