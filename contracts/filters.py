"""Filters of the contracts list: vendor, expiring soon, missing required clauses."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone

from contracts import selectors
from contracts.models import Contract
from core.filters import AnyYesNo, rows_of_caller
from vendors.models import Vendor


class ContractFilter(django_filters.FilterSet):
    # Hidden, as compliance's system filter: the vendor page links here, and search matches vendor names;
    # a select of hundreds of vendors costs more to render than the rest of the page.
    vendor = django_filters.ModelChoiceFilter(queryset=rows_of_caller(Vendor), widget=forms.HiddenInput)
    expiring = django_filters.BooleanFilter(
        label=f"Ends within {selectors.EXPIRING_WITHIN_DAYS} days", method="filter_expiring", widget=AnyYesNo
    )
    missing = django_filters.BooleanFilter(label="Required clauses missing", method="filter_missing", widget=AnyYesNo)

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
