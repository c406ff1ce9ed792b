"""The Content-Security-Policy in a real browser: inline code on one of our pages is refused, and the
browser_errors fixture turns the refusal into a test failure (so every browser test also checks the policy).

The throwaway page is our real login page, answered by the live server with its real headers, with inline code
slipped into its body on the way to the browser (what an injection bug would do)."""

from django.urls import reverse

CSP_VIOLATION = r"Content Security Policy|CSP violation"


def open_login_page_with(page, injected_html):
    def inject(route):
        response = route.fetch()
        assert "script-src 'self'" in response.headers["content-security-policy"]
        route.fulfill(response=response, body=response.text().replace("</main>", injected_html + "</main>"))

    page.route("**" + reverse("workshops:login"), inject)
    page.goto(reverse("workshops:login"))


def test_an_inline_script_is_refused_and_reported_as_a_browser_error(new_page, browser_errors):
    browser_errors.allow(CSP_VIOLATION, reason="this test injects an inline script on purpose")
    page = new_page()
    open_login_page_with(page, "<script>window.injectedRan = true;</script>")

    assert page.evaluate("window.injectedRan === undefined"), "the inline script ran: the policy allows it"
    browser_errors.flush()
    # Chromium's own message, and the fixture's securitypolicyviolation listener.
    assert any("Content Security Policy directive 'script-src" in text for text in browser_errors.seen), \
        browser_errors.seen
    assert any("CSP violation: script-src-elem refused inline" in text for text in browser_errors.seen), \
        browser_errors.seen


def test_an_inline_style_attribute_is_refused_and_reported(new_page, browser_errors):
    browser_errors.allow(CSP_VIOLATION, reason="this test injects an inline style attribute on purpose")
    page = new_page()
    open_login_page_with(page, '<p id="styled" style="color: rgb(255, 0, 0)">injected</p>')

    assert page.evaluate("getComputedStyle(document.getElementById('styled')).color") != "rgb(255, 0, 0)"
    browser_errors.flush()
    assert any("CSP violation: style-src-attr refused inline" in text for text in browser_errors.seen), \
        browser_errors.seen


def test_a_violation_nobody_declared_fails_the_test(new_page, browser_errors):
    page = new_page()
    open_login_page_with(page, "<script>window.injectedRan = true;</script>")
    browser_errors.flush()

    assert browser_errors.unexpected(), "an undeclared CSP violation would not fail the test"
    browser_errors.seen.clear()  # this test's own violation, checked above: the hook has nothing left to fail on
