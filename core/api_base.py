"""Base pieces every API view uses: the caller's membership, actor and organisation scoping."""

from __future__ import annotations

from rest_framework import authentication, permissions, viewsets

from core.access import Actor, Capability, role_can
from core.api_auth import PersonalTokenAuthentication
from core.models import ApiToken, Membership

# Token first: DRF answers a failed authentication with the first class's challenge, and
# only the token class has one ("WWW-Authenticate: Token"), which makes a bad or revoked
# token a 401 rather than a 403.
AUTHENTICATION_CLASSES = [PersonalTokenAuthentication, authentication.SessionAuthentication]


def api_membership(request) -> Membership | None:
    """A token acts in its own organisation; a session in the session's current organisation."""
    if isinstance(request.auth, ApiToken):
        return request.auth.membership
    return getattr(request._request, "membership", None)


def api_actor(request) -> Actor:
    membership = api_membership(request)
    token_id = request.auth.pk if isinstance(request.auth, ApiToken) else None
    return Actor.for_member(membership, token_id=token_id)


class IsMember(permissions.BasePermission):
    """Signed in, member of an organisation, and holding the view's capability for this method."""

    message = "Your role may not do this."

    def has_permission(self, request, view):
        membership = api_membership(request)
        if membership is None:
            return False
        capability = view.required_capability(request)
        return role_can(membership.role, capability)


class OrganisationScopedMixin:
    """Scopes querysets to the caller's organisation; reads need READ, writes `write_capability`."""

    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [permissions.IsAuthenticated, IsMember]
    write_capability: Capability = Capability.MANAGE_REGISTRY
    organisation_field = "organisation"

    def required_capability(self, request) -> Capability:
        return Capability.READ if request.method in permissions.SAFE_METHODS else self.write_capability

    @property
    def membership(self) -> Membership:
        return api_membership(self.request)

    @property
    def organisation(self):
        return self.membership.organisation

    @property
    def actor(self) -> Actor:
        return api_actor(self.request)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no caller, so no organisation
            return self.queryset.none()
        return self.organisation_queryset(self.organisation)

    def organisation_queryset(self, organisation):
        """This organisation's rows; a view that needs joins or annotations overrides it."""
        return self.queryset.filter(**{self.organisation_field: organisation})


class ScopedReadOnlyViewSet(OrganisationScopedMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(OrganisationScopedMixin, viewsets.ModelViewSet):
    """Writes must be implemented by calling services (perform_create etc. are overridden)."""
