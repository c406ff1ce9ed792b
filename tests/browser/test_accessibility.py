"""Accessibility (WCAG 2.1 AA) of every page, checked by axe-core in Chromium, on a desktop and on a phone.

The pages come from the URL resolver, as in tests/test_outsiders.py: every URL pattern is either visited here
(``visits``) or exempted in EXEMPT with its reason, and a pattern that is neither fails the walk — so a page is
covered the day it is added. The data is the demo workshop (config/tooling/demo.py), seen by the person who uses
each page: anonymous visitors on the sign-in pages, the team's owner on the team and account pages, the
workshop's facilitator in the room (each of the seven steps), on the projector (each step) and the map, a
member and a viewer in the room (each step), and a guest who joined with the code on the join and room pages.
Django's admin (staff only, Django's own pages) is left out; the API docs (Swagger UI, not ours) only have to
say their language.

axe-core comes with the axe-playwright-python package (its axe.min.js, injected by Playwright: nothing is
fetched). Any violation axe rates serious or critical fails, listed with its rule, its element and the page.
On the phone and on the projector, no visible text may be drawn smaller than 12 px (SVG text at its
on-screen size); on the phone no page may scroll sideways or have an element sticking out past its right edge.
axe does not judge focus rings: a keyboard walk through the room checks them (3:1).

One browser context per person and size serves every page. The 73 pages of one size take 1–2.5 minutes on
two busy cores, most of it axe itself (about 0.8 s a page); ``-s`` prints the split.
"""

import time
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from actions.models import CalendarFeed, Improvement, ReminderKind, Review
from actions.reminders import unsubscribe_token
from actions.services.reviews import finish_review, start_review, walk_improvement
from config.tooling.demo import DEMO_WORKSHOP_TITLE, load_demo_workshop
from journeys.models import Gap, ReportFile, Stage, Touchpoint
from tests.actions.test_report_files import tasks_left_waiting
from tests.actors import acting
from tests.browser.conftest import DESKTOP, PHONE, what_people_see
from tests.factories import InvitationFactory
from tests.urlwalk import params_of, walk
from workshops.api_auth import api_token_create
from workshops.models import Step, Workshop

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = {"desktop": DESKTOP, "phone": PHONE}
FAILING_IMPACTS = {"serious", "critical"}
SMALLEST_TEXT_PX = 12

# Patterns that are not pages a person reads, each with its reason. The walk checks the reasons hold:
# a POST-only view refuses GET (405), a download is not HTML, a fragment is no whole page.
POST_ONLY = "POST only: a form's action, it shows no page of its own"
DOWNLOAD = "a download (PDF, CSV, SVG, ICS, JSON), not a page"
FRAGMENT = "an htmx fragment of a page checked here, swapped into it (the same partial the page renders)"
EXEMPT = {
    **dict.fromkeys([
        "workshops:logout", "workshops:api_token_revoke", "workshops:set_language", "workshops:team_switch",
        "workshops:member_role", "workshops:member_remove", "workshops:team_leave", "tooling:team_backup_import",
        "workshops:invitation_revoke", "workshops:invitation_resend", "workshops:workshop_step",
        "workshops:workshop_countdown", "workshops:workshop_open", "workshops:workshop_join_code",
        "journeys:scope_update", "journeys:scope_persona_choose", "journeys:scope_persona_create",
        "journeys:scope_persona_update", "journeys:evidence_figure_create", "journeys:evidence_quote_create",
        "journeys:evidence_delete", "journeys:evidence_import_upload", "journeys:evidence_import_confirm",
        "journeys:evidence_import_cancel", "journeys:tp_stage_add", "journeys:tp_stage_delete",
        "journeys:tp_stage_move", "journeys:tp_add", "journeys:tp_delete", "journeys:tp_move", "journeys:emotion_score",
        "journeys:emotion_note_add", "journeys:emotion_note_delete", "journeys:ideal_create",
        "journeys:ideal_stage_add", "journeys:ideal_target", "journeys:gap_create", "journeys:gap_votes_setting",
        "journeys:gap_delete", "journeys:gap_vote", "actions:room_improvement_create", "actions:workshop_close",
        "actions:workshop_reopen", "actions:room_improvement_move", "actions:room_improvement_assign",
        "actions:room_improvement_status", "actions:room_improvement_delete", "actions:improvement_status",
        "actions:improvement_edit", "actions:calendar_renew", "actions:calendar_revoke", "actions:review_cycle",
        "actions:review_start", "actions:review_walk", "actions:review_finish",
    ], POST_ONLY),
    **dict.fromkeys([
        "tooling:team_backup", "workshops:join_qr", "journeys:evidence_import_example", "journeys:journey_map_svg",
        "journeys:emotion_curve_svg", "actions:workshop_report_download", "actions:action_plan_csv",
        "actions:calendar_feed", "api_schema",
    ], DOWNLOAD),
    **dict.fromkeys([
        "workshops:room_state", "workshops:step_live", "workshops:projector_live", "journeys:scope_live",
        "journeys:evidence_list", "journeys:tp_stage_show", "journeys:tp_show", "journeys:gap_hint",
        "journeys:gap_list", "actions:room_improvement_board", "actions:review_live", "actions:workshop_report_status",
    ], FRAGMENT),
}
EXEMPT_PREFIXES = {
    "admin:": "Django's admin: staff only, Django's own pages and styles",
    "v1:": "the REST API: JSON for scripts (its reference, api_docs, is checked for its language)",
}
# The pages photographed on the way (var/screenshots/a11y-<size>-<name>.png), those in LOOK_AT of
# tests/browser/conftest.py to look at.
SHOTS = {"workshops:team_detail", "actions:action_plan", "journeys:journey_map", "room-4-guest", "room-6-member",
         "room-7-guest", "room-7-facilitator", "projector-1", "projector-4", "projector-7"}
# Swagger UI draws the API reference with its own styles; we only make it say its language.
DOCUMENT_RULES = {"runOnly": {"type": "rule", "values": ["html-has-lang", "html-lang-valid", "document-title"]}}


@dataclass(frozen=True)
class Visit:
    name: str  # the URL pattern
    persona: str
    url: str
    label: str = ""  # what the failure message calls it, e.g. "room, step 4"
    step: str | None = None  # the workshop's step while the page is checked
    options: dict | None = None  # axe's run options (None: every rule)
    shot: str = ""  # a screenshot's name (var/screenshots/a11y-<size>-<shot>.png), for a few pages

    @property
    def title(self):
        return f"{self.label or self.name} ({self.persona}, {self.url})"


@dataclass
class World:
    people: dict  # persona → user
    workshop: Workshop  # the demo, walked through its steps
    reviewed: Workshop  # a second demo: one finished review and one open
    fillers: dict  # URL parameter → value
    exempt_params: dict  # pattern → its own URL parameters, for checking its exemption


def build_world(team, owner, facilitator, member, viewer):
    workshop, _created = load_demo_workshop(team=team, facilitator=facilitator, members=[owner, member])
    Workshop.objects.filter(pk=workshop.pk).update(title=f"{DEMO_WORKSHOP_TITLE} (voorjaar)")
    reviewed, _created = load_demo_workshop(team=team, facilitator=facilitator, members=[owner, member])
    first = start_review(workshop=reviewed, actor=acting(facilitator))
    done = Improvement.objects.filter(journey=reviewed.journey, status="in_progress").first()
    walk_improvement(review=first, improvement=done, status="done", comment="Live sinds maart",
                     actor=acting(facilitator))
    finish_review(review=first, notes="De eerste levering scoort beter.")
    start_review(workshop=reviewed, actor=acting(facilitator))
    invitation = InvitationFactory(team=team, email="nieuw@sokkenclub.example", invited_by=owner)
    api_token_create(user=owner, name="Rapportage-script")
    journey = workshop.journey
    # A report made before (its status and download are addressed by its fingerprint).
    report = ReportFile.objects.create(workshop=workshop, language="nl", fingerprint="a" * 64, state="ready",
                                       filename="rapport.pdf", pdf=b"%PDF-1.7", requested_at=timezone.now())
    feed = CalendarFeed.objects.create(user=owner)
    fillers = {
        "slug": team.slug, "workshop_id": workshop.pk, "code": workshop.join_code, "key": report.fingerprint,
        "membership_id": member.memberships.get(team=team).pk, "invitation_id": invitation.pk,
        "token": invitation.token, "token_id": owner.api_tokens.first().pk,
        "uidb64": urlsafe_base64_encode(force_bytes(owner.pk)),
        "persona_id": journey.persona_id, "evidence_id": journey.evidence.first().pk,
        "stage_id": Stage.objects.filter(journey=journey).first().pk,
        "touchpoint_id": Touchpoint.objects.filter(stage__journey=journey).first().pk,
        "note_id": Touchpoint.objects.filter(stage__journey=journey, notes__isnull=False).first().notes.first().pk,
        "gap_id": Gap.objects.filter(journey=journey).first().pk,
        "improvement_id": Improvement.objects.filter(journey=journey).first().pk,
        "review_id": Review.objects.filter(journey=reviewed.journey).first().pk,
    }
    on_reviewed = {name: {"workshop_id": reviewed.pk} for name in EXEMPT if name.startswith("actions:review_")}
    return World(people={"owner": owner, "facilitator": facilitator, "member": member, "viewer": viewer},
                 workshop=workshop, reviewed=reviewed, fillers=fillers,
                 exempt_params={"actions:calendar_feed": {"token": feed.token}, **on_reviewed})


def url_of(name, world, **given):
    _name, route = next((n, r) for n, r in walk() if n == name)
    return reverse(name, kwargs={p: given.get(p, world.fillers.get(p)) for p in params_of(route)})


def visits(world):
    """Every page, as the person who uses it (and the room and the projector at each step)."""
    r = world.reviewed
    open_review, finished_review = Review.objects.filter(journey=r.journey).order_by("-pk")[:2]
    reset_user = world.people["owner"]
    result = [
        Visit("workshops:home", "anonymous", url_of("workshops:home", world)),
        Visit("workshops:login", "anonymous", url_of("workshops:login", world)),
        Visit("workshops:signup", "anonymous", url_of("workshops:signup", world)),
        Visit("workshops:password_reset", "anonymous", url_of("workshops:password_reset", world)),
        Visit("workshops:password_reset_done", "anonymous", url_of("workshops:password_reset_done", world)),
        # A real link from the email: Django sends it on to the form under a URL of its own.
        Visit("workshops:password_reset_confirm", "anonymous", url_of(
            "workshops:password_reset_confirm", world, token=default_token_generator.make_token(reset_user))),
        Visit("workshops:password_reset_complete", "anonymous", url_of("workshops:password_reset_complete", world)),
        Visit("workshops:invitation_accept", "anonymous", url_of("workshops:invitation_accept", world)),
        Visit("actions:reminder_unsubscribe", "anonymous", url_of(
            "actions:reminder_unsubscribe", world, token=unsubscribe_token(world.people["member"].pk,
                                                                   ReminderKind.DEADLINE_WEEK))),
        Visit("workshops:join", "anonymous", url_of("workshops:join", world)),
        Visit("workshops:join_code", "anonymous", url_of("workshops:join_code", world)),
        Visit("api_docs", "member", url_of("api_docs", world), options=DOCUMENT_RULES),
    ]
    for name in ("workshops:profile", "workshops:api_tokens", "workshops:password_change",
                 "workshops:password_change_done", "workshops:team_list", "workshops:team_detail",
                 "workshops:team_members", "journeys:workshop_new", "actions:calendar_settings",
                 "actions:reminder_settings", "actions:action_plan", "actions:improvement_detail",
                 "actions:my_improvements"):
        result.append(Visit(name, "owner", url_of(name, world), shot=name if name in SHOTS else ""))
    result += [
        Visit("actions:my_improvements", "member", url_of("actions:my_improvements", world)),
        Visit("journeys:journey_map", "facilitator", url_of("journeys:journey_map", world), shot="journey_map"),
        Visit("actions:workshop_report", "facilitator", url_of("actions:workshop_report", world),
              "report waiting page"),
        Visit("actions:journey_reviews", "facilitator", url_of("actions:journey_reviews", world, workshop_id=r.pk)),
        Visit("actions:review_detail", "facilitator", url_of("actions:review_detail", world, workshop_id=r.pk,
                                                     review_id=open_review.pk), "open review"),
        Visit("actions:review_detail", "facilitator", url_of("actions:review_detail", world, workshop_id=r.pk,
                                                     review_id=finished_review.pk), "finished review"),
        Visit("workshops:room", "member", url_of("workshops:room", world, workshop_id=r.pk), "room during a review"),
    ]
    for step in Step.ordered():
        label = f"step {step.number}"
        for persona in ("facilitator", "member", "viewer", "guest"):
            shot = f"room-{step.number}-{persona}"
            result.append(Visit("workshops:room", persona, url_of("workshops:room", world), f"room, {label}", step,
                                shot=shot if shot in SHOTS else ""))
        shot = f"projector-{step.number}"
        result.append(Visit("workshops:projector", "facilitator", url_of("workshops:projector", world),
                            f"projector, {label}", step, shot=shot if shot in SHOTS else ""))
    # The forms a facilitator opens in the room, as whole pages (without JavaScript, or a link opened anew).
    result += [
        Visit("journeys:tp_stage_edit", "facilitator", url_of("journeys:tp_stage_edit", world), step=Step.TOUCHPOINTS),
        Visit("journeys:tp_edit", "facilitator", url_of("journeys:tp_edit", world), step=Step.TOUCHPOINTS),
        Visit("journeys:gap_new", "facilitator", url_of("journeys:gap_new", world), step=Step.GAPS),
        Visit("journeys:gap_edit", "facilitator", url_of("journeys:gap_edit", world), step=Step.GAPS),
        Visit("actions:room_improvement_new", "facilitator",
              url_of("actions:room_improvement_new", world) + f"?gap={world.fillers['gap_id']}",
              step=Step.IMPROVEMENTS),
        Visit("actions:room_improvement_edit", "facilitator", url_of("actions:room_improvement_edit", world),
              step=Step.IMPROVEMENTS),
    ]
    return result


@pytest.fixture
def world(team, owner, facilitator, member, viewer):
    return build_world(team, owner, facilitator, member, viewer)


def test_every_url_pattern_is_checked_or_exempt_for_a_reason_that_holds(world, client):
    """An unlisted pattern fails here; so does an exemption whose reason is not (or no longer) true."""
    checked = {visit.name for visit in visits(world)}
    assert not checked & EXEMPT.keys(), "a pattern both checked and exempt"
    names = {name for name, _route in walk() if name is not None}
    unknown = sorted(name for name in names - checked - EXEMPT.keys()
                     if not name.startswith(tuple(EXEMPT_PREFIXES)))
    assert not unknown, f"Not checked for accessibility: {unknown}. Add a Visit, or exempt it with its reason."
    assert not EXEMPT.keys() - names, f"Exempt but no longer a pattern: {sorted(EXEMPT.keys() - names)}"

    client.force_login(world.people["owner"])  # who may download everything (the team's backup too)
    with tasks_left_waiting():
        for name, reason in EXEMPT.items():
            url = url_of(name, world, **world.exempt_params.get(name, {}))
            if reason is POST_ONLY:
                assert client.get(url).status_code == 405, f"{name} answers GET: check it as a page"
            elif reason is DOWNLOAD:
                response = client.get(url)
                assert response.status_code == 200, f"{name} gave {response.status_code}"
                assert not response.get("Content-Type", "").startswith("text/html"), f"{name} is HTML"
            else:
                response = client.get(url, HTTP_HX_REQUEST="true")
                body = b"" if response.streaming else response.content
                assert response.status_code in (200, 204, 302) and b"<html" not in body, f"{name}: a whole page"


# The visible text drawn smaller than SMALLEST_TEXT_PX: HTML text at its computed size, SVG text at its size on
# screen (the picture's scale applied), and the words that CSS writes itself (::before and ::after, e.g. the
# column names of a table laid out as cards on a phone). Hidden text (display, visibility, opacity, clipped to
# 1 px) does not count.
SMALL_TEXT = """(limit) => {
  const found = [];
  const where = (element) => element.id ? `#${element.id}`
    : `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}`;
  const visible = (element) => element.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, element = node.parentElement;
    if (!node.textContent.trim() || !element || !visible(element)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if (![...range.getClientRects()].some(r => r.width > 1 && r.height > 1)) continue;
    let size = parseFloat(getComputedStyle(element).fontSize);
    if (element instanceof SVGElement) {
      const m = element.getScreenCTM();
      size *= Math.hypot(m.a, m.b);
    }
    if (size < limit - 0.05) {
      found.push(`${size.toFixed(1)} px: ${where(element)} "${node.textContent.trim().slice(0, 40)}"`);
    }
  }
  for (const element of document.body.querySelectorAll('*')) {
    if (element instanceof SVGElement || !visible(element)) continue;
    for (const pseudo of ['::before', '::after']) {
      const style = getComputedStyle(element, pseudo);
      const words = style.content.replace(/^"|"$/g, '').trim();
      if (style.display === 'none' || ['none', 'normal', ''].includes(words) || !/\\w/.test(words)) continue;
      const size = parseFloat(style.fontSize);
      if (size < limit - 0.05) {
        found.push(`${size.toFixed(1)} px: ${where(element)}${pseudo} ${style.content.slice(0, 40)}`);
      }
    }
  }
  return [...new Set(found)];
}"""


class People:
    """One browser context (and page) per person at one size, signed in once, used for every page."""

    def __init__(self, new_context, live_server, world, size):
        self.new_context, self.live_server, self.world, self.size = new_context, live_server, world, size
        self.pages = {}

    def page(self, persona):
        if persona not in self.pages:
            context = self.new_context(phone=self.size == "phone")
            user = self.world.people.get(persona)
            if user is not None:
                client = Client()
                client.force_login(user)
                context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": self.live_server.url,
                                      "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
            page = context.new_page()
            if persona == "guest":
                page.goto(reverse("workshops:join_code", args=[self.world.workshop.join_code]))
                page.locator("input[name=display_name]").fill("Gerda (klantenservice)")
                page.locator("main form button[type=submit]").click()
                page.wait_for_url(f"**{reverse('workshops:room', args=[self.world.workshop.pk])}")
            self.pages[persona] = page
        return self.pages[persona]


def check_every_page(size, world, new_context, live_server, shot):
    axe = Axe()
    people = People(new_context, live_server, world, size)
    problems, small_text, sideways, checked = [], [], [], 0
    timings = dict.fromkeys(["page", "axe", "rest"], 0.0)
    with tasks_left_waiting():
        for visit in visits(world):
            started = time.monotonic()
            page = people.page(visit.persona)
            if visit.step:
                # Off the room first: its poll would reload it on the step change while the goto below starts.
                page.goto("about:blank")
                Workshop.objects.filter(pk=world.workshop.pk).update(step=visit.step)
            response = page.goto(visit.url)
            assert response.ok, f"{visit.title} answered {response.status}"  # every page is whole at "load"
            timings["page"] += time.monotonic() - started
            started = time.monotonic()
            results = axe.run(page, options=visit.options or {"resultTypes": ["violations"]})
            timings["axe"] += time.monotonic() - started
            started = time.monotonic()
            for violation in results.response["violations"]:
                if violation["impact"] in FAILING_IMPACTS:
                    targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:6])
                    problems.append(f"{visit.title}: {violation['id']} ({violation['impact']}) "
                                    f"{violation['help']} — {targets}")
            # On the phone, and on the projector at a projector's size (1280×800 is a common one; a projector view
            # on a phone is only checked by axe: it scales itself to the screen it is shown on). Not on Swagger UI.
            if (size == "phone") != (visit.name == "workshops:projector") and visit.options is None:
                small_text += [f"{visit.title}: {found}" for found in page.evaluate(SMALL_TEXT, SMALLEST_TEXT_PX)]
            if size == "phone":  # nothing sticks out sideways on any page (the projector's fit: test_projector.py)
                sideways += [f"{visit.title}: {found}" for found in what_people_see(page)]
            if visit.shot:  # checked above, with every other page (fits=False: the walk collects what it finds)
                shot(page, f"a11y-{size}-{visit.shot}", fits=False)
            page.goto("about:blank")  # no poll of this page may reload it under the next step's visit
            timings["rest"] += time.monotonic() - started
            checked += 1
    print(f"\naxe: {checked} pages on the {size} in {sum(timings.values()):.0f} s: "
          + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in timings.items()))
    return problems, small_text, sideways


@pytest.mark.parametrize("size", SIZES)
def test_no_serious_or_critical_accessibility_violation_on_any_page(size, world, new_context, live_server, shot):
    problems, small_text, sideways = check_every_page(size, world, new_context, live_server, shot)
    assert not (problems or small_text or sideways), "\n".join([
        f"{len(problems)} serious or critical violations:", *problems,
        f"{len(small_text)} pages with text under {SMALLEST_TEXT_PX} px:", *small_text,
        f"{len(sideways)} things sticking out sideways on the phone:", *sideways])


# For each element the keyboard reaches: the colour of its focus ring and of what surrounds the ring (the first
# background behind it, semi-transparent ones blended onto what lies under them), and their contrast ratio.
# A radio or checkbox that is hidden behind its label shows the ring on the label that follows it.
FOCUS_RING = """() => {
  const rgba = (text) => { const [r, g, b, a = 1] = text.match(/[\\d.]+/g).map(Number); return {r, g, b, a}; };
  const luminance = ({r, g, b}) => {
    const f = (c) => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const behind = (element) => {
    const layers = [];
    for (let at = element; at; at = at.parentElement) {
      const colour = rgba(getComputedStyle(at).backgroundColor);
      if (colour.a > 0) layers.push(colour);
      if (colour.a >= 1) break;
    }
    return layers.reverse().reduce((under, over) => ({
      r: over.r * over.a + under.r * (1 - over.a), g: over.g * over.a + under.g * (1 - over.a),
      b: over.b * over.a + under.b * (1 - over.a)}), {r: 255, g: 255, b: 255});
  };
  let ringed = document.activeElement;
  if (getComputedStyle(ringed).outlineStyle === 'none' && ringed.matches('input') && ringed.nextElementSibling) {
    ringed = ringed.nextElementSibling;
  }
  const style = getComputedStyle(ringed);
  if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) === 0) return null;
  const [ring, around] = [luminance(rgba(style.outlineColor)), luminance(behind(ringed.parentElement))];
  const ratio = (Math.max(ring, around) + 0.05) / (Math.min(ring, around) + 0.05);
  return {ratio, what: `${ringed.tagName.toLowerCase()}.${[...ringed.classList].join('.')}`};
}"""


@pytest.mark.parametrize("step", [Step.EMOTIONS, Step.IMPROVEMENTS])
def test_the_focus_ring_stands_out_from_what_surrounds_it(step, world, new_context, live_server):
    """axe does not look at focus rings: the keyboard walks the room (the top bar, the facilitator's controls, the
    scores' scale, the forms, the matrix) and every ring must have 3:1 against its surroundings (WCAG 1.4.11)."""
    Workshop.objects.filter(pk=world.workshop.pk).update(step=step)
    page = People(new_context, live_server, world, "desktop").page("facilitator")
    page.goto(url_of("workshops:room", world))
    weak, rings = [], 0
    for _stop in range(120):
        page.keyboard.press("Tab")
        found = page.evaluate(FOCUS_RING)
        if found:
            rings += 1
            if found["ratio"] < 3:
                weak.append(f"{found['what']}: {found['ratio']:.2f}:1")
    assert rings > 40, "the keyboard reached too few elements to judge"
    assert not weak, "Focus rings under 3:1 against their surroundings:\n" + "\n".join(sorted(set(weak)))
