"""Shared pieces of list filters (django-filter): choices scoped to the caller's organisation, yes/no, members.

A filter's queryset callable receives the request: a page's HttpRequest or, through the
API, DRF's Request (token or session). Either way only the caller's organisation's rows
are choices, so another organisation's id is as unknown as one that does not exist.
"""

from __future__ import annotations

import django_filters
from django import forms
from rest_framework.request import Request

from core.api_base import api_membership
from core.forms import MemberChoiceField
from core.models import Membership
from core.selectors import member_choices


def caller_organisation(request):
    membership = api_membership(request) if isinstance(request, Request) else getattr(request, "membership", None)
    return membership.organisation if membership else None


def rows_of_caller(model):
    """A queryset callable for `ModelChoiceFilter(queryset=...)`: the caller's organisation's rows of `model`."""

    def queryset(request):
        organisation = caller_organisation(request)
        return model.objects.filter(organisation=organisation) if organisation else model.objects.none()

    return queryset


class AnyYesNo(forms.Select):
    """true / false / empty in the query string, with words a person reads."""

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=[("", "Any"), ("true", "Yes"), ("false", "No")])

    def format_value(self, value):
        return {True: ["true"], False: ["false"]}.get(value, super().format_value(value))


def members_of_caller(request):
    organisation = caller_organisation(request)
    return member_choices(organisation) if organisation else Membership.objects.none()


class MemberFilter(django_filters.ModelChoiceFilter):
    field_class = MemberChoiceField  # labelled by name and role
