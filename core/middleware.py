"""Binds the request id and client IP for the audit log, and resolves the current membership."""

from __future__ import annotations

from django.conf import settings

from core import request_context
from core.tenancy import resolve_membership


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_context.new_request_id(request.headers.get("X-Request-ID"))
        context = request_context.RequestContext(request.request_id, self.client_ip(request))
        token = request_context.bind(context)
        try:
            request.membership = resolve_membership(request)
            response = self.get_response(request)
        finally:
            request_context.reset(token)
        response["X-Request-ID"] = request.request_id
        return response

    @staticmethod
    def client_ip(request) -> str | None:
        # Only trust X-Forwarded-For when we are told a proxy sets it.
        if getattr(settings, "USE_X_FORWARDED_FOR", False):
            forwarded = request.headers.get("X-Forwarded-For", "")
            if forwarded:
                return request_context.normalised_ip(forwarded.split(",")[0].strip())
        return request_context.normalised_ip(request.META.get("REMOTE_ADDR"))
