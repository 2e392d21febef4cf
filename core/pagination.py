"""API pagination: page numbers for registers, a cursor for the audit log, one `page_size` rule for both.

`page_size` is optional; when given it must be a whole number from 1 to MAX_PAGE_SIZE, otherwise the
answer is 400 with the field named (the schema says the same: an integer with those bounds).
"""

from __future__ import annotations

from collections import OrderedDict

from rest_framework import exceptions
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response

from core.lists import COUNT_CAP, CappedPaginator

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class PageSizeMixin:
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= self.max_page_size):
            message = f"Give a whole number from 1 to {self.max_page_size}."
            raise exceptions.ValidationError({self.page_size_query_param: [message]})
        return int(raw)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size, default=self.page_size)
                parameter["description"] = f"Rows per page, 1 to {self.max_page_size} (default {self.page_size})."
        return parameters


class NumberedPagination(PageSizeMixin, PageNumberPagination):
    """?page=N&page_size=M over a list whose rows are aggregated only after the page is cut.

    `count` stops at COUNT_CAP (then `count_capped` is true), so a page costs the same at any register size."""

    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data):
        return Response(
            OrderedDict(
                count=self.page.paginator.count,
                count_capped=self.page.paginator.capped,
                next=self.get_next_link(),
                previous=self.get_previous_link(),
                results=data,
            )
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = f"Rows matching, counted up to {COUNT_CAP:,}."
        response["properties"]["count_capped"] = {
            "type": "boolean",
            "description": f"True when more than {COUNT_CAP:,} rows match (then `count` is {COUNT_CAP:,}).",
        }
        response["required"] = [*response.get("required", []), "count_capped"]
        return response


class SequenceCursorPagination(PageSizeMixin, CursorPagination):
    """Keyset paging on a descending sequence: constant cost at any depth, stable while rows are appended."""

    ordering = "-sequence"
