"""Registers as typed rows, and one writer per format: XLSX, CSV (and the evidence pack's PDF).

Each app describes its registers once, in `<app>/exporters.py`, as an `Exporter` subclass
registered with `@register_exporter`: a code, a title, typed columns and `rows(scope)`
yielding tuples in column order. The writers here, the evidence packs and the list pages'
exports all read the same rows, so no query is written twice.

Spreadsheet programs run a cell that starts like a formula (`=`, `+`, `-`, `@`, and tab or
carriage return, which some programs strip before parsing). Every *text* cell gets a
leading apostrophe when it starts with one of them, in CSV and XLSX alike; numbers, dates
and booleans are typed values and never formulas.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import re
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from core.audit_actions import sentence_for

if TYPE_CHECKING:
    from core.models import Organisation

KINDS = ("text", "int", "decimal", "bool", "date", "datetime", "url")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters that force a CSV field into quotes: RFC 4180's (comma, quote, line breaks), and the
# semicolon that spreadsheet programs in many European locales take as the separator.
_CSV_SPECIAL = re.compile(r'[,;"\r\n]')
# XML 1.0 refuses these control characters; openpyxl raises on them.
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
DEFAULT_WIDTHS = {"text": 30, "int": 10, "decimal": 12, "bool": 8, "date": 12, "datetime": 19, "url": 40}
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: str = "text"  # text | int | decimal | bool | date | datetime | url
    width: int | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ImproperlyConfigured(f"Column {self.key!r}: kind {self.kind!r} is not one of {', '.join(KINDS)}")


@dataclass(frozen=True)
class ExportScope:
    """What to export: a whole organisation, some of its systems, one vendor, a period, or a list page's rows."""

    organisation: Organisation
    systems: QuerySet | None = None  # AI systems; None = the whole organisation
    vendor: Any = None  # a vendors.Vendor
    since: dt.date | None = None
    until: dt.date | None = None
    queryset: QuerySet | None = None  # a list page passes its filtered queryset instead

    def narrow(self, queryset: QuerySet, *, system: str | None = None, vendor: str | None = None) -> QuerySet:
        """The organisation's rows of `queryset` in scope.

        `system` names the row's AI-system field and `vendor` its vendor field (as lookups).
        In a systems scope, rows of those systems count, and rows about their vendors
        themselves (system field empty) too; in a vendor scope, rows of that vendor. A
        list page's own queryset, when given for this model, is the starting point.
        """
        queryset = self.base(queryset)
        if self.systems is not None:
            condition = Q(**{f"{system}__in": self.systems.values("pk")}) if system else Q(pk__in=[])
            if vendor and system:
                condition |= Q(**{f"{system}__isnull": True, f"{vendor}__in": self.systems.values("vendor")})
            queryset = queryset.filter(condition)
        elif self.vendor is not None:
            queryset = queryset.filter(**{vendor: self.vendor}) if vendor else queryset.none()
        return queryset

    def base(self, queryset: QuerySet) -> QuerySet:
        """The list page's own queryset when one is given for this model, else `queryset`; the organisation's rows."""
        if self.queryset is not None and self.queryset.model is queryset.model:
            queryset = self.queryset
        return queryset.filter(organisation=self.organisation)

    def in_period(self, queryset: QuerySet, field: str, *, is_date: bool = False) -> QuerySet:
        """Rows whose `field` falls in [since, until] (whole days in the organisation's time zone)."""
        if is_date:
            lookups = {f"{field}__gte": self.since, f"{field}__lte": self.until}
        else:
            start, end = self.period_bounds()
            lookups = {f"{field}__gte": start, f"{field}__lt": end}
        return queryset.filter(**{key: value for key, value in lookups.items() if value is not None})

    def period_bounds(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        zone = zoneinfo.ZoneInfo(self.organisation.time_zone)
        start = dt.datetime.combine(self.since, dt.time.min, tzinfo=zone) if self.since else None
        end = dt.datetime.combine(self.until + dt.timedelta(days=1), dt.time.min, tzinfo=zone) if self.until else None
        return start, end


class Exporter:
    """One register. Subclass in `<app>/exporters.py` and decorate with `@register_exporter`."""

    code: ClassVar[str]
    title: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]

    def rows(self, scope: ExportScope) -> Iterator[tuple]:
        """Typed values in column order; bounded queries whatever the number of rows."""
        raise NotImplementedError

    def column_keys(self) -> list[str]:
        return [column.key for column in self.columns]


_EXPORTERS: dict[str, type[Exporter]] = {}
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


def register_exporter(exporter_class: type[Exporter]) -> type[Exporter]:
    """Class decorator: make a register available to every writer. A code registered twice is a configuration error."""
    code = getattr(exporter_class, "code", "")
    if not _CODE.match(code or ""):
        raise ImproperlyConfigured(f"{exporter_class.__name__}: exporter code {code!r} must be snake_case")
    if code in _EXPORTERS and _EXPORTERS[code] is not exporter_class:
        raise ImproperlyConfigured(f"Exporter code {code!r} is registered twice")
    if not getattr(exporter_class, "columns", ()) or not getattr(exporter_class, "title", ""):
        raise ImproperlyConfigured(f"Exporter {code!r} needs a title and columns")
    _EXPORTERS[code] = exporter_class
    return exporter_class


def _layer_position(exporter_class: type[Exporter]) -> int:
    app = apps.get_containing_app_config(exporter_class.__module__)
    labels = [config.name for config in apps.get_app_configs()]
    return labels.index(app.name) if app else len(labels)


def exporters() -> list[Exporter]:
    """Every registered register, in layer order (INSTALLED_APPS), then in registration order within an app."""
    ordered = sorted(enumerate(_EXPORTERS.values()), key=lambda pair: (_layer_position(pair[1]), pair[0]))
    return [exporter_class() for _, exporter_class in ordered]


def exporter_for(code: str) -> Exporter:
    try:
        return _EXPORTERS[code]()
    except KeyError:
        raise LookupError(f"No exporter is registered with the code {code!r}") from None


# Which audit events belong to a scope ---------------------------------------------------

# fn(scope) -> iterable of (object_type "app.model", queryset of those objects in scope)
ScopeObjects = Callable[[ExportScope], Iterable[tuple[str, QuerySet]]]
_SCOPE_OBJECTS: list[ScopeObjects] = []


def register_scope_objects(function: ScopeObjects) -> ScopeObjects:
    """An app says which of its objects a scope covers, so the audit trail of a system pack holds their events."""
    if function not in _SCOPE_OBJECTS:
        _SCOPE_OBJECTS.append(function)
    return function


def audit_objects_condition(scope: ExportScope) -> Q | None:
    """A filter on AuditEvent for the objects in a narrowed scope; None when the scope is the whole organisation."""
    if scope.systems is None and scope.vendor is None:
        return None
    condition = Q(pk__in=[])
    for function in _SCOPE_OBJECTS:
        for object_type, objects in function(scope):
            keys = objects.order_by().annotate(_key=Cast("pk", CharField())).values("_key")
            condition |= Q(object_type=object_type, object_id__in=keys)
    return condition


# Cell values -----------------------------------------------------------------------------


def neutralise(text: str) -> str:
    """A text that a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def text_of(value, kind: str) -> str:
    """A typed value as CSV text: ISO dates, yes/no, plain numbers; text neutralised."""
    if value is None:
        return ""
    if kind == "bool":
        return "yes" if value else "no"
    if kind in ("date", "datetime") and isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if kind in ("int", "decimal") and isinstance(value, (int, float, decimal.Decimal)):
        return str(value)
    return neutralise(str(value))


def _csv_field(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if _CSV_SPECIAL.search(text) else text


def csv_line(fields: Iterable[str]) -> str:
    """One RFC 4180 record, CRLF-terminated."""
    return ",".join(_csv_field(field) for field in fields) + "\r\n"


def csv_lines(exporter: Exporter, scope: ExportScope) -> Iterator[str]:
    """The header (column keys, as the API names them) and one line per row, lazily: a response can stream it."""
    yield csv_line(neutralise(key) for key in exporter.column_keys())
    kinds = [column.kind for column in exporter.columns]
    for row in exporter.rows(scope):
        yield csv_line(text_of(value, kind) for value, kind in zip(row, kinds, strict=True))


def write_csv(exporter: Exporter, scope: ExportScope, stream) -> None:
    """Write one register as CSV to a text stream."""
    for line in csv_lines(exporter, scope):
        stream.write(line)


def xlsx_value(value, kind: str, zone: zoneinfo.ZoneInfo):
    """A value as an XLSX cell takes it: local naive date-times (Excel has no time zones), safe text."""
    if value is None:
        return None
    if kind == "datetime" and isinstance(value, dt.datetime):
        return value.astimezone(zone).replace(tzinfo=None) if value.tzinfo else value
    if kind in ("int", "decimal", "bool", "date") and not isinstance(value, str):
        return value
    return neutralise(_XLSX_ILLEGAL.sub("", str(value)))


def sheet_name(title: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = SHEET_NAME_FORBIDDEN.sub(" ", title).strip()[:31] or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def write_xlsx(exporters_with_scope: Iterable[tuple[Exporter, ExportScope]], stream) -> None:
    """One sheet per register: typed cells, a bold frozen header row with an auto-filter, column widths.

    openpyxl's write-only mode keeps only the current row in memory, whatever the size.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    bold = Font(bold=True)
    for exporter, scope in exporters_with_scope:
        sheet = workbook.create_sheet(sheet_name(exporter.title, taken))
        zone = zoneinfo.ZoneInfo(scope.organisation.time_zone)
        for index, column in enumerate(exporter.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width or DEFAULT_WIDTHS[column.kind]
        sheet.freeze_panes = "A2"
        header = []
        for column in exporter.columns:
            cell = WriteOnlyCell(sheet, value=neutralise(column.title))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        kinds = [column.kind for column in exporter.columns]
        count = 0
        for row in exporter.rows(scope):
            sheet.append([xlsx_value(value, kind, zone) for value, kind in zip(row, kinds, strict=True)])
            count += 1
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(exporter.columns))}{count + 1}"
    if not taken:
        workbook.create_sheet("Empty")
    workbook.save(stream)


# The audit log as a register -------------------------------------------------------------


@register_exporter
class AuditEventExporter(Exporter):
    """The scope's events in chain order; the CSV export of the audit log page uses it too."""

    code = "audit_events"
    title = "Audit events"
    columns = (
        Column("sequence", "Sequence", "int"),
        Column("timestamp_utc", "Time (UTC)", "text", 32),
        Column("actor_type", "Actor type", width=10),
        Column("actor", "Actor", width=20),
        Column("action", "Action code", width=36),
        Column("sentence", "What happened", width=60),
        Column("object_type", "Object type", width=24),
        Column("object_id", "Object id", width=10),
        Column("object_label", "Object", width=36),
        Column("changes", "Changes", width=50),
        Column("request_id", "Request id", width=20),
        Column("ip_address", "IP address", width=16),
        Column("prev_hash", "Previous hash", width=20),
        Column("hash", "Hash", width=20),
    )

    def events(self, scope: ExportScope) -> QuerySet:
        from core.models import AuditEvent

        events = scope.base(AuditEvent.objects.all())
        condition = audit_objects_condition(scope)
        if condition is not None:
            events = events.filter(condition)
        return scope.in_period(events, "created_at").order_by("sequence")

    def rows(self, scope: ExportScope) -> Iterator[tuple]:
        for event in self.events(scope).iterator(chunk_size=2000):
            yield (
                event.sequence,
                # Text, not a date-time: the exact stamp the event's hash covers.
                event.created_at.astimezone(dt.UTC).isoformat(),
                event.actor_type,
                event.actor_label,
                event.action,
                sentence_for(event),
                event.object_type,
                event.object_id,
                event.object_label,
                json.dumps(event.changes, sort_keys=True, ensure_ascii=False),
                event.request_id,
                event.ip_address or "",
                event.prev_hash,
                event.hash,
            )


def member_label(membership) -> str:
    """A member as people know them (full name, else username); blank when unknown."""
    if membership is None:
        return ""
    user = membership.user
    return user.get_full_name() or user.get_username()
