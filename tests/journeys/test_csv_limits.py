"""Upload limits: a CSV file over 1 MB or over MAX_CSV_ROWS rows is refused with a message on the
form and saves nothing; a request body of form fields over DATA_UPLOAD_MAX_MEMORY_SIZE is a 400."""

import pytest
from django.conf import settings
from django.urls import reverse

from journeys.models import Evidence, JourneyTemplate
from journeys.services.data import MAX_CSV_BYTES, MAX_CSV_ROWS
from tests.journeys.test_data_csv import SESSION_KEY, upload
from workshops.models import Step

pytestmark = [pytest.mark.django_db, pytest.mark.workshop(Step.DATA, template=JourneyTemplate.BLANK, title="Fietsen")]

HEADER = "metric,value,unit,source\n"


def assert_nothing_kept(client, workshop):
    assert not Evidence.objects.exists()
    assert str(workshop.pk) not in client.session.get(SESSION_KEY, {})  # no preview waiting to be imported


def test_a_file_over_one_megabyte_gets_a_field_error(client, member, workshop):
    client.force_login(member)
    content = (HEADER + "Bezoek,1,,crm\n" * (MAX_CSV_BYTES // 14 + 10)).encode()
    assert len(content) > MAX_CSV_BYTES
    response = upload(client, workshop, content)
    assert response.status_code == 400
    error = response.context["upload_form"].errors["file"][0]
    assert "at most 1.0" in error and "MB" in error
    assert 'id="id_file_error"' in response.content.decode()
    assert reverse("journeys:evidence_import_confirm", args=[workshop.pk]) not in response.content.decode()
    assert_nothing_kept(client, workshop)


def test_a_file_of_exactly_the_limit_is_read(client, member, workshop):
    client.force_login(member)
    row = "Bezoek,1,,crm\n"
    content = (HEADER + row * ((MAX_CSV_BYTES - len(HEADER)) // len(row))).encode()
    content += b" " * (MAX_CSV_BYTES - len(content))
    assert len(content) == MAX_CSV_BYTES
    response = upload(client, workshop, content)
    assert "upload_form" not in response.context or not response.context["upload_form"].errors
    assert response.context["preview"].file_errors  # too many rows, but the size itself passed


def test_more_rows_than_the_limit_are_refused_whole(client, member, workshop):
    client.force_login(member)
    response = upload(client, workshop, HEADER + "Bezoek,1,,crm\n" * (MAX_CSV_ROWS + 1))
    assert response.status_code == 400
    preview = response.context["preview"]
    assert preview.rows == [] and not preview.is_importable
    body = response.content.decode()
    assert str(MAX_CSV_ROWS) in preview.file_errors[0] and 'class="form-errors"' in body
    assert reverse("journeys:evidence_import_confirm", args=[workshop.pk]) not in body
    assert_nothing_kept(client, workshop)


def test_the_row_limit_itself_imports(client, member, workshop):
    client.force_login(member)
    response = upload(client, workshop, HEADER + "Bezoek,1,,crm\n" * MAX_CSV_ROWS)
    assert response.status_code == 200 and response.context["preview"].is_importable
    token = client.session[SESSION_KEY][str(workshop.pk)]["token"]
    client.post(reverse("journeys:evidence_import_confirm", args=[workshop.pk]), {"token": token})
    assert Evidence.objects.count() == MAX_CSV_ROWS


def test_form_fields_over_the_request_limit_are_a_400(client, member, workshop):
    client.force_login(member)
    quote = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(reverse("journeys:evidence_quote_create", args=[workshop.pk]), {"quote-quote": quote})
    assert response.status_code == 400
    assert not Evidence.objects.exists()


def test_upload_settings_are_bounded():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 1000
