"""The API reference (/api/docs/, Swagger UI) loads under the Content-Security-Policy: its start-up script and
its styles are files, so the browser refuses nothing (the browser_errors fixture would fail this test)."""

from django.urls import reverse
from playwright.sync_api import expect


def test_a_member_sees_the_operations_in_the_api_reference(new_page, log_in, member, password, shot):
    page = new_page()
    log_in(page, member.email, password)
    response = page.goto(reverse("api_docs"))
    assert "script-src 'self';" in response.headers["content-security-policy"] + ";"

    expect(page.locator(".opblock-summary-path", has_text="/api/v1/teams/").first).to_be_visible()
    assert page.locator(".opblock").count() > 20
    page.locator(".opblock-summary-path", has_text="/api/v1/teams/").first.click()
    expect(page.locator(".opblock.is-open .try-out__btn")).to_be_visible()
    shot(page, "api-docs-00-operations")
