"""A list page's rows as XLSX or CSV (`?export=xlsx|csv`), with the page's filters, search and sort.

The list view passes the queryset it shows and the code of the register (core.exporters)
that describes those rows; the register's own writers do the rest, so what a list exports
is what an evidence pack holds for the same rows.
"""

from __future__ import annotations

import io

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.exporters import ExportScope, csv_lines, exporter_for, write_xlsx

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def export_response(request, code: str, rows) -> HttpResponse | None:
    """The export the query string asks for, or None when it asks for none."""
    fmt = request.GET.get("export")
    if fmt not in FORMATS:
        return None
    exporter = exporter_for(code)
    scope = ExportScope(organisation=request.membership.organisation, queryset=rows.order_by())
    filename = f"{code}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(exporter, scope), content_type=FORMATS[fmt])
    else:
        stream = io.BytesIO()
        write_xlsx([(exporter, scope)], stream)
        response = HttpResponse(stream.getvalue(), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def render_or_export(request, template: str, context: dict, *, export: str, rows) -> HttpResponse:
    """The list page, or its rows as a file when `?export=` asks for one (links: `_export_links.html`)."""
    response = export_response(request, export, rows)
    return response if response is not None else render(request, template, context)
