"""Filters of the contracts list: vendor, expiring soon, missing required clauses."""

from __future__ import annotations

import django_filters
from django.utils import timezone

from contracts import selectors
from contracts.models import Contract
from core.filters import rows_of_caller
from vendors.models import Vendor


class ContractFilter(django_filters.FilterSet):
    vendor = django_filters.ModelChoiceFilter(queryset=rows_of_caller(Vendor), empty_label="Any vendor")
    expiring = django_filters.BooleanFilter(
        label=f"Ends within {selectors.EXPIRING_WITHIN_DAYS} days", method="filter_expiring"
    )
    missing = django_filters.BooleanFilter(label="Required clauses missing", method="filter_missing")

    class Meta:
        model = Contract
        fields = ["vendor", "expiring", "missing"]

    def filter_expiring(self, queryset, name, value):
        if value is None:
            return queryset
        soon = selectors.expiring(queryset, timezone.localdate())
        return soon if value else queryset.exclude(pk__in=soon.values("pk"))

    def filter_missing(self, queryset, name, value):
        if value is None:
            return queryset
        return selectors.missing_clauses(queryset) if value else queryset.filter(missing_mandatory=0)
