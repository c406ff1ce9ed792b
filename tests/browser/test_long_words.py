"""Text of any length stays inside its place on every page: the demo workshop with every text field filled with one
unbroken word as long as the field allows (4,000 characters where it sets no limit), opened in Chromium at every
step of the room and the projector, on the map, the reviews, the action plan and the team's pages, on a desktop and
on a phone. No page may scroll sideways and no text may stick out of its box; where a place is too small on purpose
(a menu's name) it ends in "…"."""

import pytest
from django.db import models
from django.urls import resolve, reverse

from actions.services.reviews import start_review
from config.tooling.demo import load_demo_workshop
from tests.actions.test_report_ink import long_word
from tests.actors import acting
from tests.test_escaping import TECHNICAL, TEXT_MODELS, page_urls
from workshops.models import Step, Workshop

LONG_TEXT = 4000  # where a field sets no limit

# Text hidden for the eye but kept for screen readers (clipped to nothing: .visually-hidden, the logo's name on a
# phone) is not on the screen, so it cannot run out of anything.
CLIPPED = """const clipped = (element) => {
    for (let box = element; box; box = box.parentElement) {
      if (getComputedStyle(box).clip === "rect(0px, 0px, 0px, 0px)") return true;
    }
    return false;
  };"""

# Every text node whose characters run past the right edge of its block (or of the window), unless a box around it
# scrolls, or cuts it with an ellipsis on purpose.
OVERFLOWING_TEXT = """() => {
  """ + CLIPPED + """
  const root = document.documentElement, problems = [];
  if (root.scrollWidth > root.clientWidth + 1) {
    problems.push(`the page is ${root.scrollWidth}px wide in a window of ${root.clientWidth}px`);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!node.textContent.trim() || parent.closest("svg, script, style, template") || clipped(parent)) continue;
    if (!parent.checkVisibility({visibilityProperty: true})) continue;  // in a closed menu, say
    let meant = false;  // a box that scrolls, or that cuts its text with an ellipsis
    for (let box = parent; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (["auto", "scroll"].includes(style.overflowX) || style.textOverflow === "ellipsis") { meant = true; break; }
    }
    if (meant) continue;
    let block = parent;
    while (block.parentElement && getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
    range.selectNodeContents(node);
    const text = range.getBoundingClientRect();
    if (!text.width || !text.height) continue;
    const style = getComputedStyle(block), box = block.getBoundingClientRect();
    const right = Math.min(box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth),
                           root.clientWidth);
    if (text.right > right + 1) {
      problems.push(`"${node.textContent.trim().slice(0, 30)}…" runs ${Math.round(text.right - right)}px out of ` +
                    `<${block.tagName.toLowerCase()} class="${block.className}">`);
    }
  }
  return problems;
}"""


# Every place where a line breaks between two letters or digits of a word: breaking anywhere is meant for words
# longer than their line, not for ordinary ones.
WORDS_BROKEN = """() => {
  """ + CLIPPED + """
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent, parent = node.parentElement;
    if (!text.trim() || parent.closest("svg, script, style, template") || clipped(parent)) continue;
    if (!parent.checkVisibility({visibilityProperty: true})) continue;
    range.selectNodeContents(node);
    if (range.getClientRects().length < 2) continue;  // on one line
    let top = null;
    for (let i = 0; i < text.length; i++) {
      if (!/[\\p{L}\\p{N}]/u.test(text[i])) { top = null; continue; }  // a line may break after a space or a hyphen
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect) continue;
      if (top !== null && rect.top > top + 2) {
        const start = text.lastIndexOf(" ", i) + 1, end = text.indexOf(" ", i);
        const word = text.slice(start, end < 0 ? undefined : end);
        broken.push(`${word} (in <${parent.tagName.toLowerCase()} class="${parent.className}">)`);
      }
      top = rect.top;
    }
  }
  return broken;
}"""


def fill_with_long_words(queryset):
    values = {}
    for field in queryset.model._meta.get_fields():
        if (isinstance(field, (models.CharField, models.TextField)) and field.editable and not field.choices
                and field.name not in TECHNICAL):
            values[field.name] = long_word(getattr(field, "max_length", None) or LONG_TEXT, field.name.title())
    queryset.update(**values)


@pytest.fixture
def long_worded(team, facilitator, owner, member):
    """The demo workshop, a review started, and every text field one long word."""
    workshop, _created = load_demo_workshop(team=team, facilitator=facilitator, members=[owner, member])
    start_review(workshop=workshop, actor=acting(facilitator))
    for model in TEXT_MODELS:
        fill_with_long_words(model.objects.all())
    workshop.refresh_from_db()
    return workshop


@pytest.fixture
def ordinary(team, facilitator, owner, member):
    """The demo workshop as it is, a review started."""
    workshop, _created = load_demo_workshop(team=team, facilitator=facilitator, members=[owner, member])
    start_review(workshop=workshop, actor=acting(facilitator))
    return workshop


def every_page(page, workshop, *, projector=True):
    """Opens every page of ``workshop`` in turn (the room, and the projector, at every step); yields a name for each."""
    for step in Step.ordered():
        # Leave the room before its step changes: its poll would reload the page while the next goto starts, and
        # one of the two navigations is aborted (net::ERR_ABORTED).
        page.goto("about:blank")
        Workshop.objects.filter(pk=workshop.pk).update(step=step)
        for name in ("workshops:room", "workshops:projector") if projector else ("workshops:room",):
            page.goto(reverse(name, args=[workshop.pk]))
            yield f"{name}-{step}"
    per_step = {reverse(name, args=[workshop.pk])
                for name in ("workshops:room", "workshops:step_live",
                             "workshops:projector", "workshops:projector_live")}
    others = {url: resolve(url).url_name for url in page_urls(workshop)
              if url not in per_step and not url.endswith(".svg")}
    others[reverse("workshops:api_tokens")] = "tokens"
    others[reverse("workshops:join_code", args=[workshop.join_code])] = "workshops:join"
    for url, name in others.items():
        page.goto(url)
        yield name


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_long_unbroken_words_stay_inside_every_page(new_page, log_in, facilitator, password, long_worded, phone):
    """The projector is left out on a phone: it is made for a large screen. (No screenshots: OVERFLOWING_TEXT
    checks the page sideways, and a projector's page of 4,000-character words cannot fit one screen.)"""
    page = new_page(phone=phone)
    log_in(page, facilitator.email, password)
    found = {}
    for name in every_page(page, long_worded, projector=not phone):
        found[name] = page.evaluate(OVERFLOWING_TEXT)
    assert {name: problems for name, problems in found.items() if problems} == {}


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_ordinary_words_are_not_broken_anywhere(new_page, log_in, facilitator, password, ordinary, shot, phone):
    """Breaking anywhere is for words longer than a line: the demo's words stay whole on every page. On the phone
    ``shot`` checks as well that no page scrolls sideways (the projector's fit: tests/browser/test_projector.py)."""
    page = new_page(phone=phone)
    log_in(page, facilitator.email, password)
    found = {}
    for name in every_page(page, ordinary, projector=not phone):
        found[name] = page.evaluate(WORDS_BROKEN)
        if phone:
            shot(page, f"ordinary-words-phone-{name}")
    assert {name: broken for name, broken in found.items() if broken} == {}
