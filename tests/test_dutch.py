"""Every word a Dutch user reads is Dutch: every string in the sources has its Dutch translation, and the pages,
pictures, downloads, emails and the PDF report of a worked-through journey — a workshop, a finished and an open
quarterly review, improvements with deadlines — carry no English month or weekday and none of the English
method words that used to slip through.

The pages are walked from the URL resolver (as tests/test_outsiders.py does), so a view added later is read too:
a URL parameter this test cannot fill makes it fail — add a filler in ``fillers``.
"""

import datetime
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from actions import reminders
from actions.models import CalendarFeed, Improvement, ReviewCycle
from actions.report import workshop_report_pdf
from actions.services import reviews as review_services
from config.tooling.demo import load_demo_workshop
from journeys.models import EmotionRating, Gap, Note, Touchpoint
from tests.actors import acting
from tests.test_project import po_entries
from tests.urlwalk import params_of, walk
from workshops.api_auth import api_token_create
from workshops.models import Invitation, Participant, Step, User, Workshop
from workshops.services import invitation_create

BASE_DIR = Path(settings.BASE_DIR)

# --- What may not appear in Dutch ---------------------------------------------------------------------------
# Kept small on purpose: the English that reached Dutch screens before, and the short words of an
# English sentence that was never translated. Dutch words for the method: moment van de waarheid, voor de schermen
# / achter de schermen, eigen / verdiende / betaalde media, spreiding. Add a word here when one slips
# through again; names people type (a persona, a touchpoint) are Dutch in this test's data.
DENYLIST = re.compile(
    r"\b(moments? of truth|front[- ]stage|back[- ]stage|swimlanes?|owned|earned|paid|stakeholders?"
    r"|the|and|your|with|please|this)\b", re.IGNORECASE)
ABBREVIATIONS = re.compile(r"\bSD\b")  # "standard deviation": spreiding
# English dates: month names (Dutch writes them in lower case), Django's "j M Y" ("17 Dec 2026", capitalised in
# Dutch too), the American "Dec. 17" and English weekdays.
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
SHORT_MONTHS = "Jan|Feb|Mar|Mrt|Apr|May|Mei|Jun|Jul|Aug|Sep|Sept|Oct|Okt|Nov|Dec"
ENGLISH_DATES = re.compile(
    rf"\b({MONTHS})\b|\d ({SHORT_MONTHS})\b|\b({SHORT_MONTHS})\.? \d"
    r"|\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")

# Pages that are English by design: the API's reference (its schema speaks the API's field names).
ENGLISH_BY_DESIGN = {"api_schema", "api_docs"}
# Attributes people read (or hear, with a screen reader).
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "data-label", "aria-description", "data-copied-text"}


def english_in(text):
    """The English words and dates in ``text`` (whitespace folded, so a phrase broken over lines is found)."""
    text = " ".join(text.split())
    return ([match.group(0) for match in DENYLIST.finditer(text)] + ABBREVIATIONS.findall(text)
            + [match.group(0) for match in ENGLISH_DATES.finditer(text)])


class ReadText(HTMLParser):
    """What a person reads on a page or in a picture: text (not scripts or styles) and the read attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        attributes = dict(attrs)
        for name, value in attrs:
            shown_value = name == "value" and tag == "input" and attributes.get("type") in ("submit", "button")
            if value and (name in READ_ATTRIBUTES or shown_value):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def read_text(markup):
    parser = ReadText()
    parser.feed(markup)
    return " ".join(parser.parts)


# --- A journey worked through, with everything a Dutch user meets -------------------------------------------

WORKSHOP_DAY = datetime.datetime(2026, 3, 12, 10)
FIRST_REVIEW_DAY = datetime.datetime(2026, 6, 15, 10)
SECOND_REVIEW_DAY = datetime.datetime(2026, 12, 7, 10)
TODAY = datetime.datetime(2026, 12, 10, 10)
DEADLINE = datetime.date(2026, 12, 17)  # "17 Dec" in Django's j M: the same three letters in both languages


@pytest.fixture
def dutch_world(team, owner, facilitator, member, viewer):
    """The demo workshop of ``team`` (run on 12 March), a finished review (June, three people scoring) and an open
    one (December, one score so far), deadlines in December, an open invitation, an API token and a calendar feed."""
    with time_machine.travel(WORKSHOP_DAY, tick=False):
        workshop, _created = load_demo_workshop(team=team, facilitator=facilitator, members=[owner, member])
        Workshop.objects.filter(pk=workshop.pk).update(step=Step.IMPROVEMENTS)
    people = list(Participant.objects.filter(workshop=workshop).order_by("pk"))
    touchpoints = list(Touchpoint.objects.filter(stage__journey=workshop.journey).order_by("stage__position",
                                                                                             "position"))
    with time_machine.travel(FIRST_REVIEW_DAY, tick=False):
        first = review_services.start_review(workshop=workshop, actor=acting(facilitator))
        EmotionRating.objects.bulk_create(
            EmotionRating(measurement=first.measurement, touchpoint=touchpoint, participant=person,
                          score=(n + i) % 7 - 2)
            for n, touchpoint in enumerate(touchpoints) for i, person in enumerate(people[:3]))
        review_services.finish_review(review=first, notes="Levering scoort beter")
    with time_machine.travel(SECOND_REVIEW_DAY, tick=False):
        second = review_services.start_review(workshop=workshop, actor=acting(facilitator))
        EmotionRating.objects.create(measurement=second.measurement, touchpoint=touchpoints[0],
                                     participant=people[0], score=4)
    Improvement.objects.filter(journey=workshop.journey, deadline__isnull=False).update(deadline=DEADLINE)
    with time_machine.travel(TODAY, tick=False):
        invitation, _renewed = invitation_create(team=team, email="nieuw@alfa.example", role="member",
                                                 invited_by=owner, language="nl")
        api_token_create(user=owner, name="Rapportagescript")
        CalendarFeed.objects.create(user=owner)
    return {"workshop": workshop, "team": team, "owner": owner, "member": member, "invitation": invitation,
            "first": first, "second": second, "touchpoint": touchpoints[0]}


def fillers(world, user):
    workshop, journey = world["workshop"], world["workshop"].journey
    return {
        "slug": world["team"].slug,
        "workshop_id": workshop.pk,
        "review_id": world["second"].pk,
        "improvement_id": Improvement.objects.filter(journey=journey).first().pk,
        "stage_id": journey.stages.first().pk,
        "touchpoint_id": world["touchpoint"].pk,
        "persona_id": journey.persona_id,
        "evidence_id": journey.evidence.first().pk,
        "note_id": Note.objects.filter(touchpoint__stage__journey=journey).first().pk,
        "gap_id": Gap.objects.filter(journey=journey).first().pk,
        "membership_id": world["team"].memberships.get(user=world["member"]).pk,
        "invitation_id": world["invitation"].pk,
        "token": world["invitation"].token,
        "code": workshop.join_code,
        "token_id": world["owner"].api_tokens.first().pk,
        "uidb64": urlsafe_base64_encode(force_bytes(world["owner"].pk)),
        "key": "0" * 64,
    }


def read_response(response):
    """The text of a page, picture or download as its reader sees it, or None for a binary or empty answer."""
    if response.status_code != 200 or response.streaming:
        return None
    kind = response.get("Content-Type", "")
    if kind.startswith(("text/html", "image/svg+xml")):
        return read_text(response.content.decode())
    if kind.startswith(("text/csv", "text/calendar")):
        return response.content.decode()
    return None


def dutch_pages(client, world, user):
    """[(where, text)] of every page a GET reaches as ``user`` (None: not signed in), htmx partials included,
    and the room and projector at every step."""
    values = fillers(world, user)
    if user is None:
        values["token"] = world["invitation"].token
    else:
        client.force_login(user)
    read = []
    for name, route in walk():
        if name is None or name.startswith(("admin:", "v1:")) or name in ENGLISH_BY_DESIGN \
                or name == "workshops:logout":
            continue
        params = params_of(route)
        missing = [param for param in params if param not in values]
        assert not missing, f"No filler for URL parameter(s) {missing} of {route!r}: add one to fillers()"
        url = reverse(name, kwargs={param: values[param] for param in params})
        if name == "workshops:password_reset_confirm":
            url = reverse(name, kwargs={"uidb64": values["uidb64"],
                                        "token": default_token_generator.make_token(world["owner"])})
        response = client.get(url)
        if response.status_code in (204, 302):  # an htmx partial answers its own request
            response = client.get(url, HTTP_HX_REQUEST="true")
        text = read_response(response)
        if text is not None:
            read.append((url, text))
    if user is not None:
        workshop = world["workshop"]
        for step in Step:
            Workshop.objects.filter(pk=workshop.pk).update(step=step)
            for name in ("workshops:room", "workshops:projector", "workshops:projector_live"):
                url = reverse(name, args=[workshop.pk])
                read.append((f"{url} at {step}", read_response(client.get(url))))
        finished = reverse("actions:review_detail", args=[workshop.pk, world["first"].pk])
        read.append((finished, read_response(client.get(finished))))
        feed = CalendarFeed.objects.filter(user=user).first()
        if feed is not None:
            url = reverse("actions:calendar_feed", args=[feed.token])
            read.append((url, read_response(client.get(url))))
    return read


def assert_dutch(read):
    english = {where: found for where, text in read if text and (found := english_in(text))}
    assert not english, f"English in Dutch: {english}"


# --- The tests --------------------------------------------------------------------------------------------

def test_every_string_in_the_sources_has_a_dutch_translation(tmp_path):
    """makemessages over a copy of the sources finds no string without its Dutch (nor a fuzzy guess): a string
    added without a translation fails here, not in front of a Dutch team."""
    copy = tmp_path / "klantreis"
    shutil.copytree(BASE_DIR, copy, ignore=shutil.ignore_patterns(
        ".venv", "var", ".git", "__pycache__", ".pytest_cache", "node_modules", "*.mo"))
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl", "--ignore=.venv", "--ignore=var", "--no-obsolete"],
        cwd=copy, capture_output=True, text=True, timeout=300,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "config.settings"})
    assert result.returncode == 0, result.stderr
    entries = po_entries(copy / "locale" / "nl" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 1000
    missing = [msgid for msgid, strings, flags in entries if "fuzzy" in flags or not all(strings)]
    assert not missing, f"no Dutch yet for: {missing[:20]}"


def test_the_denylist_finds_what_it_is_for():
    assert english_in("Eerste levering — moment of truth") == ["moment of truth"]
    assert english_in("geldig tot 17 Dec 2026") == ["7 Dec"]
    assert english_in("Eigen (owned)\nFront-stage · SD 1,2") == ["owned", "Front-stage", "SD"]
    assert sorted(english_in("Thursday 17 December 2026")) == ["December", "Thursday"]
    assert not english_in("donderdag 17 dec. 2026 · 17 december · Nulmeting (workshop, 12 mrt. 2026) · spreiding"
                          " · moment van de waarheid · voor de schermen · achter de schermen · Review 2")


@pytest.mark.django_db
def test_every_page_a_dutch_member_or_owner_reads_is_in_dutch(client, dutch_world):
    owner = dutch_world["owner"]
    with time_machine.travel(TODAY, tick=False):
        for user in (dutch_world["member"], None, owner):
            client.logout()
            read = dutch_pages(client, dutch_world, user)
            assert len(read) > (60 if user else 8), "the walk reached the pages"
            assert_dutch(read)
    # The owner's pages, last read: the rounds by their name and date, the deadlines as Dutch write them.
    pages = dict(read)
    reviews_page = pages[reverse("actions:journey_reviews", args=[dutch_world["workshop"].pk])]
    for name in ("Nulmeting (workshop, 12 mrt. 2026)", "Review 1 (15 jun. 2026)", "Review 2 (7 dec. 2026)"):
        assert name in reviews_page
    assert "17 dec. 2026" in pages[reverse("actions:my_improvements")]


@pytest.mark.django_db
def test_the_admin_of_our_models_is_in_dutch(client, dutch_world):
    owner = dutch_world["owner"]
    User.objects.filter(pk=owner.pk).update(is_staff=True, is_superuser=True)
    client.force_login(owner)
    from django.contrib import admin  # the registry, filled once the URLs are loaded

    read = []
    for model in admin.site._registry:
        opts = model._meta
        if opts.app_label not in ("workshops", "journeys", "actions"):
            continue
        urls = [reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")]
        first = model.objects.first()
        if first is not None:
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk]))
        for url in urls:
            text = read_response(client.get(url))
            # Django's own admin still says "Change or view list link" to screen readers: not ours to translate.
            read.append((url, text.replace("Change or view list link", "")))
    assert_dutch([(where, ABBREVIATIONS.sub("", text)) for where, text in read])


@pytest.mark.django_db
def test_the_emails_to_a_dutch_team_are_in_dutch(client, dutch_world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    workshop = dutch_world["workshop"]
    review_services.finish_review(review=dutch_world["second"])
    cycle = ReviewCycle.objects.get(journey=workshop.journey)
    days = [datetime.date(2026, 12, 10), datetime.date(2026, 12, 16), datetime.date(2026, 12, 21),
            cycle.next_due - datetime.timedelta(days=14), cycle.next_due]
    for day in days:
        with time_machine.travel(datetime.datetime.combine(day, datetime.time(7)), tick=False):
            for kind, batch in reminders.plan(day):
                reminders.send_batch(kind, day, targets=[reminder.target for reminder in batch])
    with time_machine.travel(TODAY, tick=False):
        Invitation.objects.filter(pk=dutch_world["invitation"].pk).update(sent_at=None)
        invitation_create(team=dutch_world["team"], email="nieuw@alfa.example", role="member",
                          invited_by=dutch_world["owner"], language="nl")
        client.post(reverse("workshops:password_reset"), {"email": dutch_world["member"].email})
    kinds = {message.subject.split(":")[0] for message in mail.outbox}
    assert len(mail.outbox) >= 7 and len(kinds) >= 5, kinds
    read = []
    for message in mail.outbox:
        html = "".join(read_text(content) for content, _kind in message.alternatives)
        read.append((message.subject, f"{message.subject}\n{message.body}\n{html}"))
    assert_dutch(read)


@pytest.mark.django_db
def test_the_dutch_report_pdf_is_in_dutch(dutch_world, tmp_path):
    with time_machine.travel(TODAY, tick=False):
        pdf, _report = workshop_report_pdf(dutch_world["workshop"].pk, language="nl")
    path = tmp_path / "rapport.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Momenten van de waarheid" in text and "Nulmeting (workshop, 12 mrt. 2026)" in text
    assert_dutch([("report.pdf", text)])
