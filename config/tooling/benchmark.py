"""The reference benchmark (``manage.py benchmark``): build a data set, time the pages, the PDF and the sweep.

Runs inside a child process whose DATABASE_URL is the benchmark database (see the command), so every query
here — the build, the pages, the PDF, the sweep — goes to that database and never to the main one.

Two workshops are built: the *large* one of the issue (10 stages × 25 touchpoints, 40 participants, 4 rounds,
100 gaps, 300 improvements) and a *small* one (2 × 3, 3 participants, 1 round, 2 gaps, 3 improvements). Each
page's query count is taken on both: "independent of size" is then checked within one run.
The site around them: ``1000 × scale`` teams with 100 improvements each. And, in a team of its own, the
*max-length* workshop (``config.tooling.max_length_workshop``): the demo with every text at its maximum length as one
unbroken word, whose pages and PDF are timed as the worst a team can type (no goal: a figure to watch).

This module is also the URLconf of the measured requests: the app's URLs plus a trivial logged-in view,
the yardstick every page's time is divided by.
"""

import statistics
import time
from datetime import timedelta
from io import StringIO

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import include, path, reverse
from django.utils import timezone

from actions.models import Improvement, ReminderLog, Review, ReviewCycle, Status
from actions.report import workshop_report_pdf
from config.celery import app as celery_app
from journeys.models import (
    EmotionRating,
    Gap,
    GapVote,
    Journey,
    JourneyTemplate,
    Measurement,
    MeasurementKind,
    Note,
    NoteKind,
    ReportFile,
    Stage,
    Touchpoint,
)
from workshops.models import Membership, Participant, Role, Step, Team, User, Workshop

from .max_length_workshop import build_max_length_workshop

LARGE = {"stages": 10, "touchpoints": 25, "participants": 40, "rounds": 4, "gaps": 100, "improvements": 300}
SMALL = {"stages": 2, "touchpoints": 3, "participants": 3, "rounds": 1, "gaps": 2, "improvements": 3}
SITE_TEAMS = 1000
IMPROVEMENTS_PER_TEAM = 100
MEMBERS_PER_TEAM = 5
RATIO_GOAL = 3.0
PDF_GOAL_SECONDS = 3.0
SWEEP_GOAL_SECONDS = 60.0


@login_required
def ping(request):
    return HttpResponse("ok")


@login_required
def page(request):
    """The second yardstick: the site's layout (menus, team switcher, messages) around one sentence — the least
    any page of Klantreis costs. Shown next to the issue's yardstick, not instead of it."""
    return render(request, "benchmark/page.html")


urlpatterns = [
    path("benchmark/ping/", ping, name="benchmark_ping"),
    path("benchmark/page/", page, name="benchmark_page"),
    path("", include("config.urls")),
]


# --- The data set ------------------------------------------------------------------------------------------

def _user(email, name):
    return User(email=email, name=name, password="!", language="nl")


def _workshop(*, slug, user, sizes, today):
    """A team owned by ``user`` with one workshop of ``sizes``, built with bulk_create."""
    team = Team.objects.create(name=f"Benchmark {slug}", slug=slug)
    Membership.objects.create(team=team, user=user, role=Role.OWNER)
    journey = Journey.objects.create(team=team, title=f"Reis {slug}", template=JourneyTemplate.BLANK)
    workshop = Workshop.objects.create(team=team, journey=journey, title=f"Workshop {slug}", facilitator=user,
                                       step=Step.EMOTIONS, scheduled_for=today)
    stages = Stage.objects.bulk_create(
        Stage(journey=journey, position=index, name=f"Fase {index + 1}") for index in range(sizes["stages"])
    )
    touchpoints = Touchpoint.objects.bulk_create(
        Touchpoint(stage=stage, position=index, name=f"Contactmoment {stage.position + 1}.{index + 1}",
                   importance=1 + index % 5, moment_of_truth=index % 7 == 0, target_emotion=index % 5)
        for stage in stages for index in range(sizes["touchpoints"])
    )
    participants = Participant.objects.bulk_create(
        [Participant(workshop=workshop, user=user, display_name=user.name)]
        + [Participant(workshop=workshop, display_name=f"Deelnemer {index}")
           for index in range(1, sizes["participants"])]
    )
    measurements = Measurement.objects.bulk_create(
        Measurement(journey=journey, kind=MeasurementKind.BASELINE if index == 0 else MeasurementKind.REVIEW,
                    taken_on=today - timedelta(days=90 * (sizes["rounds"] - index)), label=f"Ronde {index + 1}")
        for index in range(sizes["rounds"])
    )
    # The reviews behind the later rounds: the last one still open, so the room scores into its round, as during a
    # quarterly review (a finished review leaves the room no round to score: the baseline stays as it was).
    reviews = measurements[1:]
    Review.objects.bulk_create(
        Review(journey=journey, measurement=measurement, held_on=measurement.taken_on, started_by=user,
               finished_at=None if number == len(reviews) else timezone.now())
        for number, measurement in enumerate(reviews, start=1)
    )
    EmotionRating.objects.bulk_create(
        (EmotionRating(measurement=measurement, touchpoint=touchpoint, participant=participant,
                       score=(touchpoint.pk + participant.pk + measurement.pk) % 11 - 5)
         for measurement in measurements for touchpoint in touchpoints for participant in participants),
        batch_size=2000,
    )
    Note.objects.bulk_create(
        Note(touchpoint=touchpoint, participant=participants[index % len(participants)],
             kind=NoteKind.values[index % len(NoteKind.values)], text=f"Notitie bij {touchpoint.name}")
        for index, touchpoint in enumerate(touchpoints)
    )
    gaps = Gap.objects.bulk_create(
        Gap(journey=journey, problem=f"Probleem {index + 1}") for index in range(sizes["gaps"])
    )
    Gap.touchpoints.through.objects.bulk_create(
        Gap.touchpoints.through(gap=gap, touchpoint=touchpoints[(index * 3 + offset) % len(touchpoints)])
        for index, gap in enumerate(gaps) for offset in range(min(3, len(touchpoints)))
    )
    GapVote.objects.bulk_create(
        GapVote(gap=gaps[index % len(gaps)], participant=participant, dots=1 + index % 3)
        for index, participant in enumerate(participants)
    )
    improvements = Improvement.objects.bulk_create(
        Improvement(journey=journey, gap=gaps[index % len(gaps)], title=f"Verbetering {index + 1}",
                    impact=1 + index % 5, effort=1 + (index // 5) % 5, owner=user,
                    deadline=today + timedelta(days=index % 60 - 20), status=Status.values[index % 5],
                    created_by=participants[index % len(participants)])
        for index in range(sizes["improvements"])
    )
    Improvement.touchpoints.through.objects.bulk_create(
        Improvement.touchpoints.through(improvement=improvement, touchpoint=touchpoints[index % len(touchpoints)])
        for index, improvement in enumerate(improvements)
    )
    ReviewCycle.objects.create(journey=journey, cadence_months=3, next_due=today + timedelta(days=30))
    return workshop


def _site(*, teams, today, also_member):
    """``teams`` teams of MEMBERS_PER_TEAM users, each with a workshop and IMPROVEMENTS_PER_TEAM improvements.
    Deadlines spread from 100 days ago to 300 days ahead, so each reminder kind finds some due."""
    users = User.objects.bulk_create(
        (_user(f"lid{team}-{index}@benchmark.invalid", f"Lid {team}-{index}")
         for team in range(teams) for index in range(MEMBERS_PER_TEAM)), batch_size=2000,
    )
    team_rows = Team.objects.bulk_create(
        (Team(name=f"Team {index:04d}", slug=f"bench-team-{index}") for index in range(teams)), batch_size=2000,
    )
    Membership.objects.bulk_create(
        [Membership(team=team, user=users[number * MEMBERS_PER_TEAM + index],
                    role=Role.OWNER if index == 0 else Role.MEMBER)
         for number, team in enumerate(team_rows) for index in range(MEMBERS_PER_TEAM)]
        # the large workshop's user sits in some of them too, so "my improvements" spans teams
        + [Membership(team=team, user=also_member, role=Role.MEMBER) for team in team_rows[:20]],
        batch_size=2000,
    )
    journeys = Journey.objects.bulk_create(
        (Journey(team=team, title=f"Reis {team.name}", template=JourneyTemplate.BLANK) for team in team_rows),
        batch_size=2000,
    )
    Workshop.objects.bulk_create(
        (Workshop(team=journey.team, journey=journey, title=journey.title,
                  facilitator=users[number * MEMBERS_PER_TEAM], step=Step.IMPROVEMENTS)
         for number, journey in enumerate(journeys)), batch_size=2000,
    )
    ReviewCycle.objects.bulk_create(
        (ReviewCycle(journey=journey, cadence_months=3, next_due=today + timedelta(days=number % 120 - 5))
         for number, journey in enumerate(journeys)), batch_size=2000,
    )
    gaps = Gap.objects.bulk_create(
        (Gap(journey=journey, problem="Probleem") for journey in journeys), batch_size=2000,
    )

    def improvements():
        for number, (journey, gap) in enumerate(zip(journeys, gaps, strict=True)):
            for index in range(IMPROVEMENTS_PER_TEAM):
                serial = number * IMPROVEMENTS_PER_TEAM + index
                owner = also_member if number < 20 and index % 10 == 0 else \
                    users[number * MEMBERS_PER_TEAM + index % MEMBERS_PER_TEAM]
                yield Improvement(journey=journey, gap=gap, title=f"Verbetering {serial}", impact=1 + index % 5,
                                  effort=1 + serial % 5, owner=owner, status=Status.values[serial % 5],
                                  deadline=today + timedelta(days=(serial * 7919) % 400 - 100))

    Improvement.objects.bulk_create(improvements(), batch_size=5000)


MAX_LENGTH_SLUG = "bench-max-length"


def _max_length():
    team = Team.objects.create(name="Benchmark maximaal", slug=MAX_LENGTH_SLUG)
    facilitator, member = User.objects.bulk_create([_user("maximaal@benchmark.invalid", "Maxime Maximaal"),
                                                    _user("lid-maximaal@benchmark.invalid", "Lid Maximaal")])
    Membership.objects.bulk_create([Membership(team=team, user=facilitator, role=Role.FACILITATOR),
                                    Membership(team=team, user=member, role=Role.MEMBER)])
    build_max_length_workshop(team=team, facilitator=facilitator, members=[member])


def build(*, scale, today):
    """The whole data set; returns seconds taken."""
    started = time.perf_counter()
    with transaction.atomic():
        large_user, small_user = User.objects.bulk_create(
            [_user("groot@benchmark.invalid", "Grote Gerda"), _user("klein@benchmark.invalid", "Kleine Karel")]
        )
        _workshop(slug="bench-large", user=large_user, sizes=LARGE, today=today)
        _workshop(slug="bench-small", user=small_user, sizes=SMALL, today=today)
        _site(teams=max(1, round(SITE_TEAMS * scale)), today=today, also_member=large_user)
        _max_length()
    return time.perf_counter() - started


def is_built():
    return Team.objects.filter(slug="bench-large").exists()


# --- Measuring ---------------------------------------------------------------------------------------------

def _pages(workshop):
    return {
        "journey map": reverse("journeys:journey_map", kwargs={"workshop_id": workshop.pk}),
        "projector view": reverse("workshops:projector", kwargs={"workshop_id": workshop.pk}),
        "scoring page": reverse("workshops:room", kwargs={"workshop_id": workshop.pk}),
        "action plan": reverse("actions:action_plan", kwargs={"slug": workshop.team.slug}),
        "my improvements": reverse("actions:my_improvements"),
        "API list of improvements": reverse("v1:improvement-list"),
        "API emotion curve": reverse("v1:journey-curve", kwargs={"pk": workshop.journey_id}),
    }


def _max_length_pages(workshop):
    """The pages of the max-length workshop that show its texts (the room at the step the demo stops at: gaps)."""
    w = {"workshop_id": workshop.pk}
    improvement = Improvement.objects.filter(journey=workshop.journey).order_by("pk").first()
    review = Review.objects.filter(journey=workshop.journey).order_by("pk").first()
    return {
        "room": reverse("workshops:room", kwargs=w),
        "journey map": reverse("journeys:journey_map", kwargs=w),
        "projector view": reverse("workshops:projector", kwargs=w),
        "review": reverse("actions:review_detail", kwargs={**w, "review_id": review.pk}),
        "action plan": reverse("actions:action_plan", kwargs={"slug": workshop.team.slug}),
        "improvement page": reverse("actions:improvement_detail", kwargs={"slug": workshop.team.slug,
                                                                  "improvement_id": improvement.pk}),
        "team page": reverse("workshops:team_detail", kwargs={"slug": workshop.team.slug}),
    }


def _max_length_figures(workshop, *, repeat, pdf_repeat):
    """Each page's median (a few requests: a figure to watch, not a goal) and the PDF made from scratch."""
    client = _client(workshop.facilitator)
    pages = []
    for name, url in _max_length_pages(workshop).items():
        median, queries = _time(client, url, repeat=min(repeat, 3), warmups=1)
        pages.append({"page": name, "url": url, "median_ms": round(median * 1000, 2), "queries": queries})
    pdf_seconds, pdf_bytes = _pdf(workshop, repeat=pdf_repeat)
    return {"pages": pages, "pdf": {"seconds": round(pdf_seconds, 3), "bytes": pdf_bytes}}


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _get(client, url):
    response = client.get(url, secure=True)  # as in production: HTTPS
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response


def _time(client, url, *, repeat, warmups=2):
    for _ in range(warmups):
        _get(client, url)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        _get(client, url)
        times.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        _get(client, url)
    return statistics.median(times), len(queries)


def _pdf(workshop, *, repeat):
    """The large report made from scratch, as the worker makes it: gathering, HTML and WeasyPrint."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        pdf, _report = workshop_report_pdf(workshop.pk, language="nl")
        times.append(time.perf_counter() - started)
    return statistics.median(times), len(pdf)


def _pdf_download(client, workshop, *, repeat):
    """The report's download page (/w/<id>/report.pdf) once the report was made and the workshop is unchanged:
    gathering, HTML and its fingerprint, then the kept PDF. The first request makes it (Celery runs eagerly
    here, so no worker is needed and no task is left on a broker)."""
    url = reverse("actions:workshop_report", kwargs={"workshop_id": workshop.pk})
    ReportFile.objects.filter(workshop=workshop).delete()
    eager, celery_app.conf.task_always_eager = celery_app.conf.task_always_eager, True
    try:
        seconds, queries = _time(client, url, repeat=repeat, warmups=1)
    finally:
        celery_app.conf.task_always_eager = eager
    return seconds, queries


def _profile_pdf(workshop, folder):
    from pyinstrument import Profiler  # a development tool, loaded only when --profile asks for it

    profiler = Profiler(interval=0.001)
    with profiler:
        workshop_report_pdf(workshop.pk, language="nl")
    (folder / "pdf-report.txt").write_text(profiler.output_text(unicode=True, show_all=False))
    (folder / "pdf-report.html").write_text(profiler.output_html())


def _sweep(day):
    """The daily sweep as ``send_reminders`` runs it: select, claim, send (locmem backend), record."""
    ReminderLog.objects.all().delete()  # a kept data set is swept afresh
    mail.outbox = []
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        call_command("send_reminders", today=day, stdout=StringIO())
        seconds = time.perf_counter() - started
    return seconds, len(queries), len(mail.outbox)


def _profile(client, url, folder, name):
    """One more request of ``url`` under pyinstrument: ``folder/<name>.txt`` and ``.html``."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    with profiler:
        _get(client, url)
    stem = folder / name.replace(" ", "-")
    stem.with_suffix(".txt").write_text(profiler.output_text(unicode=True, show_all=False))
    stem.with_suffix(".html").write_text(profiler.output_html())


def measure(*, repeat, pdf_repeat, today, profile=None):
    large = Workshop.objects.select_related("team").get(team__slug="bench-large")
    small = Workshop.objects.select_related("team").get(team__slug="bench-small")
    max_length = Workshop.objects.select_related("team", "facilitator").get(team__slug=MAX_LENGTH_SLUG)
    settings_for_run = {
        "ROOT_URLCONF": __name__,
        "ALLOWED_HOSTS": ["testserver"],
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DEBUG": False,
        # production's manifest storage needs collectstatic first; URLs without hashes cost the same
        "STORAGES": {**settings.STORAGES,
                     "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
    }
    with override_settings(**settings_for_run):
        large_client, small_client = _client(large.facilitator), _client(small.facilitator)
        baseline, baseline_queries = _time(large_client, reverse("benchmark_ping"), repeat=repeat)
        layout, layout_queries = _time(large_client, reverse("benchmark_page"), repeat=repeat)
        pages = []
        small_urls = _pages(small)
        for name, url in _pages(large).items():
            median, queries = _time(large_client, url, repeat=repeat)
            _median, small_queries = _time(small_client, small_urls[name], repeat=1, warmups=1)
            ratio = median / baseline
            if profile:
                _profile(large_client, url, profile, name)
            pages.append({
                "page": name, "url": url, "median_ms": round(median * 1000, 2), "ratio": round(ratio, 2),
                "ratio_to_page": round(median / layout, 2),
                "queries": queries, "queries_small": small_queries,
                "goal_met": ratio <= RATIO_GOAL and queries == small_queries,
            })
        pdf_seconds, pdf_bytes = _pdf(large, repeat=pdf_repeat)
        download_seconds, download_queries = _pdf_download(large_client, large, repeat=pdf_repeat)
        if profile:
            _profile_pdf(large, profile)
        max_length_figures = _max_length_figures(max_length, repeat=repeat, pdf_repeat=pdf_repeat)
        sweep_seconds, sweep_queries, emails = _sweep(today)
    return {
        "trivial view": {"median_ms": round(baseline * 1000, 2), "queries": baseline_queries},
        "trivial page": {"median_ms": round(layout * 1000, 2), "queries": layout_queries},
        "pages": pages,
        "pdf": {"seconds": round(pdf_seconds, 3), "bytes": pdf_bytes, "goal_met": pdf_seconds < PDF_GOAL_SECONDS},
        "pdf_download": {"seconds": round(download_seconds, 3), "queries": download_queries,
                         "goal_met": download_seconds < PDF_GOAL_SECONDS},
        "sweep": {"seconds": round(sweep_seconds, 3), "queries": sweep_queries, "emails": emails,
                  "improvements": Improvement.objects.count(), "goal_met": sweep_seconds < SWEEP_GOAL_SECONDS},
        "max_length": max_length_figures,
    }


def run(*, scale, keep, repeat, pdf_repeat, profile=None):
    """Build (unless kept) and measure; the result as a JSON-able dict."""
    today = timezone.localdate()
    call_command("migrate", interactive=False, verbosity=0)
    build_seconds = None
    if not (keep and is_built()):
        call_command("flush", interactive=False, verbosity=0)
        build_seconds = round(build(scale=scale, today=today), 2)
    # The planner's statistics, as a database in use has them (autovacuum may not have come by yet after a
    # bulk load): without them PostgreSQL guesses 24 scores where a round has 10,000 and plans accordingly.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    result = measure(repeat=repeat, pdf_repeat=pdf_repeat, today=today, profile=profile)
    result.update({
        "scale": scale, "teams": Team.objects.count(), "build_seconds": build_seconds,
        "database": connection.vendor, "repeat": repeat,
    })
    return result
