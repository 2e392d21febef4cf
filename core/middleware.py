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
        """The address the outermost of our TRUSTED_PROXY_COUNT proxies saw, else the socket's peer.

        Each proxy appends the address it received the request from, so with N proxies the
        client is the N-th entry from the right; entries further left are the client's own words.
        """
        proxies = settings.TRUSTED_PROXY_COUNT
        hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
        if proxies > 0 and len(hops) >= proxies:
            return request_context.normalised_ip(hops[-proxies])
        return request_context.normalised_ip(request.META.get("REMOTE_ADDR"))
