"""Choice lists of list filters (django-filter), scoped to the caller's organisation.

A filter's queryset callable receives the request: a page's HttpRequest or, through the
API, DRF's Request (token or session). Either way only the caller's organisation's rows
are choices, so another organisation's id is as unknown as one that does not exist.
"""

from __future__ import annotations

from rest_framework.request import Request

from core.api_base import api_membership


def caller_organisation(request):
    membership = api_membership(request) if isinstance(request, Request) else getattr(request, "membership", None)
    return membership.organisation if membership else None


def rows_of_caller(model):
    """A queryset callable for `ModelChoiceFilter(queryset=...)`: the caller's organisation's rows of `model`."""

    def queryset(request):
        organisation = caller_organisation(request)
        return model.objects.filter(organisation=organisation) if organisation else model.objects.none()

    return queryset
