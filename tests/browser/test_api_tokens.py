"""The API tokens page in a real browser: reached from the profile, a token made, shown once and copied, the copy
works against the API, then revoked. Elements are found by what does not change with the language."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from workshops.models import ApiToken


def test_a_member_makes_copies_uses_and_revokes_a_token(new_page, log_in, member, password, shot):
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    log_in(page, member.email, password)
    page.goto(reverse("workshops:profile"))
    page.locator(f"main a[href='{reverse('workshops:api_tokens')}']").click()
    expect(page.locator("[data-testid=token-row]")).to_have_count(0)
    shot(page, "api-tokens-00-empty")

    page.locator("#api-token-name").fill("CRM import")
    page.locator("form.api-token-form button[type=submit]").click()
    field = page.locator("#api-token-text")
    expect(field).to_have_value(re.compile(r"^kr_[0-9a-f]{12}_\S{40,}$"))
    text = field.input_value()
    page.locator("[data-copy='#api-token-text']").click()
    assert page.evaluate("navigator.clipboard.readText()") == text
    expect(page.locator("[data-testid=token-row]")).to_contain_text("CRM import")
    shot(page, "api-tokens-01-made-once")

    answer = page.request.get("/api/v1/teams/", headers={"Authorization": f"Bearer {text}"})
    assert answer.status == 200 and answer.json()["count"] == 1

    page.goto(reverse("workshops:api_tokens"))  # shown once: not on the page any more
    expect(page.locator("#api-token-text")).to_have_count(0)
    assert text not in page.content()

    page.locator("[data-testid=token-row] form button[type=submit]").click()
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("[data-testid=token-row] .badge")).to_be_visible()
    expect(page.locator("[data-testid=token-row] form")).to_have_count(0)
    shot(page, "api-tokens-02-revoked")
    assert ApiToken.objects.get(user=member).revoked_at is not None
    assert page.request.get("/api/v1/teams/", headers={"Authorization": f"Bearer {text}"}).status == 401


def test_the_page_fits_a_phone(new_page, log_in, member, password, shot):
    page = new_page(phone=True)
    log_in(page, member.email, password)
    page.goto(reverse("workshops:api_tokens"))
    page.locator("#api-token-name").fill("Telefoon")
    page.locator("form.api-token-form button[type=submit]").click()
    expect(page.locator("#api-token-text")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling
    shot(page, "api-tokens-03-phone")
