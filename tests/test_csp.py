"""The Content-Security-Policy (django-csp): the header on every page, strict enough to forbid inline scripts, and
templates that need nothing looser. (tests/browser/test_csp.py shows a real browser refusing inline code.)"""

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
FIVE_HUNDRED_STYLE = re.compile(r"<style>(.*?)</style>", re.S)

EXPECTED = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "connect-src": {"'self'"},
    "font-src": {"'self'"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
    "base-uri": {"'self'"},
    "object-src": {"'none'"},
}


def directives(response):
    header = response["Content-Security-Policy"]
    return {name: set(values) for name, *values in (part.split() for part in header.split(";") if part.strip())}


def five_hundred_style_hash():
    style = FIVE_HUNDRED_STYLE.search((TEMPLATES / "500.html").read_text()).group(1)
    return "'sha256-" + base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() + "'"


@pytest.mark.parametrize("url_name", ["workshops:login", "workshops:signup", "workshops:password_reset"])
def test_anonymous_pages_carry_the_policy(client, url_name):
    policy = directives(client.get(reverse(url_name)))
    assert {name: policy[name] for name in EXPECTED} == EXPECTED
    assert policy["style-src"] == {"'self'", five_hundred_style_hash()}


def test_signed_in_pages_and_the_api_carry_the_policy(login, member):
    client = login(member)
    for url in [reverse("workshops:home"), reverse("workshops:profile"), reverse("api_docs"), "/api/v1/teams/"]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert directives(response)["script-src"] == {"'self'"}, url


def test_nothing_in_the_policy_allows_inline_code_or_eval(client):
    header = client.get(reverse("workshops:login"))["Content-Security-Policy"]
    for loophole in ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'", "*", "http:", "https:"]:
        assert loophole not in header.split(), loophole


def test_the_500_page_style_is_the_one_allowed_by_its_hash(client):
    """Edit templates/500.html's <style> and this fails: put the new hash (shown here) in settings."""
    assert five_hundred_style_hash() in directives(client.get(reverse("workshops:login")))["style-src"]


def page_templates():
    """Our templates that become pages in a browser. Emails and the PDF report are not pages: inline styles are
    their normal (and only) way of styling."""
    for path in sorted(TEMPLATES.rglob("*.html")):
        relative = path.relative_to(TEMPLATES).as_posix()
        if relative.startswith(("emails/", "report/")) or relative == "500.html":
            continue
        yield relative


# Comments and tags are not in the page ({% with style=… %} is no style attribute).
TEMPLATE_SYNTAX = re.compile(r"\{#.*?#\}|\{%.*?%\}", re.S)
INLINE_CODE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<style\b", re.I), "an inline <style>"),
    (re.compile(r"\sstyle=", re.I), "a style attribute"),
    (re.compile(r"\son[a-z]+=", re.I), "an event handler attribute"),
    (re.compile(r"\shx-on", re.I), "an hx-on attribute (evaluated code)"),
    (re.compile(r"javascript:", re.I), "a javascript: address"),
]


@pytest.mark.parametrize("template", list(page_templates()))
def test_page_templates_hold_no_inline_code(template):
    text = TEMPLATE_SYNTAX.sub("", (TEMPLATES / template).read_text())
    found = [what for pattern, what in INLINE_CODE if pattern.search(text)]
    assert not found, f"{template} has {', '.join(found)}: the Content-Security-Policy refuses it"


def test_the_scanner_finds_inline_code():
    for sample in ['<script>alert(1)</script>', '<p style="color:red">', '<a onclick="x()">', '<style>p{}</style>',
                   '<a href="javascript:x()">', '<div hx-on:click="x()">']:
        assert any(pattern.search(sample) for pattern, _ in INLINE_CODE), sample
    script_file = '<script src="/static/js/klantreis.js" defer></script>'
    assert not any(pattern.search(script_file) for pattern, _ in INLINE_CODE)


def test_htmx_injects_no_indicator_style_and_evaluates_nothing(login, member):
    page = login(member).get(reverse("workshops:profile")).content.decode()
    config = json.loads(re.search(r'<meta name="htmx-config" content=\'([^\']*)\'>', page).group(1))
    assert config == {
        "includeIndicatorStyles": False, "allowEval": False, "attributesToSettle": ["class", "width", "height"],
    }
    assert page.index('name="htmx-config"') < page.index("htmx-2")


def test_the_api_reference_loads_its_start_up_script_and_styles_as_files(login, member):
    client = login(member)
    page = client.get(reverse("api_docs")).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert "<style" not in page
    script_url = re.search(r'<script src="([^"]*\?[^"]*script[^"]*)"', page).group(1).replace("&amp;", "&")
    script = client.get(script_url)
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
