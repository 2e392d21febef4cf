"""Filters of the document request and red flag lists."""

from __future__ import annotations

import django_filters
from django import forms
from rest_framework.request import Request

from compliance.models import Document, DocumentRequest, FlagState, RedFlag, RequestStatus, Severity
from core.api_base import api_membership
from vendors.models import AiSystem


def _systems(request):
    """The caller's systems, whether it came through a page, or the API with a session or a token."""
    membership = api_membership(request) if isinstance(request, Request) else getattr(request, "membership", None)
    if membership is None:
        return AiSystem.objects.none()
    return AiSystem.objects.filter(organisation=membership.organisation)


def _requests(request):
    """The caller's document requests: an id of another organisation's is as unknown as one that does not exist."""
    membership = api_membership(request) if isinstance(request, Request) else getattr(request, "membership", None)
    if membership is None:
        return DocumentRequest.objects.none()
    return DocumentRequest.objects.filter(organisation=membership.organisation)


def _system_filter():
    # Hidden: the system page links here; a select of thousands of systems would not help (and costs 0.5 s).
    return django_filters.ModelChoiceFilter(queryset=_systems, label="AI system", widget=forms.HiddenInput)


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


class DocumentFilter(django_filters.FilterSet):
    request = django_filters.ModelChoiceFilter(queryset=_requests)

    class Meta:
        model = Document
        fields = ["request"]
