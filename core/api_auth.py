"""Personal API tokens: `Authorization: Token <token>` (or `Bearer <token>`)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from core.tokens import find_active_token


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("token", "bearer")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Invalid token header: expected 'Token <token>'.")
        token = find_active_token(header[1])
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        if not token.membership.user.is_active:
            raise exceptions.AuthenticationFailed("This user is inactive.")
        # Record use at most once a minute to avoid a write on every call.
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            type(token).objects.filter(pk=token.pk).update(last_used_at=now)
        return token.membership.user, token

    def authenticate_header(self, request):
        return "Token"


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    """Describes the tokens in the OpenAPI schema, so the API docs offer an "Authorize" box for them."""

    target_class = PersonalTokenAuthentication
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token from Account › API tokens, sent as `Authorization: Bearer <token>` "
            "(or `Token <token>`).",
        }
