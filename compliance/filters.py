"""Filters of the document request and red flag lists."""

from __future__ import annotations

import django_filters
from django import forms

from compliance.models import Document, DocumentRequest, FlagState, RedFlag, RequestStatus, Severity
from core.filters import rows_of_caller
from vendors.models import AiSystem


def _system_filter():
    # Hidden: the system page links here; a select of thousands of systems would not help (and costs 0.5 s).
    return django_filters.ModelChoiceFilter(
        queryset=rows_of_caller(AiSystem), label="AI system", widget=forms.HiddenInput
    )


class DocumentRequestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices, empty_label="Any")
    ai_system = _system_filter()

    class Meta:
        model = DocumentRequest
        fields = ["status", "ai_system"]


class RedFlagFilter(django_filters.FilterSet):
    severity = django_filters.ChoiceFilter(choices=Severity.choices, empty_label="Any")
    state = django_filters.ChoiceFilter(choices=FlagState.choices, empty_label="Any")
    ai_system = _system_filter()

    class Meta:
        model = RedFlag
        fields = ["severity", "state", "ai_system"]


ANY_STATE = "any"


class RedFlagPageFilter(RedFlagFilter):
    """The red flag page lists open flags unless asked for others: resolved ones are history, not work."""

    state = django_filters.ChoiceFilter(
        choices=[*FlagState.choices, (ANY_STATE, "Any state")], empty_label=None, method="filter_state"
    )

    def filter_state(self, queryset, name, value):
        return queryset  # applied in filter_queryset, which also sees an absent value

    def filter_queryset(self, queryset):
        state = self.form.cleaned_data.get("state") or FlagState.OPEN
        queryset = super().filter_queryset(queryset)
        return queryset if state == ANY_STATE else queryset.filter(state=state)


class DocumentFilter(django_filters.FilterSet):
    request = django_filters.ModelChoiceFilter(queryset=rows_of_caller(DocumentRequest))

    class Meta:
        model = Document
        fields = ["request"]
