"""Reading a notified-body list (CSV or XLSX with columns number,name,country,ai_act,status) and checking each row.

Every row is checked before anything is written, so an import is all-or-nothing and
reports every bad row at once.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from compliance.models import NotifiedBodyStatus
from core.countries import COUNTRY_CODES

COLUMNS = ("number", "name", "country", "ai_act", "status")
TRUE_WORDS = {"true", "yes", "y", "1"}
FALSE_WORDS = {"false", "no", "n", "0"}
FOUR_DIGITS = re.compile(r"\d{4}")


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, missing columns)."""


@dataclass(frozen=True)
class RowProblem:
    row: int
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}"


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number in the file, {column: text}) for each data row; `#` lines and blank rows are skipped."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path)
    if suffix == ".xlsx":
        return _xlsx_rows(path)
    raise ImportFileError(f"{path.name}: give a .csv or .xlsx file.")


def _header(cells: list[str]) -> list[str]:
    header = [cell.strip().lower() for cell in cells]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise ImportFileError(f"missing column(s): {', '.join(missing)} (expected {','.join(COLUMNS)})")
    return header


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    text = path.read_text(encoding="utf-8-sig")
    lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1)]
    data = [(number, line) for number, line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not data:
        raise ImportFileError("the file has no header row")
    parsed = list(csv.reader(io.StringIO("\n".join(line for _, line in data))))
    header = _header(parsed[0])
    for (number, _), cells in zip(data[1:], parsed[1:], strict=True):
        yield number, {name: (cells[i] if i < len(cells) else "").strip() for i, name in enumerate(header)}


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _xlsx_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = None
        for number, values in enumerate(rows, start=1):
            cells = [_cell_text(value) for value in values]
            if not any(cells) or cells[0].startswith("#"):
                continue
            if header is None:
                header = _header(cells)
                continue
            yield number, {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}
        if header is None:
            raise ImportFileError("the sheet has no header row")
    finally:
        workbook.close()


def clean_row(cells: dict[str, str]) -> tuple[dict | None, list[str]]:
    """The row as model values, or the problems that prevent it."""
    problems = []
    number = cells["number"]
    if not FOUR_DIGITS.fullmatch(number):
        problems.append(f"malformed number “{number}”: a notified body number is exactly 4 digits")
    name = cells["name"]
    if not name:
        problems.append("the name is empty")
    country = cells["country"].upper()
    if country not in COUNTRY_CODES:
        problems.append(f"unknown country “{cells['country']}”: give an ISO 3166 two-letter code")
    ai_act_word = cells["ai_act"].lower()
    if ai_act_word not in TRUE_WORDS | FALSE_WORDS:
        problems.append(f"bad boolean “{cells['ai_act']}” for ai_act: use true or false")
    status = cells["status"].lower()
    if status not in NotifiedBodyStatus.values:
        problems.append(f"bad status “{cells['status']}”: use {', '.join(NotifiedBodyStatus.values)}")
    if problems:
        return None, problems
    return {
        "number": number,
        "name": name,
        "country": country,
        "ai_act": ai_act_word in TRUE_WORDS,
        "status": status,
    }, []


def parse(path: Path) -> tuple[list[dict], list[RowProblem]]:
    """Every good row and every problem; a number given twice is a problem too."""
    rows, problems, seen = [], [], {}
    for number, cells in read_rows(path):
        row, row_problems = clean_row(cells)
        problems += [RowProblem(number, message) for message in row_problems]
        if row is None:
            continue
        if row["number"] in seen:
            problems.append(RowProblem(number, f"number {row['number']} is already given on row {seen[row['number']]}"))
            continue
        seen[row["number"]] = number
        rows.append(row)
    return rows, problems
