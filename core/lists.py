"""List pages of every app: filters, search, whitelisted sorting and pagination, read from the query string.

Counts and other per-row aggregates are computed for the shown page only (`decorate`), after the page is cut,
so a list costs the same at 1,000 rows as at 100,000. A column sorted by an aggregate names it
(`Column.aggregate`); only a request sorted by that column pays for aggregating every row.

Templates: `_filters.html`, `_count.html`, `_sort_header.html` (see templates/).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.paginator import Paginator
from django.db.models import Aggregate, F, Q, QuerySet
from django.utils.functional import cached_property

PAGE_SIZE = 25
# Counting every row of a 100,000-row list costs a scan of them all on every page view; past this many rows
# a list says "more than" and stops counting (search and filters narrow it; nobody reads page 401).
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A paginator whose count stops at COUNT_CAP rows (`capped` says whether there are more)."""

    capped = False

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if not hasattr(rows, "query"):  # a list, not a queryset: it is already in memory
            return len(rows)
        counted = rows[: COUNT_CAP + 1].count()
        self.capped = counted > COUNT_CAP
        return min(counted, COUNT_CAP)


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
    aggregate: Aggregate | None = None  # annotated as `order_by` when, and only when, the list is sorted by it


@dataclass(frozen=True)
class SortHeader:
    label: str
    next_sort: str  # the sort a click on the header asks for
    direction: str | None  # "ascending" / "descending" when the list is sorted by this column


def sorted_rows(rows: QuerySet, columns: list[Column], sort: str) -> QuerySet:
    """The rows in a whitelisted sort order, annotating the sort column's aggregate when it has one."""
    column = next(c for c in columns if c.key == sort.lstrip("-"))
    if column.aggregate is not None:
        rows = rows.annotate(**{column.order_by: column.aggregate})
    return rows.order_by(*ordering(columns, sort, rows.model))


def ordering(columns: list[Column], sort: str, model=None) -> list:
    """The order_by arguments for a whitelisted sort key such as "name" or "-updated".

    Only a nullable field is sorted with NULLS LAST: on a column that cannot be null the modifier changes
    nothing but keeps the database from reading the page straight off an index (so the page would cost
    a sort of every row)."""
    column = next(c for c in columns if c.key == sort.lstrip("-"))
    nulls_last = column.aggregate is None and (model is None or _nullable(model, column.order_by))
    expression = F(column.order_by)
    modifier = {"nulls_last": True} if nulls_last else {}
    expression = expression.desc(**modifier) if sort.startswith("-") else expression.asc(**modifier)
    return [expression, "pk"]


def _nullable(model, path: str) -> bool:
    """Whether a field path such as "vendor__legal_name" can be null anywhere along the way."""
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.null:
            return True
        model = field.related_model
    return False


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
    decorate: Callable[[list], object] | None = None,
) -> dict:
    """Template context for a list page: `filter`, `q`, `sort`, `headers`, `page_obj`, `is_filtered`.

    `decorate(rows)` adds the shown rows' aggregates (counts, badges) in a fixed number of queries.
    """
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    q = request.GET.get("q", "").strip()
    sort = request.GET.get("sort", default_sort)
    if sort.lstrip("-") not in {c.key for c in columns}:
        sort = default_sort
    rows = sorted_rows(search(filterset.qs, search_fields, q), columns, sort)
    page_obj = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page_obj.object_list = list(page_obj.object_list)
    if decorate is not None:
        decorate(page_obj.object_list)
    is_filtered = bool(q) or any(request.GET.get(name) for name in filterset.filters)
    return {
        "filter": filterset,
        "q": q,
        "sort": sort,
        "headers": sort_headers(columns, sort),
        "page_obj": page_obj,
        "is_filtered": is_filtered,
    }
