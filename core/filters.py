"""Shared pieces of list filters (django-filter): choices scoped to the caller's organisation, yes/no, members.

A filter's queryset callable receives the request: a page's HttpRequest or, through the
API, DRF's Request (token or session). Either way only the caller's organisation's rows
are choices, so another organisation's id is as unknown as one that does not exist.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.core.exceptions import ValidationError
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


# Date-times --------------------------------------------------------------------------------

# The widest UTC offsets in use are -12:00 and +14:00; PostgreSQL refuses anything past ±15:59.
MAX_UTC_OFFSET = dt.timedelta(hours=14)


class BoundedIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 date-time whose offset is a real one and whose UTC time is a representable date."""

    default_error_messages = {
        "offset": "Use a UTC offset between -14:00 and +14:00.",
        "range": "Use a date-time between the years 1 and 9999 (in UTC).",
    }

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        offset = moment.utcoffset()
        if offset is not None and abs(offset) > MAX_UTC_OFFSET:
            raise ValidationError(self.error_messages["offset"], code="offset")
        try:
            moment.astimezone(dt.UTC)
        except OverflowError:
            raise ValidationError(self.error_messages["range"], code="range") from None
        return moment


class BoundedIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    """IsoDateTimeFilter that answers 400, not 500, for offsets and moments a database cannot hold."""

    field_class = BoundedIsoDateTimeField
