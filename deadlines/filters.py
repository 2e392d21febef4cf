"""Filters of the deadline list, shared by the page and the API.

Choices are scoped to the caller's organisation (core.filters), whether the request came
through a page or the API.
"""

from __future__ import annotations

import django_filters

from core.dates import today_in
from core.filters import AnyYesNo, MemberFilter, caller_organisation, members_of_caller, rows_of_caller
from deadlines.models import DeadlineKind
from deadlines.selectors import overdue_q
from vendors.models import AiSystem, Vendor


class DeadlineFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=DeadlineKind.choices, empty_label="Any kind")
    ai_system = django_filters.ModelChoiceFilter(
        queryset=rows_of_caller(AiSystem), label="AI system", empty_label="Any"
    )
    vendor = django_filters.ModelChoiceFilter(queryset=rows_of_caller(Vendor), empty_label="Any")
    owner = MemberFilter(queryset=members_of_caller, empty_label="Anyone")
    overdue = django_filters.BooleanFilter(method="filter_overdue", widget=AnyYesNo, label="Overdue")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", label="Due on or after")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label="Due on or before")

    def filter_overdue(self, queryset, name, value):
        organisation = caller_organisation(self.request)
        if organisation is None:
            return queryset
        overdue = overdue_q(today_in(organisation.time_zone))
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
