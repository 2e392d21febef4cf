"""The XLSX questionnaire through the vendor portal: download, preview, apply, audited as the vendor contact."""

import pytest

from core.models import ActorType, AuditEvent
from procurement.models import VendorAnswers
from tests.procurement.test_questionnaire_xlsx import filled, xlsx_file

pytestmark = pytest.mark.django_db


def test_round_trip_through_the_portal(client, token, vendor):
    template = client.get(f"/p/{token}/questionnaire.xlsx")
    assert template.status_code == 200 and set(template.cookies) <= {"csrftoken"}
    preview = client.post(f"/p/{token}/questionnaire/import/", {"file": xlsx_file(filled({"company_country": "de"}))})
    assert preview.status_code == 200
    assert client.post(f"/p/{token}/questionnaire/import/", {"ticket": preview.context["ticket"]}).status_code == 302
    assert VendorAnswers.objects.get(vendor=vendor).answers["company_country"] == "DE"
    assert AuditEvent.objects.get(action="procurement.vendor_answers.imported").actor_type == ActorType.VENDOR


def test_a_bad_file_through_the_portal_names_its_cell(client, token):
    response = client.post(
        f"/p/{token}/questionnaire/import/", {"file": xlsx_file(filled({"conformity_status": "Maybe"}))}
    )
    assert response.status_code == 400 and "Questions!C" in response.content.decode()
    assert not VendorAnswers.objects.exists()
