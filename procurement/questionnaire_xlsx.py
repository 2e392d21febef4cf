"""The vendor questionnaire as an XLSX file to fill in, and reading a filled one back.

The template has an instructions sheet and a Questions sheet: the question's id in a hidden
column A, the question in B, the answer in C (the only unlocked cells; choices and dates
validated by Excel), what is expected in D. The sheets are protected and the workbook's
structure is locked, so rows and sheets cannot be added, removed or renamed by accident.
A hidden sheet names the questionnaire's version, so another workbook is recognised.

Reading is all-or-nothing: every problem is reported with its cell ("Questions!C14:
expected a date"), and nothing is returned unless the whole file is right.
"""

from __future__ import annotations

import io
import zipfile

from django.core import signing
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, Protection
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from core.uploads import check_upload
from procurement.questionnaire import QUESTIONS, Question, clean_answer, display_value

QUESTIONS_SHEET = "Questions"
INSTRUCTIONS_SHEET = "Instructions"
META_SHEET = "_meta"
TEMPLATE_ID = "vendor-questionnaire/1"
HEADER = ("id", "Question", "Answer", "What to enter")
FIRST_ROW = 2
ANSWER_COLUMN = "C"
# openpyxl protects sheets with this password only against accidental edits; it is no secret.
SHEET_PASSWORD = "questionnaire"
INSTRUCTIONS = (
    "Vendor questionnaire",
    "",
    "Answer in column C of the Questions sheet; leave blank what does not apply.",
    "Choices offer a list; dates are days such as 2026-09-30.",
    "Do not add, remove or reorder rows or sheets: the file is read back by position and hidden ids.",
    "Send the file back through your portal link, or to your contact, who imports it.",
)


def _expected(question: Question) -> str:
    return {
        "date": "A date (YYYY-MM-DD)",
        "choice": "One of: " + ", ".join(question.choice_labels),
        "email": "An e-mail address",
        "country": "A two-letter country code (e.g. DE)",
    }.get(question.kind, "Text")


def build_template(answers: dict | None = None) -> bytes:
    """The questionnaire workbook, pre-filled with `answers` (stored form) when given."""
    answers = answers or {}
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = INSTRUCTIONS_SHEET
    for line in INSTRUCTIONS:
        instructions.append([line])
    instructions["A1"].font = Font(bold=True, size=14)
    instructions.column_dimensions["A"].width = 100
    instructions.protection.set_password(SHEET_PASSWORD)

    sheet = workbook.create_sheet(QUESTIONS_SHEET)
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row, question in enumerate(QUESTIONS, start=FIRST_ROW):
        stored = answers.get(question.key, "")
        sheet.append(
            [question.key, question.text, display_value(question, stored) if stored else None, _expected(question)]
        )
        answer = sheet[f"{ANSWER_COLUMN}{row}"]
        answer.protection = Protection(locked=False)
        _validate(sheet, question, answer.coordinate)
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions["B"].width = 70
    sheet.column_dimensions["C"].width = 40
    sheet.column_dimensions["D"].width = 45
    sheet.freeze_panes = "C2"
    sheet.protection.set_password(SHEET_PASSWORD)
    sheet.protection.sheet = True

    meta = workbook.create_sheet(META_SHEET)
    meta["A1"] = TEMPLATE_ID
    meta.sheet_state = "hidden"
    meta.protection.set_password(SHEET_PASSWORD)
    workbook.active = workbook.index(sheet)
    workbook.security.lockStructure = True
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _validate(sheet, question: Question, coordinate: str) -> None:
    if question.kind == "choice":
        labels = ",".join(question.choice_labels)
        rule = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
    elif question.kind == "date":
        rule = DataValidation(type="date", operator="between", formula1="25569", formula2="401768", allow_blank=True)
    else:
        return
    rule.error = _expected(question)
    rule.showErrorMessage = True
    sheet.add_data_validation(rule)
    rule.add(coordinate)


def _refuse(errors: list[str]) -> ValidationError:
    return ValidationError({"file": errors})


def read_answers(content: bytes) -> dict[str, str]:
    """The answers of a filled-in template (stored form), or ValidationError listing every problem by cell."""
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _refuse(["This file is not an Excel workbook (.xlsx) that can be read."]) from None
    try:
        return _read(workbook)
    finally:
        workbook.close()


def _read(workbook) -> dict[str, str]:
    if META_SHEET not in workbook.sheetnames or workbook[META_SHEET]["A1"].value != TEMPLATE_ID:
        raise _refuse(["This is not our vendor questionnaire: download the template and fill that in."])
    if QUESTIONS_SHEET not in workbook.sheetnames:
        raise _refuse([f"The sheet “{QUESTIONS_SHEET}” is missing."])
    rows = list(workbook[QUESTIONS_SHEET].iter_rows(values_only=True))
    errors = []
    header = tuple(rows[0][:4]) if rows else ()
    if header != HEADER:
        errors.append(f"{QUESTIONS_SHEET}!A1: expected the header {', '.join(HEADER)}")
    by_key = {q.key: q for q in QUESTIONS}
    seen, answers = set(), {}
    for number, row in enumerate(rows[1:], start=FIRST_ROW):
        key, answer = (row[0] if row else None), (row[2] if len(row) > 2 else None)
        if key is None and answer in (None, ""):
            continue
        where = f"{QUESTIONS_SHEET}!{{column}}{number}"
        question = by_key.get(key)
        if question is None:
            errors.append(f"{where.format(column='A')}: unknown question id “{key}”")
            continue
        if key in seen:
            errors.append(f"{where.format(column='A')}: the question “{key}” appears twice")
            continue
        seen.add(key)
        try:
            answers[key] = clean_answer(question, answer)
        except ValueError as error:
            errors.append(f"{where.format(column=ANSWER_COLUMN)}: {error}")
    missing = [q.key for q in QUESTIONS if q.key not in seen]
    if missing and not errors:
        errors.append(f"{QUESTIONS_SHEET}: rows were removed (missing: {', '.join(missing)})")
    if errors:
        raise _refuse(errors)
    return answers


def read_upload(upload) -> dict[str, str]:
    """An uploaded file through the usual upload checks (size, type by content, name), then read."""
    checked = check_upload(upload)
    if checked.kind != "xlsx":
        raise _refuse(["Upload the questionnaire as an Excel workbook (.xlsx)."])
    upload.seek(0)
    return read_answers(upload.read())


def changes_between(before: dict, after: dict) -> list[tuple[Question, str, str]]:
    """(question, old, new) for every answer the import would change, in questionnaire order."""
    return [
        (q, display_value(q, before.get(q.key, "")), display_value(q, after[q.key]))
        for q in QUESTIONS
        if q.key in after and after[q.key] != before.get(q.key, "")
    ]


# Preview, then apply -----------------------------------------------------------------------

TICKET_SALT = "procurement.questionnaire-import"
TICKET_MAX_AGE = 60 * 60


def import_ticket(vendor_id: int, answers: dict) -> str:
    """The read answers, signed: the confirm step applies exactly what the preview showed, no file kept."""
    return signing.dumps({"vendor": vendor_id, "answers": answers}, salt=TICKET_SALT, compress=True)


def answers_from_ticket(ticket: str, vendor_id: int) -> dict:
    try:
        data = signing.loads(ticket or "", salt=TICKET_SALT, max_age=TICKET_MAX_AGE)
    except signing.BadSignature:
        raise ValidationError({"ticket": "This preview has expired or was altered: upload the file again."}) from None
    if data.get("vendor") != vendor_id or not isinstance(data.get("answers"), dict):
        raise ValidationError({"ticket": "This preview belongs to another vendor: upload the file again."})
    return data["answers"]
