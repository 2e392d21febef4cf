"""The allocation schedule: the same rows in the PDF (read back) and the XLSX annex (reopened)."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from contracts.exporters import write_schedule_xlsx
from contracts.schedule import HOLDER_LABELS, VENDOR_AS_PROVIDER, allocation_rows, write_pdf
from tests.contracts.conftest import GPAI_BASED, HR_SCREENING, WE_PROVIDE_HIGH_RISK

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(system, gpai_system, classify, make_contract):
    classify(system, HR_SCREENING)
    classify(gpai_system, GPAI_BASED)
    return make_contract([system, gpai_system], title="HR and helpdesk agreement")


def pdf_text(contract) -> str:
    stream = io.BytesIO()
    write_pdf(contract, stream)
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(stream.getvalue())).pages)


def test_rows_hold_every_duty_of_the_classifications_and_the_vendors(contract, system, gpai_system):
    rows = list(allocation_rows([contract]))
    ours = {(row.system, row.article, row.holder) for row in rows}
    for covered in (system, gpai_system):
        result = covered.classifications.first().result
        for duty in result["obligations"]:
            assert (str(covered), duty["article"], HOLDER_LABELS[duty["holder"]]) in ours
    vendor_rows = [row for row in rows if row.holder == VENDOR_AS_PROVIDER]
    assert {(row.system, row.article) for row in vendor_rows} >= {(str(system), "Art 16"), (str(gpai_system), "Art 53")}
    art26 = next(row for row in rows if row.article == "Art 26")
    assert art26.applies_from == dt.date(2027, 12, 2) and art26.performed_by == contract.organisation.name


def test_we_as_provider_get_the_supplier_assistance_row(system, classify, make_contract):
    classify(system, WE_PROVIDE_HIGH_RISK)
    rows = list(allocation_rows([make_contract([system])]))
    assert any(row.article == "Art 25(4)" for row in rows)
    assert not any(row.holder == VENDOR_AS_PROVIDER and row.article == "Art 16" for row in rows)


def test_pdf_read_back_shows_every_duty_with_article_and_holder(contract):
    text = pdf_text(contract)
    assert "obligation allocation schedule" in text.lower()
    for row in allocation_rows([contract]):
        assert row.article in text
        assert row.holder in text
    assert "TalentLens GmbH" in text


def test_pdf_of_a_contract_without_classified_systems_says_what_to_do(system, make_contract):
    assert "classify the AI systems" in pdf_text(make_contract([system]))


def test_xlsx_reopens_with_typed_dates_and_a_frozen_header(contract):
    stream = io.BytesIO()
    write_schedule_xlsx(contract, stream)
    sheet = load_workbook(io.BytesIO(stream.getvalue())).active
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Contract id", "AI system", "Article"] and "Applies from" in header
    body = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(body) == len(list(allocation_rows([contract])))
    dates = [row[header.index("Applies from")] for row in body if row[header.index("Applies from")] is not None]
    assert dates and all(isinstance(value, dt.datetime) for value in dates)
    assert {row[0] for row in body} == {contract.pk}


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_command_writes_the_file(fmt, contract, tmp_path):
    target = tmp_path / f"schedule.{fmt}"
    call_command("allocation_schedule", "--contract", str(contract.pk), "--format", fmt, "--output", str(target))
    assert target.read_bytes().startswith(b"%PDF" if fmt == "pdf" else b"PK")


def test_command_refuses_an_unknown_contract(tmp_path):
    with pytest.raises(CommandError, match="No contract"):
        call_command("allocation_schedule", "--contract", "999999", "--output", str(tmp_path / "x.pdf"))
