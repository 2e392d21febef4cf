"""One place that maps domain errors to HTTP for the API."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.states import IllegalTransition


def validation_errors(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: [m for e in errors for m in e.messages] for field, errors in error.error_dict.items()}
    return {"non_field_errors": list(error.messages)}


def exception_handler(exc, context):
    if isinstance(exc, IllegalTransition):  # well-formed, but the object is in the wrong state for it
        return Response({"errors": validation_errors(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ValidationError):
        return Response({"errors": validation_errors(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        data = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {"errors": data}
    elif response is not None and isinstance(exc, exceptions.ParseError):
        # A body that is not JSON is a bad request like any other: the same {"errors": ...} shape.
        response.data = {"errors": {"non_field_errors": [str(exc.detail)]}}
    return response
