"""Filters of the deadline list, shared by the page and the API."""

from __future__ import annotations

import django_filters
from rest_framework.request import Request

from core.api_base import api_membership
from core.models import Membership
from deadlines.dates import today_in
from deadlines.models import DeadlineKind
from deadlines.selectors import overdue_q
from vendors.filters import AnyYesNo, MemberFilter
from vendors.models import AiSystem, Vendor


def _membership(request) -> Membership | None:
    return api_membership(request) if isinstance(request, Request) else getattr(request, "membership", None)


def _scoped(model):
    def queryset(request):
        membership = _membership(request)
        return model.objects.filter(organisation=membership.organisation) if membership else model.objects.none()

    return queryset


def _members(request):
    membership = _membership(request)
    if membership is None:
        return Membership.objects.none()
    return Membership.objects.filter(organisation=membership.organisation).select_related("user")


class DeadlineFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=DeadlineKind.choices, empty_label="Any kind")
    ai_system = django_filters.ModelChoiceFilter(queryset=_scoped(AiSystem), label="AI system", empty_label="Any")
    vendor = django_filters.ModelChoiceFilter(queryset=_scoped(Vendor), empty_label="Any")
    owner = MemberFilter(queryset=_members, empty_label="Anyone")
    overdue = django_filters.BooleanFilter(method="filter_overdue", widget=AnyYesNo, label="Overdue")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", label="Due on or after")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label="Due on or before")

    def filter_overdue(self, queryset, name, value):
        membership = _membership(self.request)
        if value is None or membership is None:
            return queryset
        overdue = overdue_q(today_in(membership.organisation.time_zone))
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
