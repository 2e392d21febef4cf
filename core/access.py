"""The one access helper every view, API view and service uses.

Tenancy: an object of another organisation is a 404 (its existence is not revealed);
a forbidden action inside one's own organisation is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from core.models import ActorType, Membership, Organisation, Role


class Capability(StrEnum):
    READ = "read"
    MANAGE_REGISTRY = "manage_registry"  # vendors, systems, questionnaires, documents
    CREATE_OWN_REGISTRY = "create_own_registry"  # requesters: create and edit their own systems
    MANAGE_CONTRACTS = "manage_contracts"
    ACCEPT_RISK = "accept_risk"
    APPROVE = "approve"
    MANAGE_INCIDENTS = "manage_incidents"
    REPORT_INCIDENT = "report_incident"
    MANAGE_MEMBERS = "manage_members"
    VIEW_AUDIT = "view_audit"
    # The vendor contact, through its portal link: answer the questionnaire, upload what was asked.
    ANSWER_AS_VENDOR = "answer_as_vendor"


_EVERY_READ = {Capability.READ}
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.OWNER: frozenset(Capability) - {Capability.ANSWER_AS_VENDOR},
    Role.COMPLIANCE: frozenset(
        _EVERY_READ
        | {
            Capability.MANAGE_REGISTRY,
            Capability.CREATE_OWN_REGISTRY,
            Capability.MANAGE_INCIDENTS,
            Capability.REPORT_INCIDENT,
            Capability.VIEW_AUDIT,
        }
    ),
    Role.LEGAL: frozenset(
        _EVERY_READ
        | {
            Capability.MANAGE_CONTRACTS,
            Capability.ACCEPT_RISK,
            Capability.MANAGE_INCIDENTS,
            Capability.REPORT_INCIDENT,
            Capability.VIEW_AUDIT,
        }
    ),
    Role.REQUESTER: frozenset(_EVERY_READ | {Capability.CREATE_OWN_REGISTRY, Capability.REPORT_INCIDENT}),
    Role.APPROVER: frozenset(_EVERY_READ | {Capability.APPROVE, Capability.VIEW_AUDIT}),
    Role.AUDITOR: frozenset(_EVERY_READ | {Capability.VIEW_AUDIT}),
}


# A vendor contact has no membership: what it may do is this, and only within its link's scope.
VENDOR_CONTACT_CAPABILITIES = frozenset({Capability.ANSWER_AS_VENDOR})
VENDOR_CONTACT_LABEL = "vendor contact"


def role_can(role: str, capability: Capability) -> bool:
    return capability in ROLE_CAPABILITIES.get(role, frozenset())


def reads_own_requests_only(membership: Membership) -> bool:
    """Requesters read their own procurement requests only; every other role reads the organisation's."""
    return membership.role == Role.REQUESTER


@dataclass(frozen=True)
class Actor:
    """Who performs a write: a member (through the web or a token), or a system task."""

    organisation: Organisation
    kind: str
    label: str
    membership: Membership | None = None
    token_id: int | None = None

    @classmethod
    def for_member(cls, membership: Membership, token_id: int | None = None) -> Actor:
        kind = ActorType.TOKEN if token_id else ActorType.USER
        return cls(
            organisation=membership.organisation,
            kind=kind,
            label=membership.user.get_username(),
            membership=membership,
            token_id=token_id,
        )

    @classmethod
    def system(cls, organisation: Organisation, task: str) -> Actor:
        return cls(organisation=organisation, kind=ActorType.SYSTEM, label=f"system:{task}")

    @classmethod
    def vendor_contact(cls, organisation: Organisation, email: str = "") -> Actor:
        """The vendor's contact acting through a portal link (no account; the audit log adds its IP)."""
        label = f"{VENDOR_CONTACT_LABEL} <{email}>" if email else VENDOR_CONTACT_LABEL
        return cls(organisation=organisation, kind=ActorType.VENDOR, label=label)

    @property
    def user(self):
        return self.membership.user if self.membership else None

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    def can(self, capability: Capability) -> bool:
        if self.kind == ActorType.SYSTEM:
            return True
        if self.kind == ActorType.VENDOR:
            return capability in VENDOR_CONTACT_CAPABILITIES
        return self.membership is not None and role_can(self.membership.role, capability)

    def require(self, capability: Capability) -> None:
        if not self.can(capability):
            raise PermissionDenied(f"Your role may not do this ({capability.value.replace('_', ' ')}).")

    def require_any(self, *capabilities: Capability) -> None:
        if not any(self.can(c) for c in capabilities):
            raise PermissionDenied("Your role may not do this.")


def scoped(queryset: QuerySet, organisation: Organisation, field: str = "organisation") -> QuerySet:
    """Restrict a queryset to one organisation's rows."""
    return queryset.filter(**{field: organisation})


def get_scoped_or_404(queryset: QuerySet, organisation: Organisation, field: str = "organisation", **lookup) -> Model:
    """Fetch one object of this organisation; any other organisation's object is a 404."""
    try:
        return scoped(queryset, organisation, field).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("No such object in this organisation.") from None
