"""Step 2, data: importing figures from a CSV file — preview first, then all rows or none.

Files as people make them: UTF-8 with or without a byte order mark, commas (English Excel) or
semicolons with decimal commas (Dutch Excel), English or Dutch column names; and files that go
wrong: bad rows, too big, too many rows, not UTF-8, binary, empty, unknown or missing columns.
"""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from journeys.models import Evidence, JourneyTemplate, Stage, Touchpoint
from journeys.selectors import journey_stages
from journeys.services.data import MAX_CSV_BYTES, MAX_CSV_ROWS, evidence_csv_parse, evidence_import
from journeys.services.workshops import workshop_create
from tests.actors import MEMBER
from tests.db_snapshot import nothing_written
from tests.fixtures import HTMX, join_room
from workshops.models import Step

pytestmark = pytest.mark.django_db

SESSION_KEY = "klantreis_evidence_import"


@pytest.fixture
def workshop(workshop_at):
    workshop = workshop_at(Step.DATA, template=JourneyTemplate.BLANK, title="Fietsen")
    orientation = Stage.objects.create(journey=workshop.journey, name="Oriëntatie", position=1)
    purchase = Stage.objects.create(journey=workshop.journey, name="Aankoop", position=2)
    Touchpoint.objects.create(stage=orientation, name="Website", position=1)
    Touchpoint.objects.create(stage=purchase, name="Website", position=1)  # the same name in two stages
    Touchpoint.objects.create(stage=purchase, name="Kassa", position=2)
    return workshop


def parse(workshop, text, encoding="utf-8"):
    content = text.encode(encoding) if isinstance(text, str) else text
    return evidence_csv_parse(content=content, stages=journey_stages(workshop.journey))


def upload(client, workshop, content, name="cijfers.csv", **extra):
    content = content.encode("utf-8") if isinstance(content, str) else content
    return client.post(reverse("journeys:evidence_import_upload", args=[workshop.pk]),
                       {"file": SimpleUploadedFile(name, content, content_type="text/csv")}, **extra)


def row_errors(preview):
    return [(row.number, column, message) for row in preview.rows for column, message in row.errors]


ENGLISH = (
    "metric,value,unit,source,stage,touchpoint,source_detail\r\n"
    "Conversion rate,12.5,%,web_analytics,Oriëntatie,,\"Google Analytics, Q3\"\r\n"
    "Visitors,1240,visitors,Web analytics,,,\r\n"
    "Receipts,\"1,240.5\",receipts,crm,Aankoop,Kassa,\r\n"
)
DUTCH = (
    "metriek;waarde;eenheid;bron;fase;contactmoment;toelichting\n"
    "Conversie;12,5;%;webanalyse;oriëntatie;website;Google Analytics; Q3\n"
)


# --- Reading files ---------------------------------------------------------------------------------

def test_an_english_file_with_commas(workshop):
    preview = parse(workshop, ENGLISH)
    assert preview.file_errors == [] and row_errors(preview) == []
    assert preview.is_importable
    rows = preview.cleaned_rows
    orientation, purchase = journey_stages(workshop.journey)
    till = Touchpoint.objects.get(name="Kassa")
    assert [(r["metric"], r["value"], r["unit"], r["source"]) for r in rows] == [
        ("Conversion rate", "12.5000", "%", "web_analytics"), ("Visitors", "1240.0000", "visitors", "web_analytics"),
        ("Receipts", "1240.5000", "receipts", "crm")]
    assert (rows[0]["stage_id"], rows[0]["touchpoint_id"], rows[0]["source_detail"]) == (
        orientation.pk, None, "Google Analytics, Q3")
    assert (rows[1]["stage_id"], rows[1]["touchpoint_id"]) == (None, None)
    assert (rows[2]["stage_id"], rows[2]["touchpoint_id"]) == (None, till.pk)  # on the touchpoint itself
    assert [row.number for row in preview.rows] == [2, 3, 4]


def test_a_dutch_excel_file_with_a_bom_semicolons_and_decimal_commas(workshop):
    text = "\ufeff" + DUTCH.replace("Google Analytics; Q3", "Google Analytics, Q3") + ";;;;;;\n;;;;;;\n"
    preview = parse(workshop, text)
    assert preview.is_importable, (preview.file_errors, row_errors(preview))
    assert len(preview.rows) == 1  # Excel's empty rows at the end are skipped
    row = preview.cleaned_rows[0]
    website = Touchpoint.objects.get(name="Website", stage__name="Oriëntatie")
    assert (row["value"], row["source"], row["touchpoint_id"], row["source_detail"]) == (
        "12.5000", "web_analytics", website.pk, "Google Analytics, Q3")
    assert preview.headers["value"] == "waarde"  # errors name the column as the file does


def test_without_a_bom_and_with_mixed_case_headers(workshop):
    preview = parse(workshop, "Metric , VALUE,Unit,Source,Source detail\nNPS,-12,,survey,n=412\n")
    assert preview.is_importable, (preview.file_errors, row_errors(preview))
    assert preview.cleaned_rows[0]["source_detail"] == "n=412"


def test_bad_rows_are_listed_with_row_column_and_what_is_wrong(workshop):
    preview = parse(workshop, (
        "metric;value;unit;source;stage;touchpoint\n"
        "Conversie;12,5;%;crm;;\n"                     # 2: fine
        ";3;;crm;;\n"                                  # 3: no metric
        "Bezoek;veel;;crm;;\n"                         # 4: not a number
        "Bezoek;;;crm;;\n"                             # 5: no value
        "Bezoek;3;;onderbuik;;\n"                      # 6: unknown source
        "Bezoek;3;;;;\n"                               # 7: no source
        "Bezoek;3;;crm;Nazorg;\n"                      # 8: unknown stage
        "Bezoek;3;;crm;;Chatbot\n"                     # 9: unknown touchpoint
        "Bezoek;3;;crm;;Website\n"                     # 10: Website is in two stages
        "Bezoek;3;;crm;Oriëntatie;Kassa\n"             # 11: Kassa is not in Oriëntatie
        "Bezoek;3;;crm;;;extra\n"                      # 12: a cell without a column
        + "x" * 151 + ";3;;crm;;\n"                    # 13: too long
        "Bezoek;99999999999;;crm;;\n"                  # 14: too large
    ))
    assert not preview.is_importable and preview.file_errors == []
    errors = {(number, column): message for number, column, message in row_errors(preview)}
    assert set(errors) == {(3, "metric"), (4, "value"), (5, "value"), (6, "source"), (7, "source"), (8, "stage"),
                           (9, "touchpoint"), (10, "touchpoint"), (11, "touchpoint"), (12, "—"), (13, "metric"),
                           (14, "value")}
    assert "veel" in errors[(4, "value")]
    assert "onderbuik" in errors[(6, "source")] and "web_analytics" in errors[(6, "source")]
    assert "Nazorg" in errors[(8, "stage")]
    assert "Chatbot" in errors[(9, "touchpoint")]
    assert preview.rows[0].cleaned is not None and all(row.cleaned is None for row in preview.rows[1:])


@pytest.mark.usefixtures("english_outside_requests")  # matches English messages
def test_a_decimal_comma_in_a_comma_separated_file_is_explained(workshop):
    preview = parse(workshop, "metric,value,unit,source\nConversie,12,5,%,crm\n")
    errors = {column: message for _number, column, message in row_errors(preview)}
    assert "semicolons" in errors["—"]  # (and the cells shifted: "%" is not a known source)


@pytest.mark.usefixtures("english_outside_requests")  # matches English messages
@pytest.mark.parametrize("content,expected", [
    (b"", "empty"),
    (b"   \r\n\r\n", "empty"),
    (b"\xef\xbb\xbf", "empty"),
    ("metric;value;unit;source\nKosten;5;€;crm\n".encode("cp1252"), "UTF-8"),
    ("metric,value,unit,source\nAantal,5,,crm\n".encode("utf-16"), "not a CSV text file"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "not a CSV text file"),  # an .xlsx (zip)
    (b"metric,value,unit,source\r\n", "no rows"),
    (b"metric,value,unit,source,colour\nA,1,,crm,red\n", "Unknown column"),
    (b"metric,value,unit\nA,1,\n", "Missing column"),
    (b"metric,value,unit,source,metriek\nA,1,,crm,B\n", "appears twice"),
    (b'metric,value,unit,source\n"A,1,,crm\n', None),  # an unclosed quote swallows the rest: a bad row, no crash
])
def test_files_that_cannot_be_read_get_a_message(workshop, content, expected):
    preview = parse(workshop, content)
    assert not preview.is_importable
    if expected:
        assert len(preview.file_errors) == 1 and expected in preview.file_errors[0], preview.file_errors


def test_too_many_rows(workshop):
    text = "metric,value,unit,source\n" + "Bezoek,1,,crm\n" * (MAX_CSV_ROWS + 1)
    preview = parse(workshop, text)
    assert preview.rows == [] and str(MAX_CSV_ROWS) in preview.file_errors[0]
    assert parse(workshop, "metric,value,unit,source\n" + "Bezoek,1,,crm\n" * MAX_CSV_ROWS).is_importable


# --- Upload → preview → import ---------------------------------------------------------------------

def test_upload_previews_then_import_saves_every_row(client, member, workshop):
    client.force_login(member)
    response = upload(client, workshop, ENGLISH, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<section id="data-import"')
    assert body.count('<tr class="data-import-row--ok">') == 3
    assert reverse("journeys:evidence_import_confirm", args=[workshop.pk]) in body
    assert not Evidence.objects.exists()  # a preview saves nothing
    token = client.session[SESSION_KEY][str(workshop.pk)]["token"]
    assert f'name="token" value="{token}"' in body

    response = client.post(reverse("journeys:evidence_import_confirm", args=[workshop.pk]), {"token": token}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="message message--success"' in body
    assert re.search(r'<section id="data-evidence"[^>]* hx-swap-oob="true"', body)  # the list, out of band
    assert sorted(Evidence.objects.values_list("metric", "value")) == [
        ("Conversion rate", Decimal("12.5")), ("Receipts", Decimal("1240.5")), ("Visitors", Decimal("1240"))]
    assert str(workshop.pk) not in client.session.get(SESSION_KEY, {})
    # The same preview cannot be imported twice.
    response = client.post(reverse("journeys:evidence_import_confirm", args=[workshop.pk]), {"token": token}, **HTMX)
    assert 'class="form-errors"' in response.content.decode()
    assert Evidence.objects.count() == 3


def test_plain_post_shows_the_preview_on_the_room_page_and_import_redirects(client, member, workshop):
    client.force_login(member)
    response = upload(client, workshop, DUTCH.replace("; Q3", ""))
    assert response.status_code == 200
    assert response.context["preview"].is_importable
    assert 'class="table data-import-table"' in response.content.decode()
    token = client.session[SESSION_KEY][str(workshop.pk)]["token"]
    response = client.post(reverse("journeys:evidence_import_confirm", args=[workshop.pk]), {"token": token})
    assert response.status_code == 302
    assert response.url == reverse("workshops:room", args=[workshop.pk]) + "#data-import"
    assert Evidence.objects.get().value == Decimal("12.5")


def test_a_file_with_a_bad_row_saves_nothing_and_offers_no_import(client, member, workshop):
    client.force_login(member)
    response = upload(client, workshop, "metric,value,unit,source\nGoed,1,,crm\nFout,een,,crm\n")
    assert response.status_code == 400
    body = response.content.decode()
    assert reverse("journeys:evidence_import_confirm", args=[workshop.pk]) not in body
    assert '<tr class="data-import-row--error">' in body and '<td class="data-import-cell--error">een</td>' in body
    assert "Rij 3, value:" in body or "Row 3, value:" in body
    assert str(workshop.pk) not in client.session.get(SESSION_KEY, {})
    response = client.post(reverse("journeys:evidence_import_confirm", args=[workshop.pk]), {"token": "anything"})
    assert response.status_code == 302
    assert not Evidence.objects.exists()


def test_a_new_upload_replaces_the_waiting_preview(client, member, workshop):
    client.force_login(member)
    upload(client, workshop, ENGLISH)
    old_token = client.session[SESSION_KEY][str(workshop.pk)]["token"]
    upload(client, workshop, "metric,value,unit,source\nFout,een,,crm\n")
    response = client.post(reverse("journeys:evidence_import_confirm", args=[workshop.pk]),
                           {"token": old_token}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not Evidence.objects.exists()


def test_the_client_cannot_choose_what_is_imported(client, member, workshop):
    client.force_login(member)
    upload(client, workshop, "metric,value,unit,source\nBezoek,1,,crm\n")
    token = client.session[SESSION_KEY][str(workshop.pk)]["token"]
    client.post(reverse("journeys:evidence_import_confirm", args=[workshop.pk]),
                {"token": token, "rows": '[{"metric": "Gehackt", "value": "666"}]', "metric": "Gehackt"})
    assert list(Evidence.objects.values_list("metric", flat=True)) == ["Bezoek"]


def test_a_forged_token_imports_nothing(client, member, workshop):
    client.force_login(member)
    upload(client, workshop, ENGLISH)
    response = client.post(reverse("journeys:evidence_import_confirm", args=[workshop.pk]), {"token": "forged"}, **HTMX)
    assert response.status_code == 200 and 'class="form-errors"' in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_preview_belongs_to_its_own_workshop(client, member, workshop, team, facilitator):
    other = workshop_create(team=team, title="Andere", facilitator=facilitator, template="blank")
    client.force_login(member)
    upload(client, workshop, "metric,value,unit,source\nBezoek,1,,crm\n")
    token = client.session[SESSION_KEY][str(workshop.pk)]["token"]
    client.post(reverse("journeys:evidence_import_confirm", args=[other.pk]), {"token": token})
    assert not Evidence.objects.exists()


def test_cancel_drops_the_waiting_preview(client, member, workshop):
    client.force_login(member)
    upload(client, workshop, ENGLISH)
    token = client.session[SESSION_KEY][str(workshop.pk)]["token"]
    response = client.post(reverse("journeys:evidence_import_cancel", args=[workshop.pk]), **HTMX)
    assert response.status_code == 200 and "data-import-table" not in response.content.decode()
    client.post(reverse("journeys:evidence_import_confirm", args=[workshop.pk]), {"token": token})
    assert not Evidence.objects.exists()


def test_a_stage_removed_between_preview_and_import_saves_nothing(client, member, workshop):
    client.force_login(member)
    upload(client, workshop, "metric,value,unit,source,stage\nA,1,,crm,\nB,2,,crm,Aankoop\n")
    token = client.session[SESSION_KEY][str(workshop.pk)]["token"]
    Stage.objects.filter(name="Aankoop").delete()
    response = client.post(reverse("journeys:evidence_import_confirm", args=[workshop.pk]), {"token": token}, **HTMX)
    assert "Row 3" in response.content.decode() or "Rij 3" in response.content.decode()
    assert not Evidence.objects.exists()


def test_import_is_all_or_nothing_in_the_service(workshop):
    good = {"row": 2, "metric": "A", "value": "1", "unit": "", "source": "crm", "source_detail": "", "stage_id": None,
            "touchpoint_id": None}
    with pytest.raises(Exception):  # noqa: B017, PT011 - a ValidationError from the second row
        evidence_import(actor=MEMBER, journey=workshop.journey, rows=[good, {**good, "row": 3, "metric": ""}])
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("content,status", [
    (b"", 400),
    (b"\xff\xfe\x00\x00binary", 400),
    ("metric;value;unit;source\nCaf\xe9;1;;crm\n".encode("latin-1"), 400),
    (b"a,b\n1,2\n", 400),
])
def test_unreadable_uploads_answer_with_a_message_never_a_500(client, member, workshop, content, status):
    client.force_login(member)
    response = upload(client, workshop, content)
    assert response.status_code == status
    assert response.context["preview"].file_errors
    assert 'class="form-errors"' in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_file_over_the_limit_is_refused_before_reading(client, member, workshop):
    client.force_login(member)
    content = b"metric,value,unit,source\n" + b"Bezoek,1,,crm," + b"x" * MAX_CSV_BYTES + b"\n"
    response = upload(client, workshop, content, **HTMX)
    assert response.status_code == 200
    assert 'id="id_file_error"' in response.content.decode()
    assert not Evidence.objects.exists()


def test_no_file_at_all(client, member, workshop):
    client.force_login(member)
    with nothing_written():
        response = client.post(reverse("journeys:evidence_import_upload", args=[workshop.pk]), {})
    assert response.status_code == 400
    assert response.context["upload_form"].errors["file"]


# --- Who may, and the example file -----------------------------------------------------------------

def test_viewer_and_guest_cannot_import(client, viewer, workshop):
    client.force_login(viewer)
    assert upload(client, workshop, ENGLISH).status_code == 403
    assert client.post(reverse("journeys:evidence_import_confirm", args=[workshop.pk]),
                       {"token": "x"}).status_code == 403
    assert client.post(reverse("journeys:evidence_import_cancel", args=[workshop.pk])).status_code == 403
    client.logout()
    join_room(client, workshop)
    assert upload(client, workshop, ENGLISH).status_code == 403
    assert not Evidence.objects.exists()


def test_outsider_gets_404_on_the_import(client, outsider, workshop):
    client.force_login(outsider)
    assert upload(client, workshop, ENGLISH).status_code == 404
    assert client.get(reverse("journeys:evidence_import_example", args=[workshop.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["member", "viewer"])
@pytest.mark.parametrize("language,header,words,filename", [
    ("nl", "metriek,waarde,eenheid,bron,fase,contactmoment,toelichting", "Conversieratio,12.5,%,webstatistieken",
     "klantreis-cijfers-voorbeeld.csv"),
    ("en", "metric,value,unit,source,stage,touchpoint,source_detail", "Conversion rate,12.5,%,web analytics",
     "klantreis-figures-example.csv"),
])
def test_the_example_file_reads_back_without_errors(client, workshop, persona, request, language, header, words,
                                                    filename, monkeypatch):
    monkeypatch.setattr("workshops.middleware.language_for", lambda request: language)
    client.force_login(request.getfixturevalue(persona))
    with translation.override(language):  # the middleware's language ends with the request, not with this test
        response = client.get(reverse("journeys:evidence_import_example", args=[workshop.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response.content.startswith(f"\ufeff{header}\r\n{words}".encode()), "in the reader's language"
    assert "Oriëntatie" in response.content.decode()  # this journey's own names
    preview = parse(workshop, response.content)
    assert preview.is_importable, (preview.file_errors, row_errors(preview))
    assert len(preview.rows) == 4


def test_guest_may_download_the_example(client, workshop):
    join_room(client, workshop)
    assert client.get(reverse("journeys:evidence_import_example", args=[workshop.pk])).status_code == 200
