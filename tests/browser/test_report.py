"""The report download in a browser (Dutch), with a real Celery worker on the real broker: the first click shows
the waiting page, which downloads the PDF by itself once the worker made it; the next click downloads at once."""

from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from config.tooling.demo import load_demo_workshop
from journeys.models import ReportFile, ReportState
from tests.actions.test_report_files import reports_published_to
from tests.test_celery import worker  # noqa: F401  (a fixture)


def test_the_report_is_made_while_the_page_waits_then_downloads_by_itself(new_page, log_in, owner, facilitator,
                                                                           member, password, shot, tmp_path,
                                                                           worker):  # noqa: F811
    queue, _mail_dir, _process = worker
    workshop, _created = load_demo_workshop(team=owner.current_team, facilitator=facilitator, members=[member])
    page = new_page()
    log_in(page, member.email, password)
    with reports_published_to(queue):
        page.goto(reverse("workshops:room", args=[workshop.pk]))
        with page.expect_download(timeout=60_000) as first:
            page.get_by_role("link", name="Rapport (PDF)").click()
            status = page.locator("#report-status")
            expect(status).to_contain_text("Het rapport wordt gemaakt")
            expect(page.locator("h1")).to_have_text(workshop.title)
            shot(page, "report-01-waiting")
            expect(page.locator(".report-status--ready")).to_be_visible(timeout=60_000)
        expect(status).to_contain_text("Het rapport is klaar")
        expect(page.get_by_role("link", name="Rapport downloaden")).to_be_visible()
        shot(page, "report-02-ready")
        path = tmp_path / first.value.suggested_filename
        first.value.save_as(path)
        assert first.value.suggested_filename.startswith("klantreis-sokken-op-abonnement-")
        reader = PdfReader(path)
        assert len(reader.pages) >= 4 and "Workshopverslag" in reader.pages[0].extract_text()
        assert ReportFile.objects.get(workshop=workshop).state == ReportState.READY

        page.goto(reverse("workshops:room", args=[workshop.pk]))  # unchanged workshop: the PDF comes at once
        with page.expect_download(timeout=10_000) as second:
            page.get_by_role("link", name="Rapport (PDF)").click()
        second.value.save_as(tmp_path / "again.pdf")
        assert (tmp_path / "again.pdf").read_bytes() == path.read_bytes()
        assert page.url.endswith(reverse("workshops:room", args=[workshop.pk]))  # the room stays on screen
        assert ReportFile.objects.count() == 1
