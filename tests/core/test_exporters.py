"""The shared writers: typed XLSX sheets and neutralised, RFC 4180 CSV, from any register."""

import csv
import datetime as dt
import decimal
import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from openpyxl import load_workbook

from core.exporters import (
    Column,
    Exporter,
    ExportScope,
    exporter_for,
    exporters,
    register_exporter,
    sheet_name,
    write_csv,
    write_xlsx,
)

HOSTILE = ["=1+1", "+1", "-2-3", "@SUM(A1)", "\tx", "\rx", "a;b", 'say "hi"', "two\nlines", "plain"]


class Things(Exporter):
    code = "things"
    title = "Things: [all]"
    columns = (
        Column("name", "Name"),
        Column("count", "Count", "int"),
        Column("amount", "Amount", "decimal"),
        Column("active", "Active", "bool"),
        Column("due", "Due", "date"),
        Column("at", "At", "datetime"),
        Column("link", "Link", "url"),
    )

    def rows(self, scope):
        for index, text in enumerate(HOSTILE):
            yield (
                text,
                -5 + index,
                decimal.Decimal("-1.50"),
                index % 2 == 0,
                dt.date(2026, 1, 1 + index),
                dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC),
                "https://example.test/x",
            )
        yield (None,) * len(self.columns)


@pytest.fixture
def scope(organisation):
    return ExportScope(organisation)


def test_csv_neutralises_every_text_cell_and_quotes_per_rfc_4180(scope):
    stream = io.StringIO(newline="")
    write_csv(Things(), scope, stream)
    text = stream.getvalue()
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["name", "count", "amount", "active", "due", "at", "link"]
    names = [row[0] for row in rows[1:-1]]
    assert names == ["'=1+1", "'+1", "'-2-3", "'@SUM(A1)", "'\tx", "'\rx", "a;b", 'say "hi"', "two\nlines", "plain"]
    assert '"a;b"' in text and '"say ""hi"""' in text
    first = rows[1]
    # Typed values are data, never formulas: a negative number stays a number.
    assert first[1:6] == ["-5", "-1.50", "yes", "2026-01-01", "2026-01-01T12:00:00+00:00"]
    assert rows[-1] == [""] * 7


def test_xlsx_sheet_has_typed_cells_frozen_header_filter_and_widths(scope):
    stream = io.BytesIO()
    write_xlsx([(Things(), scope)], stream)
    stream.seek(0)
    workbook = load_workbook(stream)
    sheet = workbook["Things   all"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:G{len(HOSTILE) + 2}"
    assert sheet.column_dimensions["A"].width == 30
    assert [cell.value for cell in sheet[1]] == ["Name", "Count", "Amount", "Active", "Due", "At", "Link"]
    assert sheet["A1"].font.bold
    first = [cell.value for cell in sheet[2]]
    assert first[0] == "'=1+1" and sheet["A2"].data_type == "s"
    assert first[1] == -5 and isinstance(first[1], int)
    assert first[2] == -1.5
    assert first[3] is True
    assert first[4] == dt.datetime(2026, 1, 1)  # a date cell (openpyxl reads dates back as datetimes)
    assert sheet["E2"].is_date
    # Excel has no time zones: the organisation's local time (Europe/Berlin, UTC+1 in January).
    assert first[5] == dt.datetime(2026, 1, 1, 13, 0)
    assert [cell.value for cell in sheet[len(HOSTILE) + 2]] == [None] * 7


def test_sheet_names_follow_excel_rules():
    taken = set()
    assert sheet_name("A/B: c?", taken) == "A B  c"
    long = "x" * 40
    assert sheet_name(long, taken) == "x" * 31
    assert sheet_name(long, taken) == "x" * 27 + " (2)"


def test_registering_a_code_twice_or_a_bad_column_is_refused():
    class Again(Things):
        code = "vendors"

    with pytest.raises(ImproperlyConfigured):
        register_exporter(Again)
    with pytest.raises(ImproperlyConfigured):
        Column("x", "X", kind="money")


def test_registers_of_the_apps_come_in_layer_order():
    codes = [exporter.code for exporter in exporters()]
    for earlier, later in [
        ("audit_events", "vendors"),
        ("vendors", "ai_systems"),
        ("ai_systems", "classifications"),
        ("obligations", "deadlines"),
        ("deadlines", "documents"),
        ("documents", "checklist_items"),
        ("checklist_items", "red_flags"),
    ]:
        assert codes.index(earlier) < codes.index(later)
    assert exporter_for("red_flags").title == "Red flags"
    with pytest.raises(LookupError):
        exporter_for("nothing")
