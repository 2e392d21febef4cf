"""Filters of the incident register, shared by the page and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone

from core.filters import AnyYesNo, rows_of_caller
from incidents.models import Incident, IncidentStatus
from vendors.models import AiSystem, Vendor


def overdue_q(now) -> Q:
    """Open, the limit passed, no report made; or a report made late."""
    waiting = Q(status=IncidentStatus.OPEN, first_report_sent_at__isnull=True, report_due_at__lt=now)
    return waiting | Q(report_late=True)


class IncidentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=IncidentStatus.choices, empty_label="Open or closed")
    overdue = django_filters.BooleanFilter(method="filter_overdue", widget=AnyYesNo, label="Report overdue or late")
    ai_system = django_filters.ModelChoiceFilter(
        queryset=rows_of_caller(AiSystem), label="AI system", empty_label="Any"
    )
    vendor = django_filters.ModelChoiceFilter(
        field_name="ai_system__vendor", queryset=rows_of_caller(Vendor), empty_label="Any"
    )

    class Meta:
        model = Incident
        fields = ["status", "overdue", "ai_system", "vendor"]

    def filter_overdue(self, queryset, name, value):
        late = overdue_q(timezone.now())
        return queryset.filter(late) if value else queryset.exclude(late)
