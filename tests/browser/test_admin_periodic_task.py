"""The admin's periodic task form (django-celery-beat) under our Content-Security-Policy: the chosen crontab is
spelled out in words under the crontab field. The package does that with an inline script, which the policy
refuses; templates/admin/djcelery/change_periodictask_form.html loads it as a file instead
(static/js/admin_periodictask.js). Any CSP violation fails these tests (see conftest.py).

Elements are found by the admin's field names and ids, which do not change with the language.
"""

import re

from django.urls import reverse
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory


def staff_page(new_page, log_in, browser_errors):
    browser_errors.allow(r"/favicon\.ico.*404", reason="the Django admin's pages link no icon, so Chromium asks for "
                         "/favicon.ico, which we do not serve (our own pages link static/img/logo.svg)")
    admin = UserFactory(email="ada@beheer.example", is_staff=True, is_superuser=True)
    page = new_page()
    log_in(page, admin.email, PASSWORD)
    return page


def crontab_help(page):
    return page.locator(".field-crontab .help")


def test_a_new_periodic_task_shows_the_chosen_crontab_in_words_and_saves(new_page, log_in, browser_errors, shot):
    mornings = CrontabSchedule.objects.create(minute="0", hour="7", timezone="Europe/Amsterdam")
    evenings = CrontabSchedule.objects.create(minute="30", hour="18", day_of_week="1-5", timezone="Europe/Amsterdam")
    page = staff_page(new_page, log_in, browser_errors)

    page.goto(reverse("admin:django_celery_beat_periodictask_add"))
    expect(page.locator(".field-crontab_translation")).to_be_hidden()  # shown under the field instead
    page.locator("#id_name").fill("Ochtendherinneringen")
    page.locator("#id_regtask").select_option("actions.tasks.reminders_sweep")
    page.locator("#id_crontab").select_option(str(evenings.pk))
    expect(crontab_help(page)).to_contain_text(evenings.human_readable)
    page.locator("#id_crontab").select_option(str(mornings.pk))
    expect(crontab_help(page)).to_contain_text(mornings.human_readable)
    expect(crontab_help(page)).not_to_contain_text(evenings.human_readable)
    expect(crontab_help(page)).to_contain_text("Crontab Schedule")  # the field's own help text stays
    shot(page, "admin-periodic-task-00-add")

    page.locator("input[name=_continue]").click()  # "Save and continue editing"
    task = PeriodicTask.objects.get(name="Ochtendherinneringen")
    assert (task.task, task.crontab, task.interval) == ("actions.tasks.reminders_sweep", mornings, None)
    expect(page).to_have_url(re.compile(
        re.escape(reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])) + "$"))
    expect(page.locator(".messagelist .success")).to_be_visible()
    # The saved crontab in words right away, before anyone touches the field.
    expect(crontab_help(page)).to_contain_text(mornings.human_readable)
    shot(page, "admin-periodic-task-01-saved")


def test_changing_a_task_from_an_interval_to_a_crontab(new_page, log_in, browser_errors, shot):
    every_ten_minutes = IntervalSchedule.objects.create(every=10, period=IntervalSchedule.MINUTES)
    mornings = CrontabSchedule.objects.create(minute="0", hour="7", timezone="Europe/Amsterdam")
    task = PeriodicTask.objects.create(
        name="Herhaling", task="actions.tasks.reminders_retry", interval=every_ten_minutes)
    page = staff_page(new_page, log_in, browser_errors)

    page.goto(reverse("admin:django_celery_beat_periodictask_change", args=[task.pk]))
    expect(crontab_help(page)).not_to_contain_text(mornings.human_readable)
    page.locator("#id_interval").select_option("")
    page.locator("#id_crontab").select_option(str(mornings.pk))
    expect(crontab_help(page)).to_contain_text(mornings.human_readable)
    page.locator("input[name=_save]").click()

    expect(page).to_have_url(re.compile(
        re.escape(reverse("admin:django_celery_beat_periodictask_changelist")) + "$"))
    task.refresh_from_db()
    assert (task.crontab, task.interval) == (mornings, None)
