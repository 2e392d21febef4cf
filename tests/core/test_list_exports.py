"""Every main register exports from its list page as XLSX and CSV, with the list's filters."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from compliance.models import RedFlag, RequestStatus, Severity, subject_key_of
from core.exporters import exporter_for
from core.models import Role
from deadlines.models import Deadline, DeadlineKind
from tests.factories import AiSystemFactory, ClassificationFactory, DocumentRequestFactory, VendorFactory

pytestmark = pytest.mark.django_db


def xlsx_rows(response) -> list[dict]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def registry(organisation, outsider):
    german = VendorFactory(organisation=organisation, legal_name="Deutsche KI GmbH", country="DE")
    american = VendorFactory(organisation=organisation, legal_name="American AI Inc", country="US")
    VendorFactory(organisation=outsider.organisation, legal_name="Foreign Org Vendor", country="DE")
    hiring = AiSystemFactory(vendor=german, name="Hiring helper")
    chat = AiSystemFactory(vendor=american, name="Chat helper")
    ClassificationFactory(ai_system=hiring)
    DocumentRequestFactory(ai_system=hiring, status=RequestStatus.REQUESTED)
    DocumentRequestFactory(ai_system=chat, status=RequestStatus.RECEIVED)
    for system, severity in ((hiring, Severity.CRITICAL), (chat, Severity.WARNING)):
        RedFlag.objects.create(
            organisation=organisation,
            ai_system=system,
            vendor=system.vendor,
            subject_key=subject_key_of(ai_system=system),
            code=f"flag_{severity}",
            severity=severity,
            citation="Art 1",
            message="m",
            action="a",
            opened_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        )
    for system, due in ((hiring, dt.date(2026, 3, 1)), (chat, dt.date(2027, 3, 1))):
        Deadline.objects.create(
            organisation=organisation,
            kind=DeadlineKind.REGULATORY,
            source_type="test.source",
            source_id=str(system.pk),
            title=f"Date of {system.name}",
            due_date=due,
            ai_system=system,
            vendor=system.vendor,
        )
    return {"hiring": hiring, "chat": chat}


@pytest.mark.parametrize(
    "url, code, key, expected",
    [
        ("/vendors/?country=DE", "vendors", "legal_name", ["Deutsche KI GmbH"]),
        ("/vendors/?q=american", "vendors", "legal_name", ["American AI Inc"]),
        ("/vendors/systems/?q=hiring", "ai_systems", "name", ["Hiring helper"]),
        ("/compliance/documents/?status=received", "documents", "subject", ["Chat helper"]),
        ("/compliance/red-flags/?severity=critical", "red_flags", "code", ["flag_critical"]),
        ("/deadlines/?scope=all&due_before=2026-12-31", "deadlines", "title", ["Date of Hiring helper"]),
    ],
)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_list_exports_its_filtered_rows(login, members, registry, url, code, key, expected, fmt):
    response = login(members[Role.COMPLIANCE]).get(f"{url}&export={fmt}")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    if fmt == "xlsx":  # headers are the columns' titles; in CSV their keys, as the API names them
        key = next(column.title for column in exporter_for(code).columns if column.key == key)
    rows = xlsx_rows(response) if fmt == "xlsx" else csv_rows(response)
    assert [row[key] for row in rows] == expected


def test_the_list_page_links_its_exports_with_its_filters(login, members, registry):
    page = login(members[Role.COMPLIANCE]).get("/vendors/?country=DE&page=1").content.decode()
    assert "?country=DE&amp;export=xlsx" in page and "export=csv" in page


def test_an_export_holds_only_the_callers_organisation(login, outsider, registry):
    rows = xlsx_rows(login(outsider).get("/vendors/?export=xlsx"))
    assert [row["Legal name"] for row in rows] == ["Foreign Org Vendor"]
