"""Every write to vendors, contacts, GPAI models and AI systems.

Each function checks permission, validates, writes and appends an audit event in one
transaction. `data` arguments hold model field values (model instances for foreign
keys) as cleaned by a form or serializer; only the fields named in the matching
`*_FIELDS` tuple are accepted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from core.access import Actor, Capability
from core.audit import created, diff, record, snapshot
from vendors.audit_actions import (
    AI_SYSTEM_ARCHIVED,
    AI_SYSTEM_CREATED,
    AI_SYSTEM_UPDATED,
    CONTACT_CREATED,
    CONTACT_DELETED,
    CONTACT_UPDATED,
    GPAI_MODEL_CREATED,
    GPAI_MODEL_UPDATED,
    VENDOR_ARCHIVED,
    VENDOR_CREATED,
    VENDOR_UPDATED,
)
from vendors.hooks import notify_registry_changed
from vendors.lifecycle import check_lifecycle_move
from vendors.models import AiSystem, Contact, GpaiModel, Vendor, VendorStatus

VENDOR_FIELDS = (
    "legal_name",
    "trade_name",
    "country",
    "website",
    "vat_number",
    "lei",
    "eu_rep_name",
    "eu_rep_address",
    "eu_rep_email",
    "parent",
    "status",
    "notes",
)
CONTACT_FIELDS = ("name", "email", "phone", "role", "is_primary")
GPAI_MODEL_FIELDS = ("vendor", "name", "version", "training_compute_flop", "code_of_practice_signatory", "notes")
AI_SYSTEM_FIELDS = (
    "vendor",
    "name",
    "version",
    "intended_purpose",
    "business_owner",
    "deployment_context",
    "lifecycle",
    "processes_personal_data",
    "gpai_model",
    "placed_on_market_on",
)
# The Act's history starts long after this; earlier dates are typos.
EARLIEST_MARKET_DATE = dt.date(1990, 1, 1)
# Identifiers compared without case or surrounding blanks; stored upper-case.
UPPER_CASE_FIELDS = ("lei", "vat_number")

DUPLICATE_VENDOR = "A vendor with this legal name already exists in your organisation."
DUPLICATE_GPAI_MODEL = "This vendor already has a GPAI model with this name and version."
UNKNOWN = {
    "vendor": "Unknown vendor.",
    "parent": "Unknown vendor.",
    "gpai_model": "Unknown GPAI model.",
    "business_owner": "Unknown member.",
}


# Permissions ---------------------------------------------------------------------------


def can_create(actor: Actor) -> bool:
    """Owners and compliance officers register anything; requesters register their own."""
    return actor.can(Capability.MANAGE_REGISTRY) or actor.can(Capability.CREATE_OWN_REGISTRY)


def can_edit(actor: Actor, obj: Vendor | AiSystem) -> bool:
    """The one rule for changing a vendor or AI system (and a vendor's contacts)."""
    if obj.organisation_id != actor.organisation.pk:
        return False
    if actor.can(Capability.MANAGE_REGISTRY):
        return True
    created_it = actor.user is not None and obj.created_by_id == actor.user.pk
    return created_it and actor.can(Capability.CREATE_OWN_REGISTRY)


def require_can_create(actor: Actor) -> None:
    if not can_create(actor):
        raise PermissionDenied("Your role may not register vendors or AI systems.")


def require_can_edit(actor: Actor, obj: Vendor | AiSystem) -> None:
    if not can_edit(actor, obj):
        raise PermissionDenied("You may only change vendors and AI systems that you registered yourself.")


# Shared steps --------------------------------------------------------------------------


def _accepted(data: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")
    return {name: _normalised(name, value) for name, value in data.items()}


def _normalised(name: str, value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if name in UPPER_CASE_FIELDS:
            value = value.upper().replace(" ", "")
    return value


def _assign(obj: models.Model, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        setattr(obj, name, value)


def _check_same_organisation(actor: Actor, values: Mapping[str, Any], errors: dict[str, str]) -> None:
    """Related objects must belong to the actor's organisation; anything else is simply unknown."""
    for field, message in UNKNOWN.items():
        related = values.get(field)
        if related is not None and related.organisation_id != actor.organisation.pk:
            errors[field] = message


def _validate(obj: models.Model, errors: dict[str, str]) -> None:
    """Field validation of the model (choices, lengths, formats) merged with the service's own checks."""
    try:
        # The organisation and author are set by the service itself, not taken from input.
        exclude = [*errors, "organisation", "created_by"]
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        merged = dict(error.message_dict)
        merged.update({field: [message] for field, message in errors.items()})
        raise ValidationError(merged) from None
    if errors:
        raise ValidationError(errors)


def _check_active_vendor(values: Mapping[str, Any], errors: dict[str, str], what: str) -> None:
    """Nothing new is attached to an archived vendor (a model or system moved to it counts as new)."""
    vendor = values.get("vendor")
    if "vendor" not in errors and vendor is not None and vendor.is_archived:
        errors["vendor"] = f"This vendor is archived: restore it before adding or moving {what} to it."


def _without_unchanged_vendor(values: dict[str, Any], obj: GpaiModel | AiSystem) -> dict[str, Any]:
    """An update naming the current vendor does not move anything: what an archived vendor has stays editable."""
    if values.get("vendor") == obj.vendor:
        values.pop("vendor")
    return values


def _save_or_duplicate(obj: models.Model, field: str, message: str) -> None:
    """Save; a unique constraint hit by a concurrent write becomes the same field error as our own check."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise ValidationError({field: message}) from None


# Vendors -------------------------------------------------------------------------------


def _vendor_errors(actor: Actor, vendor: Vendor, values: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    _check_same_organisation(actor, values, errors)
    duplicates = Vendor.objects.filter(organisation=actor.organisation, legal_name__iexact=vendor.legal_name)
    if vendor.legal_name and duplicates.exclude(pk=vendor.pk).exists():
        errors["legal_name"] = DUPLICATE_VENDOR
    parent = vendor.parent
    if "parent" not in errors and parent is not None and vendor.pk is not None:
        if parent.pk == vendor.pk:
            errors["parent"] = "A vendor cannot be its own parent."
        elif any(ancestor.pk == vendor.pk for ancestor in parent.ancestors()):
            errors["parent"] = f"{parent} already belongs to {vendor}'s group: this would make a loop."
    return errors


@transaction.atomic
def vendor_create(*, actor: Actor, data: Mapping[str, Any]) -> Vendor:
    require_can_create(actor)
    values = _accepted(data, VENDOR_FIELDS)
    if values.get("status") == VendorStatus.ARCHIVED:
        raise ValidationError({"status": "A new vendor cannot start archived: register it, then archive it."})
    vendor = Vendor(organisation=actor.organisation, created_by=actor.user, **values)
    _validate(vendor, _vendor_errors(actor, vendor, values))
    _save_or_duplicate(vendor, "legal_name", DUPLICATE_VENDOR)
    record(actor, VENDOR_CREATED, vendor, changes=created(snapshot(vendor, VENDOR_FIELDS)))
    notify_registry_changed(vendor, actor, frozenset(VENDOR_FIELDS))
    return vendor


@transaction.atomic
def vendor_update(*, actor: Actor, vendor: Vendor, data: Mapping[str, Any]) -> Vendor:
    require_can_edit(actor, vendor)
    values = _accepted(data, VENDOR_FIELDS)
    if values.get("status") == VendorStatus.ARCHIVED and not vendor.is_archived:
        raise ValidationError({"status": "Use “Archive vendor” to archive a vendor."})
    before = snapshot(vendor, VENDOR_FIELDS)
    _assign(vendor, values)
    _validate(vendor, _vendor_errors(actor, vendor, values))
    changes = diff(before, snapshot(vendor, VENDOR_FIELDS))
    if changes:
        _save_or_duplicate(vendor, "legal_name", DUPLICATE_VENDOR)
        record(actor, VENDOR_UPDATED, vendor, changes=changes)
        notify_registry_changed(vendor, actor, frozenset(changes))
    return vendor


@transaction.atomic
def vendor_archive(*, actor: Actor, vendor: Vendor) -> Vendor:
    """Archived vendors leave the default lists but keep their history; update the status to restore one."""
    require_can_edit(actor, vendor)
    if vendor.is_archived:
        return vendor
    before = vendor.status
    vendor.status = VendorStatus.ARCHIVED
    vendor.save(update_fields=["status", "updated_at"])
    record(actor, VENDOR_ARCHIVED, vendor, changes={"status": [before, vendor.status]})
    return vendor


# Contacts ------------------------------------------------------------------------------


def _save_contact(contact: Contact) -> None:
    if contact.is_primary:
        # Only one primary contact per vendor: the new one takes over.
        contact.vendor.contacts.filter(is_primary=True).exclude(pk=contact.pk).update(is_primary=False)
    contact.save()


@transaction.atomic
def contact_create(*, actor: Actor, vendor: Vendor, data: Mapping[str, Any]) -> Contact:
    require_can_edit(actor, vendor)
    contact = Contact(organisation=actor.organisation, vendor=vendor, **_accepted(data, CONTACT_FIELDS))
    _validate(contact, {})
    _save_contact(contact)
    record(actor, CONTACT_CREATED, contact, changes=created(snapshot(contact, ("vendor", *CONTACT_FIELDS))))
    return contact


@transaction.atomic
def contact_update(*, actor: Actor, contact: Contact, data: Mapping[str, Any]) -> Contact:
    require_can_edit(actor, contact.vendor)
    before = snapshot(contact, CONTACT_FIELDS)
    _assign(contact, _accepted(data, CONTACT_FIELDS))
    _validate(contact, {})
    changes = diff(before, snapshot(contact, CONTACT_FIELDS))
    if changes:
        _save_contact(contact)
        record(actor, CONTACT_UPDATED, contact, changes=changes)
    return contact


@transaction.atomic
def contact_delete(*, actor: Actor, contact: Contact) -> None:
    require_can_edit(actor, contact.vendor)
    # Record first: the event keeps the contact's id and what it held.
    record(actor, CONTACT_DELETED, contact, changes=diff(snapshot(contact, ("vendor", *CONTACT_FIELDS)), {}))
    contact.delete()


# GPAI models ---------------------------------------------------------------------------


def _gpai_model_errors(actor: Actor, model: GpaiModel, values: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    _check_same_organisation(actor, values, errors)
    _check_active_vendor(values, errors, "GPAI models")
    if "vendor" not in errors and model.vendor_id is not None:
        same = GpaiModel.objects.filter(vendor_id=model.vendor_id, name__iexact=model.name, version=model.version)
        if same.exclude(pk=model.pk).exists():
            errors["name"] = DUPLICATE_GPAI_MODEL
    return errors


@transaction.atomic
def gpai_model_create(*, actor: Actor, data: Mapping[str, Any]) -> GpaiModel:
    actor.require(Capability.MANAGE_REGISTRY)
    values = _accepted(data, GPAI_MODEL_FIELDS)
    model = GpaiModel(organisation=actor.organisation, **values)
    _validate(model, _gpai_model_errors(actor, model, values))
    _save_or_duplicate(model, "name", DUPLICATE_GPAI_MODEL)
    record(actor, GPAI_MODEL_CREATED, model, changes=created(snapshot(model, GPAI_MODEL_FIELDS)))
    return model


@transaction.atomic
def gpai_model_update(*, actor: Actor, model: GpaiModel, data: Mapping[str, Any]) -> GpaiModel:
    actor.require(Capability.MANAGE_REGISTRY)
    values = _without_unchanged_vendor(_accepted(data, GPAI_MODEL_FIELDS), model)
    before = snapshot(model, GPAI_MODEL_FIELDS)
    _assign(model, values)
    _validate(model, _gpai_model_errors(actor, model, values))
    changes = diff(before, snapshot(model, GPAI_MODEL_FIELDS))
    if changes:
        _save_or_duplicate(model, "name", DUPLICATE_GPAI_MODEL)
        record(actor, GPAI_MODEL_UPDATED, model, changes=changes)
        notify_registry_changed(model, actor, frozenset(changes))
    return model


# AI systems ----------------------------------------------------------------------------


def _ai_system_errors(actor: Actor, system: AiSystem, values: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    _check_same_organisation(actor, values, errors)
    _check_active_vendor(values, errors, "systems")
    _check_market_date(system.placed_on_market_on, errors)
    return errors


def _check_market_date(placed_on: dt.date | None, errors: dict[str, str]) -> None:
    """A date the system was placed on the market can only be past, and not before the register's horizon."""
    if placed_on is None:
        return
    if placed_on > timezone.localdate():
        errors["placed_on_market_on"] = "This date is in the future: enter when the system was first on the market."
    elif placed_on < EARLIEST_MARKET_DATE:
        errors["placed_on_market_on"] = "Enter a date from 1 January 1990 on."


@transaction.atomic
def ai_system_create(*, actor: Actor, data: Mapping[str, Any]) -> AiSystem:
    require_can_create(actor)
    values = _accepted(data, AI_SYSTEM_FIELDS)
    system = AiSystem(organisation=actor.organisation, created_by=actor.user, **values)
    _validate(system, _ai_system_errors(actor, system, values))
    check_lifecycle_move(system, system.lifecycle)
    system.save()
    record(actor, AI_SYSTEM_CREATED, system, changes=created(snapshot(system, AI_SYSTEM_FIELDS)))
    notify_registry_changed(system, actor, frozenset(AI_SYSTEM_FIELDS))
    return system


@transaction.atomic
def ai_system_update(*, actor: Actor, system: AiSystem, data: Mapping[str, Any]) -> AiSystem:
    require_can_edit(actor, system)
    values = _without_unchanged_vendor(_accepted(data, AI_SYSTEM_FIELDS), system)
    if values.get("lifecycle", system.lifecycle) != system.lifecycle:
        check_lifecycle_move(system, values["lifecycle"])
    before = snapshot(system, AI_SYSTEM_FIELDS)
    _assign(system, values)
    _validate(system, _ai_system_errors(actor, system, values))
    changes = diff(before, snapshot(system, AI_SYSTEM_FIELDS))
    if changes:
        system.save()
        record(actor, AI_SYSTEM_UPDATED, system, changes=changes)
        notify_registry_changed(system, actor, frozenset(changes))
    return system


@transaction.atomic
def ai_system_archive(*, actor: Actor, system: AiSystem) -> AiSystem:
    require_can_edit(actor, system)
    if system.is_archived:
        return system
    system.archived_at = timezone.now()
    system.save(update_fields=["archived_at", "updated_at"])
    record(actor, AI_SYSTEM_ARCHIVED, system, changes={"archived_at": [None, system.archived_at]})
    return system
