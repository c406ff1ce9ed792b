"""Focus and announcements in the room, in a browser (Dutch, the default language).

Parts of the room are swapped while people use them: their own dot vote, a colleague's edit arriving by the
live poll. Focus stays on the control the person was on (or its replacement), never falling to <body>, and
what changed is read out through the room's one polite live region (#announcer)."""

from django.urls import reverse
from playwright.sync_api import expect

from journeys.models import Evidence, EvidenceKind, Gap, JourneyTemplate, Stage, Touchpoint
from journeys.services.workshops import workshop_create
from workshops.models import Step, Workshop

FOCUSED_ID = "document.activeElement && document.activeElement.id"


def a_workshop(facilitator, step):
    workshop = workshop_create(team=facilitator.current_team, title="Sokken bestellen", facilitator=facilitator,
                               template=JourneyTemplate.FIVE_PHASES)
    Workshop.objects.filter(pk=workshop.pk).update(step=step, votes_per_participant=3)
    return workshop


def join_as_guest(page, workshop, name="Gerda Gast"):
    page.goto(reverse("workshops:join_code", args=[workshop.join_code]))
    page.locator("input[name=display_name]").fill(name)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".badge--guest")).to_be_visible()


def test_voting_with_the_keyboard_keeps_focus_on_the_button_and_reads_out_the_vote(new_page, facilitator, shot):
    workshop = a_workshop(facilitator, Step.GAPS)
    socks = Gap.objects.create(journey=workshop.journey, problem="Klanten weten niet wanneer hun sokken komen")
    Gap.objects.create(journey=workshop.journey, problem="Klanten vinden hun maat niet")
    page = new_page(phone=True)
    join_as_guest(page, workshop)
    row = page.locator(f"#gap-{socks.pk}")

    page.locator(f"#gap-{socks.pk}-add").focus()
    page.keyboard.press("Enter")
    expect(row.locator(".gap-mine")).to_have_text("1")
    assert page.evaluate(FOCUSED_ID) == f"gap-{socks.pk}-add"  # the new row's + button: vote again at once
    expect(page.locator("#announcer")).to_have_text(
        "Stip gezet op “Klanten weten niet wanneer hun sokken komen”. Nog 2 van 3 stippen over.")
    page.keyboard.press("Enter")
    expect(row.locator(".gap-mine")).to_have_text("2")
    assert page.evaluate(FOCUSED_ID) == f"gap-{socks.pk}-add"
    expect(page.locator("#announcer")).to_contain_text("Nog 1 van 3 stippen over.")
    shot(page, "room-focus-01-phone-voted-by-keyboard")

    # Taking both dots back: the − button is disabled once no dot is left on the gap, so focus moves to +.
    page.locator(f"#gap-{socks.pk}-remove").focus()
    page.keyboard.press("Enter")
    expect(row.locator(".gap-mine")).to_have_text("1")
    assert page.evaluate(FOCUSED_ID) == f"gap-{socks.pk}-remove"
    expect(page.locator("#announcer")).to_have_text(
        "Stip teruggenomen van “Klanten weten niet wanneer hun sokken komen”. Nog 2 van 3 stippen over.")
    page.keyboard.press("Enter")
    expect(row.locator(".gap-mine")).to_have_text("0")
    expect(page.locator(f"#gap-{socks.pk}-remove")).to_be_disabled()
    assert page.evaluate(FOCUSED_ID) == f"gap-{socks.pk}-add"


def test_a_live_refresh_keeps_focus_where_it_was_and_says_what_changed(new_page, log_in, facilitator, member,
                                                                       password, shot):
    """Touchpoints a colleague adds reach a guest watching the board; evidence someone adds reaches a member
    who was about to delete another piece of evidence. Neither loses their place."""
    workshop = a_workshop(facilitator, Step.TOUCHPOINTS)
    first = Stage.objects.filter(journey=workshop.journey).order_by("position").first()
    Touchpoint.objects.create(stage=first, name="Instagram-advertentie", position=0)

    guest = new_page(phone=True)
    join_as_guest(guest, workshop)
    board = guest.locator(".tp-board")
    board.focus()  # the board scrolls sideways: a keyboard user is on it
    announcer = guest.locator("#announcer")
    expect(announcer).to_have_text("")

    page = new_page()
    log_in(page, facilitator.email, password)
    page.goto(reverse("workshops:room", args=[workshop.pk]))
    column = page.locator(f"#stage-{first.pk}")
    column.locator(".tp-add > summary").click()
    for name in ("Zoekresultaat", "Vergelijkingssite"):  # the form stays open for the next one
        column.locator(".tp-add input[name=name]").fill(name)
        column.locator(".tp-add button[type=submit]").click()
        expect(column.locator(".tp-card", has_text=name)).to_be_visible()

    expect(guest.locator(".tp-card", has_text="Vergelijkingssite")).to_be_visible(timeout=12_000)
    expect(board).to_be_focused()
    expect(announcer).to_have_text("2 nieuwe contactmomenten.")
    shot(guest, "room-focus-02-phone-board-refreshed")

    # The data step: a member's focus on a delete button survives the list being refreshed.
    Workshop.objects.filter(pk=workshop.pk).update(step=Step.DATA)
    quote = Evidence.objects.create(journey=workshop.journey, kind=EvidenceKind.QUALITATIVE,
                                    quote="Waar is mijn pakket?", source="interview")
    colleague = new_page()
    log_in(colleague, member.email, password)
    colleague.goto(reverse("workshops:room", args=[workshop.pk]))
    delete = colleague.locator(f"#evidence-{quote.pk} .evidence-delete button")
    delete.focus()
    Evidence.objects.create(journey=workshop.journey, kind=EvidenceKind.QUANTITATIVE, metric="Conversie",
                            value=2, unit="%", source="web_analytics")
    expect(colleague.locator(".evidence-metric", has_text="Conversie")).to_be_visible(timeout=12_000)
    expect(delete).to_be_focused()
    expect(colleague.locator("#announcer")).to_have_text("1 nieuw cijfer.")
