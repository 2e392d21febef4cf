"""Binds the request id and client IP for the audit log, resolves the current membership, and
refuses request bodies too large for the view they are sent to."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse

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


def takes_uploads(view_func) -> bool:
    """Whether the view was marked with core.web.accepts_uploads (a DRF view through its class)."""
    view_class = getattr(view_func, "cls", None)
    return getattr(view_func, "accepts_uploads", False) or getattr(view_class, "accepts_uploads", False)


class BodySizeLimitMiddleware:
    """Refuse (413) a body over DATA_UPLOAD_MAX_MEMORY_SIZE before anything reads it, unless the view takes files.

    Runs before the CSRF check, which would otherwise parse the body (and spool its files to
    disk) for any POST, even an anonymous one to the login page. Views that take files get
    their bodies parsed, and the upload handler drops a file the moment it passes UPLOAD_MAX_BYTES.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse("The request's Content-Length is not a number.", status=400, content_type="text/plain")
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE and not takes_uploads(view_func):
            limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
            return HttpResponse(
                f"The request is too large: this address takes at most {limit_mb} MB and no files.",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return None


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (Referrer-Policy: SecurityMiddleware).

    The policy allows only this site's own scripts, styles, images and fonts, so an injected
    script or style cannot run: pages carry no inline scripts, styles or event handlers, htmx
    and the Swagger UI are served from our static files.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
