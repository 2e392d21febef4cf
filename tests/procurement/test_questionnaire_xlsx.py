"""The XLSX questionnaire: the template's structure, the round trip, and every kind of refusal."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from core.models import AuditEvent, Role
from procurement.models import VendorAnswers
from procurement.questionnaire import QUESTIONS
from procurement.questionnaire_xlsx import ANSWER_COLUMN, FIRST_ROW, build_template, import_ticket, read_answers
from tests.compliance.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db
ROW = {q.key: row for row, q in enumerate(QUESTIONS, start=FIRST_ROW)}


def filled(values: dict, template: bytes | None = None, edit=None) -> bytes:
    """The template with answers typed into column C (and any other edit), as a person would save it."""
    workbook = load_workbook(io.BytesIO(template or build_template()))
    sheet = workbook["Questions"]
    for key, value in values.items():
        sheet[f"{ANSWER_COLUMN}{ROW[key]}"] = value
    if edit:
        edit(workbook)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def xlsx_file(content: bytes, name="answers.xlsx"):
    return SimpleUploadedFile(name, content)


def test_the_template_has_instructions_validations_locked_structure_and_hidden_ids():
    workbook = load_workbook(io.BytesIO(build_template({"conformity_status": "completed"})))
    assert workbook.sheetnames == ["Instructions", "Questions", "_meta"]
    assert workbook.security.lockStructure and workbook["_meta"].sheet_state == "hidden"
    sheet = workbook["Questions"]
    assert sheet.protection.sheet and sheet.column_dimensions["A"].hidden
    assert [sheet[f"A{ROW[q.key]}"].value for q in QUESTIONS] == [q.key for q in QUESTIONS]
    assert sheet[f"C{ROW['conformity_status']}"].value == "Completed"
    assert not sheet[f"C{ROW['company_legal_name']}"].protection.locked and sheet["B2"].protection.locked
    validated = {str(ref) for rule in sheet.data_validations.dataValidation for ref in rule.sqref.ranges}
    assert f"C{ROW['conformity_status']}" in validated and f"C{ROW['conformity_completion_date']}" in validated


def test_round_trip_through_the_officers_pages(login, members, vendor):
    import datetime as dt

    client = login(members[Role.COMPLIANCE])
    template = client.get(f"/procurement/vendors/{vendor.pk}/questionnaire.xlsx")
    assert template.status_code == 200
    content = filled(
        {
            "company_legal_name": "TalentLens GmbH",
            "conformity_status": "In progress",
            "conformity_completion_date": dt.datetime(2026, 9, 30),
            "notified_body_number": "0123",
        },
        template.content,
    )
    url = f"/procurement/vendors/{vendor.pk}/questionnaire/import/"
    preview = client.post(url, {"file": xlsx_file(content)})
    page = preview.content.decode()
    assert preview.status_code == 200 and "Apply 4 changes" in page and "In progress" in page
    assert not VendorAnswers.objects.exists()  # nothing until confirmed
    ticket = preview.context["ticket"]
    assert client.post(url, {"ticket": ticket}).status_code == 302
    answers = VendorAnswers.objects.get(vendor=vendor).answers
    assert answers["conformity_status"] == "in_progress" and answers["conformity_completion_date"] == "2026-09-30"
    assert AuditEvent.objects.get(action="procurement.vendor_answers.imported").changes["notified_body_number"] == [
        None,
        "0123",
    ]
    exported_again = load_workbook(
        io.BytesIO(client.get(f"/procurement/vendors/{vendor.pk}/questionnaire.xlsx").content)
    )
    assert exported_again["Questions"][f"C{ROW['conformity_status']}"].value == "In progress"


def _remove_sheet(name):
    def edit(workbook):
        workbook.security.lockStructure = False
        del workbook[name]

    return edit


def _set(cell, value, sheet="Questions"):
    return lambda workbook: workbook[sheet].__setitem__(cell, value)


@pytest.mark.parametrize(
    "content, expected",
    [
        (
            filled({"conformity_completion_date": "soon"}),
            f"Questions!C{ROW['conformity_completion_date']}: expected a date",
        ),
        (filled({"conformity_status": "Maybe"}), f"Questions!C{ROW['conformity_status']}: expected one of"),
        (
            filled({"incident_contact_email": "nobody"}),
            f"Questions!C{ROW['incident_contact_email']}: expected an e-mail",
        ),
        (
            filled({"notified_body_number": "12"}),
            f"Questions!C{ROW['notified_body_number']}: expected the notified body",
        ),
        (filled({"company_legal_name": "x" * 2001}), f"Questions!C{ROW['company_legal_name']}: expected at most"),
        (filled({}, edit=_set("A3", "made_up")), "Questions!A3: unknown question id “made_up”"),
        (
            filled({}, edit=_set("A3", QUESTIONS[0].key)),
            f"Questions!A3: the question “{QUESTIONS[0].key}” appears twice",
        ),
        (filled({}, edit=_set("C1", "Reply")), "Questions!A1: expected the header"),
        (filled({}, edit=_set(f"A{FIRST_ROW + len(QUESTIONS) - 1}", None)), "rows were removed"),
        (filled({}, edit=_remove_sheet("_meta")), "not our vendor questionnaire"),
        (filled({}, edit=_remove_sheet("Questions")), "“Questions” is missing"),
    ],
)
def test_every_refusal_names_its_cell_and_changes_nothing(login, members, vendor, content, expected):
    response = login(members[Role.COMPLIANCE]).post(
        f"/procurement/vendors/{vendor.pk}/questionnaire/import/", {"file": xlsx_file(content)}
    )
    assert response.status_code == 400
    assert expected in response.content.decode().replace("&quot;", '"')
    assert not VendorAnswers.objects.exists()


def test_several_errors_are_all_listed():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        read_answers(filled({"conformity_completion_date": "soon", "incident_contact_email": "nobody"}))
    assert len(refused.value.messages) == 2


@pytest.mark.parametrize(
    "upload, expected",
    [
        (SimpleUploadedFile("answers.pdf", PDF_BYTES), "as an Excel workbook"),
        (SimpleUploadedFile("answers.xlsx", PDF_BYTES), "rename it"),
        (SimpleUploadedFile("answers.xlsx", b"PK\x03\x04broken"), "not accepted"),
        (SimpleUploadedFile("answers.xlsx", b""), "empty"),
    ],
)
def test_files_that_are_no_workbook_are_refused(login, members, vendor, upload, expected):
    response = login(members[Role.COMPLIANCE]).post(
        f"/procurement/vendors/{vendor.pk}/questionnaire/import/", {"file": upload}
    )
    assert response.status_code == 400 and expected in response.content.decode()


def test_a_plain_workbook_is_not_our_questionnaire():
    from django.core.exceptions import ValidationError

    stream = io.BytesIO()
    Workbook().save(stream)
    with pytest.raises(ValidationError, match="not our vendor questionnaire"):
        read_answers(stream.getvalue())


def test_an_altered_or_foreign_ticket_applies_nothing(login, members, vendor, other_vendor):
    client = login(members[Role.COMPLIANCE])
    url = f"/procurement/vendors/{vendor.pk}/questionnaire/import/"
    tampered = import_ticket(vendor.pk, {"company_country": "DE"})[:-2] + "xx"
    assert client.post(url, {"ticket": tampered}).status_code == 400
    foreign = import_ticket(other_vendor.pk, {"company_country": "DE"})
    assert "another vendor" in client.post(url, {"ticket": foreign}).content.decode()
    assert not VendorAnswers.objects.exists()


@pytest.mark.parametrize("role", [Role.LEGAL, Role.REQUESTER, Role.APPROVER, Role.AUDITOR])
def test_read_only_roles_see_answers_but_cannot_import(login, members, vendor, role):
    client = login(members[role])
    assert client.get(f"/procurement/vendors/{vendor.pk}/questionnaire/").status_code == 200
    assert client.get(f"/procurement/vendors/{vendor.pk}/questionnaire.xlsx").status_code == 403
    assert client.post(f"/procurement/vendors/{vendor.pk}/questionnaire/import/").status_code == 403


def test_another_organisation_gets_404(login, outsider, vendor):
    client = login(outsider)
    assert client.get(f"/procurement/vendors/{vendor.pk}/questionnaire/").status_code == 404
    assert client.get(f"/procurement/vendors/{vendor.pk}/questionnaire.xlsx").status_code == 404
