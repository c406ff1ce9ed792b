"""Who gets the workshop report (/w/<id>/report.pdf), in which language, and ``manage.py export_report``.

The team's members of every role and its viewers download it; a guest of the workshop gets 403 (the report
is the team's: every participant's name, all the evidence); someone outside the team 404; an anonymous
visitor is sent to the login.
"""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from config.tooling.demo import load_demo_workshop
from workshops.middleware import language_for as real_language_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(team, facilitator, owner, member):
    workshop, _created = load_demo_workshop(team=team, facilitator=facilitator, members=[owner, member])
    return workshop


def report_url(workshop):
    return reverse("actions:workshop_report", args=[workshop.pk])


def text_of(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return reader, " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.mark.parametrize("persona", ["owner", "facilitator", "member", "viewer"])
def test_team_members_and_viewers_download_the_report(client, demo, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(report_url(demo))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="klantreis-sokken-op-abonnement-{today}.pdf"'
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    reader, text = text_of(response.content)
    assert len(reader.pages) >= 4 and "Stijlbewuste Stefan" in text


def test_a_guest_of_the_workshop_does_not_get_the_report(client, demo):
    joined = client.post(reverse("workshops:join"), {"code": demo.join_code, "display_name": "Gast Gerda"})
    assert joined.url == reverse("workshops:room", args=[demo.pk])
    assert client.get(reverse("workshops:room", args=[demo.pk])).status_code == 200  # in the room …
    response = client.get(report_url(demo))
    assert response.status_code == 403  # … but the report is the team's
    assert response["Content-Type"].startswith("text/html")


def test_an_outsider_gets_404(client, demo, outsider):
    client.force_login(outsider)
    assert client.get(report_url(demo)).status_code == 404


def test_an_unknown_workshop_gets_404(client, demo, member):
    client.force_login(member)
    assert client.get(reverse("actions:workshop_report", args=[demo.pk + 1000])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login(client, demo):
    response = client.get(report_url(demo))
    assert response.status_code == 302
    assert response.url == f"{reverse('workshops:login')}?next={report_url(demo)}"


def test_the_report_is_only_read(client, demo, member):
    client.force_login(member)
    assert client.post(report_url(demo)).status_code == 405


@pytest.mark.parametrize("language,heading,absent", [("nl", "Knelpunten", "Gaps"), ("en", "Gaps", "Knelpunten")])
def test_the_report_comes_in_the_requesters_language(client, demo, member, monkeypatch, language, heading, absent):
    monkeypatch.setattr("workshops.middleware.language_for", real_language_for)  # the journeys tests force English
    member.language = language
    member.save(update_fields=["language"])
    client.force_login(member)
    _reader, text = text_of(client.get(report_url(demo)).content)
    assert heading in text and absent not in text


# --- manage.py export_report -------------------------------------------------------------------------------

def test_export_report_writes_the_pdf_in_dutch_by_default(demo, tmp_path, capsys):
    path = tmp_path / "rapport.pdf"
    call_command("export_report", str(demo.pk), str(path))
    reader, text = text_of(path.read_bytes())
    assert path.read_bytes().startswith(b"%PDF-") and len(reader.pages) >= 4
    assert "Knelpunten" in text and "Stijlbewuste Stefan" in text
    assert str(path) in capsys.readouterr().out


def test_export_report_in_english(demo, tmp_path):
    path = tmp_path / "report.pdf"
    call_command("export_report", str(demo.pk), str(path), "--language", "en")
    _reader, text = text_of(path.read_bytes())
    assert "Gaps" in text and "Knelpunten" not in text


def test_export_report_fails_clearly_on_an_unknown_workshop(db, tmp_path):
    path = tmp_path / "report.pdf"
    with pytest.raises(CommandError, match="There is no workshop with id 424242."):
        call_command("export_report", "424242", str(path))
    assert not path.exists()


def test_export_report_fails_clearly_when_it_cannot_write(demo, tmp_path):
    with pytest.raises(CommandError, match="Could not write"):
        call_command("export_report", str(demo.pk), str(tmp_path / "no-such-folder" / "report.pdf"))


@pytest.mark.parametrize("arguments", [["abc", "x.pdf"], ["1", "x.pdf", "--language", "fr"]])
def test_export_report_refuses_bad_arguments(db, arguments):
    with pytest.raises(CommandError):
        call_command("export_report", *arguments)
