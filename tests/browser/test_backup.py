"""The team page's backup card in a browser (Dutch): the owner downloads the team's backup, imports it into the
same team as a second copy, and a broken file is refused with its reason."""

import json

from django.urls import reverse
from playwright.sync_api import expect

from config.tooling.demo import load_demo_workshop
from workshops.models import Workshop


def test_owner_downloads_and_imports_a_backup(new_page, log_in, owner, facilitator, member, password, shot,
                                              tmp_path, browser_errors):
    browser_errors.allow(r"/backup/import/.*status of 400", reason="the refused file's page is a 400, on purpose")
    workshop, _created = load_demo_workshop(team=owner.current_team, facilitator=facilitator, members=[member])
    page = new_page()
    log_in(page, owner.email, password)
    page.goto(reverse("workshops:team_detail", args=[owner.current_team.slug]))
    card = page.locator("section[aria-labelledby=backup-heading]")
    expect(card).to_be_visible()
    shot(page, "backup-01-team-page")
    with page.expect_download() as download_info:
        card.locator(f"a[href='{reverse('tooling:team_backup', args=[owner.current_team.slug])}']").click()
    path = tmp_path / "backup.json"
    download_info.value.save_as(path)
    document = json.loads(path.read_text())
    assert document["format"] == "klantreis-backup" and len(document["workshops"]) == 1

    card.locator("input[type=file]").set_input_files(str(path))
    card.locator("button[type=submit]").click()
    expect(page.locator(".message--success")).to_contain_text(workshop.title)
    assert Workshop.objects.filter(team=owner.current_team, title=workshop.title).count() == 2
    shot(page, "backup-02-imported")

    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({**document, "version": 99}))
    card = page.locator("section[aria-labelledby=backup-heading]")
    card.locator("input[type=file]").set_input_files(str(broken))
    card.locator("button[type=submit]").click()
    error = card.locator("#backup-file-error")  # the reason, next to the upload field
    expect(error).to_contain_text("99")
    expect(card.locator("input[type=file]")).to_have_attribute("aria-describedby", "backup-file-error")
    assert Workshop.objects.filter(team=owner.current_team).count() == 2  # nothing saved
    shot(page, "backup-03-refused")
