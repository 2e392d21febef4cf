"""The pack's PDF report: cover, contents with page numbers, per-system sections, registers, audit trail.

Rows come from the registered exporters (core.exporters) and are grouped under the AI
system each names (`Exporter.system_column`); rows about a vendor itself go under the
vendor. Charts are the dashboard's SVG (core.charts). WeasyPrint lays the pages out:
running header and footer, "page 3 of 41", and contents page numbers (CSS target-counter).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.template.loader import render_to_string

from core.charts import Bar, bar_chart_svg
from core.exporters import Column, Exporter, ExportScope

SYSTEMS_REGISTER = "ai_systems"
TRAIL_REGISTER = "audit_events"
VENDOR_KEY = "vendor"
DETAILED_SYSTEMS = 100
TRAIL_LINES = 5_000
EMPTY = "–"


@dataclass
class Table:
    code: str
    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Section:
    anchor: str
    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)

    def table(self, exporter: Exporter, columns: list[Column]) -> Table:
        if exporter.code not in self.tables:
            self.tables[exporter.code] = Table(exporter.code, exporter.title, [c.title for c in columns])
        return self.tables[exporter.code]


def formatter(zone: zoneinfo.ZoneInfo):
    def cell(value, kind: str) -> str:
        if value is None or value == "":
            return EMPTY
        if kind == "bool":
            return "Yes" if value else "No"
        if kind == "datetime" and isinstance(value, dt.datetime):
            return value.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        if kind == "date" and isinstance(value, dt.date):
            return value.isoformat()
        return str(value)

    return cell


def report_context(pack, scope: ExportScope, registers: list[Exporter], manifest: dict) -> dict:
    gathered = Gathered(formatter(zoneinfo.ZoneInfo(scope.organisation.time_zone)))
    for exporter in registers:
        gathered.add(exporter, scope)
    return {
        "pack": pack,
        "manifest": manifest,
        "organisation": scope.organisation,
        # Formatted here: the date filter would show it in the server's time zone, not the organisation's.
        "built_at": gathered.cell(dt.datetime.fromisoformat(manifest["built_at"]), "datetime"),
        "period": _period(scope),
        **gathered.context(),
    }


class Gathered:
    """The report's content, filled register by register as their rows pass once.

    Up to DETAILED_SYSTEMS systems each get a section with every register's rows about it;
    beyond that the PDF would run to thousands of pages, so it lists the systems and says
    the detail is in the workbook. The audit trail is likewise cut at TRAIL_LINES lines.
    """

    def __init__(self, cell):
        self.cell = cell
        self.systems: dict[str, Section] = {}
        self.vendors: dict[str, Section] = {}
        self.organisation_tables: list[Table] = []
        self.systems_table: Table | None = None
        self.trail: Table | None = None
        self.trail_total = 0
        self.charts = ChartCounts()

    @property
    def detailed(self) -> bool:
        return len(self.systems) <= DETAILED_SYSTEMS

    def add(self, exporter: Exporter, scope: ExportScope) -> None:
        columns = exporter.columns_for_report()
        keys = exporter.column_keys()
        picks = [(keys.index(column.key), column.kind) for column in columns]
        place = self._placer(exporter, columns, keys)
        for row in exporter.rows(scope):
            self.charts.count(exporter.code, dict(zip(keys, row, strict=True)))
            place(row, [self.cell(row[index], kind) for index, kind in picks])

    def _placer(self, exporter: Exporter, columns: list[Column], keys: list[str]):
        """place(row, shown): where each row of this register goes."""
        table = Table(exporter.code, exporter.title, [column.title for column in columns])
        if exporter.code == TRAIL_REGISTER:
            self.trail = table
            return self._add_trail_line
        if exporter.system_column is None:
            self.organisation_tables.append(table)
            return lambda row, shown: table.rows.append(shown)
        about = keys.index(exporter.system_column)
        if exporter.code == SYSTEMS_REGISTER:
            self.systems_table = table

            def add_system(row, shown):
                table.rows.append(shown)
                self.systems[row[about]] = _system_section(len(self.systems) + 1, row[about], exporter, row, self.cell)

            return add_system
        # A row about no system (a vendor-level document, deadline or flag) goes under its vendor.
        vendor_at = keys.index(VENDOR_KEY) if VENDOR_KEY in keys else None

        def add_about(row, shown):
            if self.detailed:
                label = row[about] or (row[vendor_at] if vendor_at is not None else "") or ""
                section = self.systems.get(label) or _vendor_section(self.vendors, label)
                section.table(exporter, columns).rows.append(shown)

        return add_about

    def _add_trail_line(self, row, shown) -> None:
        self.trail_total += 1
        if self.trail_total <= TRAIL_LINES:
            self.trail.rows.append(shown)

    def context(self) -> dict:
        return {
            "systems": list(self.systems.values()) if self.detailed else [],
            "systems_table": self.systems_table,
            "systems_total": len(self.systems),
            "detailed_limit": DETAILED_SYSTEMS,
            "vendors": list(self.vendors.values()) if self.detailed else [],
            "organisation_tables": self.organisation_tables,
            "trail": self.trail,
            "trail_total": self.trail_total,
            "trail_cut": self.trail_total > TRAIL_LINES,
            "charts": self.charts.svgs(),
        }


def _system_section(number: int, label: str, exporter: Exporter, row: tuple, cell) -> Section:
    facts = [
        (column.title, cell(value, column.kind))
        for column, value in zip(exporter.columns, row, strict=True)
        if column.key not in ("id", exporter.system_column)
    ]
    return Section(anchor=f"system-{number}", title=label or EMPTY, facts=facts)


def _vendor_section(vendors: dict[str, Section], label: str) -> Section:
    if label not in vendors:
        vendors[label] = Section(anchor=f"vendor-{len(vendors) + 1}", title=label or "Organisation-wide")
    return vendors[label]


def _period(scope: ExportScope) -> str:
    if scope.since and scope.until:
        return f"{scope.since.isoformat()} to {scope.until.isoformat()}"
    if scope.since:
        return f"from {scope.since.isoformat()}"
    if scope.until:
        return f"until {scope.until.isoformat()}"
    return "all records to the build date"


class ChartCounts:
    """The overview charts, counted from the rows as they pass (no query of their own)."""

    def __init__(self):
        self.counters: dict[str, Counter] = defaultdict(Counter)

    def count(self, code: str, row: dict) -> None:
        if code == SYSTEMS_REGISTER:
            self.counters["tiers"][row.get("risk_tier") or "Not classified"] += 1
        elif code == "documents":
            self.counters["documents"][row.get("status") or EMPTY] += 1
        elif code == "deadlines" and isinstance(row.get("due_date"), dt.date):
            self.counters["deadlines"][row["due_date"].strftime("%Y-%m")] += 1

    def svgs(self) -> list:
        titles = {
            "tiers": "AI systems by risk tier",
            "documents": "Documents by state",
            "deadlines": "Deadlines per month",
        }
        charts = []
        for key, title in titles.items():
            counter = self.counters.get(key)
            if counter:
                items = sorted(counter.items()) if key == "deadlines" else counter.most_common()
                charts.append({"title": title, "svg": bar_chart_svg([Bar(k, v) for k, v in items[:24]], title=title)})
        return charts


def render_html(pack, scope: ExportScope, registers: list[Exporter], manifest: dict) -> str:
    return render_to_string("pdf/report.html", report_context(pack, scope, registers, manifest))


def write_pdf(html: str, target) -> None:
    from weasyprint import HTML  # imported on use: loading Pango costs time a web request does not need

    HTML(string=html, base_url=None).write_pdf(target)


def render_report(pack, scope: ExportScope, registers: list[Exporter], manifest: dict, target) -> None:
    write_pdf(render_html(pack, scope, registers, manifest), target)
