"""Project-wide guarantees: production settings pass Django's deploy check, migrations match the
models, the demo loads twice, the admin shows every model, and every string ships in Dutch."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse

from actions.models import Improvement
from config.tooling.management.commands.load_demo import DEMO_USERS
from journeys.models import EmotionRating, Evidence, Gap, Touchpoint
from workshops.models import Membership, Team, User, Workshop

BASE_DIR = Path(settings.BASE_DIR)


def run_manage(*args, **env):
    # A clean production-like environment: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process.
    dropped = ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {key: value for key, value in os.environ.items() if key not in dropped}
    environment.update({"DJANGO_SETTINGS_MODULE": "config.settings", **env})
    return subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_production_settings_pass_the_deploy_check():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING",
                        DEBUG="false", SECRET_KEY="a-long-random-production-secret-" + "k3y" * 15,
                        ALLOWED_HOSTS="klantreis.example.com")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_argon2_is_the_first_password_hasher():
    result = run_manage("shell", "-c", "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])",
                        DEBUG="true")
    assert result.stdout.strip().splitlines()[-1] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # exits non-zero on a missing migration


@pytest.mark.django_db
def test_load_demo_is_idempotent(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    assert Team.objects.filter(slug="sokkenclub-demo").count() == 1
    assert User.objects.filter(email__endswith="@demo.klantreis.nl").count() == len(DEMO_USERS)
    assert Membership.objects.filter(team__slug="sokkenclub-demo").count() == len([u for u in DEMO_USERS if u[2]])
    assert User.objects.get(email="eigenaar@demo.klantreis.nl").check_password("klantreis-demo")


@pytest.mark.django_db
def test_demo_workshop_is_a_complete_example(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    workshop = Workshop.objects.get(team__slug="sokkenclub-demo")
    journey = workshop.journey
    assert journey.persona.name == "Stijlbewuste Stefan"
    assert list(journey.stages.values_list("name", flat=True)) == [
        "Bewustwording", "Overweging", "Beslissing", "Onboarding", "Gebruik", "Advocacy"]
    touchpoints = Touchpoint.objects.filter(stage__journey=journey)
    assert 14 <= touchpoints.count() <= 16
    assert Evidence.objects.filter(journey=journey, kind="quantitative").count() >= 5
    assert Evidence.objects.filter(journey=journey, kind="qualitative").count() >= 3
    scores = EmotionRating.objects.filter(measurement__journey=journey)
    raters = set(scores.values_list("participant", flat=True))
    assert len(raters) >= 4
    assert scores.count() == len(raters) * touchpoints.count()  # everyone scored every touchpoint
    assert scores.filter(score__lt=-5).count() == scores.filter(score__gt=5).count() == 0
    ideal = journey.ideal
    assert not Touchpoint.objects.filter(stage__journey=ideal, target_emotion__isnull=True).exists()
    assert Touchpoint.objects.filter(stage__journey=ideal, source__isnull=True).exists()  # new in the ideal
    ranked = list(Gap.objects.filter(journey=journey).annotate(total=Sum("votes__dots")).order_by("-total"))
    assert len(ranked) >= 3 and ranked[0].total > ranked[-1].total


@pytest.mark.django_db
def test_the_demos_deadlines_fall_on_working_days(settings):
    settings.DEBUG = True
    # Loaded on Saturday 12 December 2026: 7, 21 and 35 days on are Saturdays too, so the deadlines are the
    # Mondays after.
    with time_machine.travel(datetime.datetime(2026, 12, 12, 10), tick=False):
        call_command("load_demo", verbosity=0)
    deadlines = sorted(Improvement.objects.filter(deadline__isnull=False).values_list("deadline", flat=True))
    assert deadlines == [datetime.date(2026, 12, 21), datetime.date(2027, 1, 4), datetime.date(2027, 1, 18),
                         datetime.date(2027, 2, 25)]
    assert all(day.weekday() < 5 for day in deadlines)


def test_settings_from_the_environment_for_verdicts_and_holidays():
    code = "from django.conf import settings; print(settings.VERDICT_MIN_SCORES, repr(settings.HOLIDAYS_COUNTRY))"
    result = run_manage("shell", "-c", code, DEBUG="true", VERDICT_MIN_SCORES="5", HOLIDAYS_COUNTRY="be")
    assert result.stdout.strip().splitlines()[-1] == "5 'BE'", result.stderr
    result = run_manage("shell", "-c", code, DEBUG="true")
    assert result.stdout.strip().splitlines()[-1] == "3 'NL'", result.stderr
    result = run_manage("check", DEBUG="true", HOLIDAYS_COUNTRY="XX")
    assert result.returncode != 0 and "HOLIDAYS_COUNTRY" in result.stderr
    result = run_manage("check", DEBUG="true", VERDICT_MIN_SCORES="0")
    assert result.returncode != 0 and "VERDICT_MIN_SCORES" in result.stderr


@pytest.mark.django_db
def test_load_demo_refuses_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo", verbosity=0)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_admin_has_every_model_with_working_list_and_add_pages(admin_client, owner):
    ours = [m for m in apps.get_models() if m._meta.app_label in ("workshops", "journeys", "actions")]
    assert ours
    for model in ours:
        assert model in admin.site._registry, f"{model.__name__} is not in the admin"
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert admin_client.get(changelist).status_code == 200
        assert admin_client.get(changelist, {"q": "olga"}).status_code == 200
        assert admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200


def po_entries(path):
    """(msgid, [msgstr, …], flags) for each entry of a .po file, the header left out."""
    entries = []
    for block in path.read_text().split("\n\n"):
        parts, flags, current = {}, "", None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += line
            elif line.startswith(("msgid ", "msgid_plural ", "msgstr")):
                current, _space, rest = line.partition(" ")
                parts[current] = rest.strip('"')
            elif line.startswith('"') and current:
                parts[current] += line.strip('"')
        if parts.get("msgid"):
            strings = [text for key, text in parts.items() if key.startswith("msgstr")]
            entries.append((parts["msgid"], strings, flags))
    return entries


def test_every_dutch_translation_is_filled_in():
    entries = po_entries(BASE_DIR / "locale" / "nl" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 50
    missing = [msgid for msgid, strings, flags in entries if "fuzzy" in flags or not all(strings)]
    assert not missing, f"untranslated or fuzzy: {missing[:10]}"
