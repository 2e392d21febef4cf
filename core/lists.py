"""List pages of every app: filters, search, whitelisted sorting and pagination, read from the query string.

Templates: `_filters.html`, `_count.html`, `_sort_header.html` (see templates/).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet

PAGE_SIZE = 25


def search(queryset: QuerySet, fields: tuple[str, ...], text: str) -> QuerySet:
    """Rows where any of the fields contains the text (case-insensitive)."""
    text = text.strip()
    if not text:
        return queryset
    return queryset.filter(reduce(or_, (Q(**{f"{field}__icontains": text}) for field in fields)))


@dataclass(frozen=True)
class Column:
    """A sortable column: its query-string key, header label and the field it orders by."""

    key: str
    label: str
    order_by: str


@dataclass(frozen=True)
class SortHeader:
    label: str
    next_sort: str  # the sort a click on the header asks for
    direction: str | None  # "ascending" / "descending" when the list is sorted by this column


def ordering(columns: list[Column], sort: str) -> list:
    """The order_by arguments for a whitelisted sort key such as "name" or "-updated"."""
    column = next(c for c in columns if c.key == sort.lstrip("-"))
    expression = F(column.order_by)
    expression = expression.desc(nulls_last=True) if sort.startswith("-") else expression.asc(nulls_last=True)
    return [expression, "pk"]


def sort_headers(columns: list[Column], sort: str) -> dict[str, SortHeader]:
    headers = {}
    for column in columns:
        if sort.lstrip("-") != column.key:
            headers[column.key] = SortHeader(column.label, column.key, None)
        elif sort.startswith("-"):
            headers[column.key] = SortHeader(column.label, column.key, "descending")
        else:
            headers[column.key] = SortHeader(column.label, f"-{column.key}", "ascending")
    return headers


def list_page(
    request,
    queryset: QuerySet,
    *,
    filterset_class,
    search_fields: tuple[str, ...],
    columns: list[Column],
    default_sort: str,
) -> dict:
    """Template context for a list page: `filter`, `q`, `sort`, `headers`, `page_obj`, `is_filtered`."""
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    q = request.GET.get("q", "").strip()
    sort = request.GET.get("sort", default_sort)
    if sort.lstrip("-") not in {c.key for c in columns}:
        sort = default_sort
    rows = search(filterset.qs, search_fields, q).order_by(*ordering(columns, sort))
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    is_filtered = bool(q) or any(request.GET.get(name) for name in filterset.filters)
    return {
        "filter": filterset,
        "q": q,
        "sort": sort,
        "headers": sort_headers(columns, sort),
        "page_obj": page_obj,
        "is_filtered": is_filtered,
    }
