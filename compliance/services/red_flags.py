"""Red flags: opening and resolving them as the rules say, risk acceptance, and following other apps' changes."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from compliance import selectors
from compliance.audit_actions import (
    RED_FLAG_OPENED,
    RED_FLAG_RESOLVED,
    RED_FLAG_RISK_ACCEPTED,
)
from compliance.models import (
    FlagState,
    RedFlag,
    RiskAcceptance,
    subject_key_of,
)
from compliance.red_flags import Facts, firing_rules, load_extra
from compliance.services.common import now, require_same_organisation, required_text
from core.access import Actor, Capability
from core.audit import created, record, snapshot
from vendors.models import AiSystem, GpaiModel, Vendor

RED_FLAGS_TASK = "red_flags"


def _sync_flags(facts: Facts, subject: dict) -> None:
    """Open a flag for each rule that fires and has none; resolve live flags whose rule no longer fires."""
    organisation = (facts.system or facts.vendor).organisation  # a system's is read with it, not via its vendor
    actor = Actor.system(organisation, RED_FLAGS_TASK)
    firing = {rule.code: rule for rule in firing_rules(facts)}
    live = {flag.code: flag for flag in selectors.live_flags(organisation, **subject).select_for_update()}
    moment = now()
    for code, flag in live.items():
        if code not in firing:
            before = flag.state
            flag.state, flag.resolved_at = FlagState.RESOLVED, moment
            flag.save(update_fields=["state", "resolved_at"])
            record(actor, RED_FLAG_RESOLVED, flag, changes={"state": [before, FlagState.RESOLVED]})
    for code, rule in firing.items():
        if code in live:
            continue
        flag = RedFlag.objects.create(
            organisation=organisation,
            subject_key=subject_key_of(**subject),
            code=code,
            severity=rule.severity,
            citation=rule.citation,
            message=rule.message,
            action=rule.action,
            opened_at=moment,
            **subject,
        )
        opened = created(snapshot(flag, ("code", "severity", "state")))
        record(actor, RED_FLAG_OPENED, flag, changes=opened)


def red_flags_reevaluate_system(
    system: AiSystem,
    classification=None,
    *,
    requests: dict | None = None,
    vendor_requests: dict | None = None,
    extra: dict | None = None,
) -> None:
    """Open and resolve the system's flags (the optional reads are for callers evaluating many at once)."""
    with transaction.atomic():
        facts = selectors.system_facts(
            system, classification, requests=requests, vendor_requests=vendor_requests, extra=extra
        )
        _sync_flags(facts, {"ai_system": system, "vendor": system.vendor})


def red_flags_reevaluate_vendor(vendor: Vendor, *, requests: dict | None = None, extra: dict | None = None) -> None:
    """Open and resolve the vendor's own flags (vendor-level documents)."""
    with transaction.atomic():
        facts = selectors.vendor_facts(vendor, requests=requests, extra=extra)
        _sync_flags(facts, {"ai_system": None, "vendor": vendor})


def _reevaluate_systems(organisation, systems: Iterable[AiSystem], vendors: Iterable[Vendor] = ()) -> int:
    """Re-evaluate vendors and systems, reading all their document requests in one go; returns how many."""
    vendors, systems = list(vendors), list(systems)
    keys = {subject_key_of(vendor=v) for v in vendors}
    for system in systems:
        keys |= {subject_key_of(ai_system=system), subject_key_of(vendor=system.vendor)}
    requests = selectors.requests_by_subject(organisation, keys)
    extra = load_extra(organisation, systems, vendors)
    for vendor in vendors:
        key = subject_key_of(vendor=vendor)
        red_flags_reevaluate_vendor(vendor, requests=requests[key], extra=extra[key])
    for system in systems:
        key = subject_key_of(ai_system=system)
        red_flags_reevaluate_system(
            system,
            requests=requests[key],
            vendor_requests=requests[subject_key_of(vendor=system.vendor)],
            extra=extra[key],
        )
    return len(vendors) + len(systems)


def _active_systems(**lookup):
    return AiSystem.objects.filter(archived_at__isnull=True, **lookup).select_related(
        "vendor", "gpai_model", "organisation"
    )


def reevaluate_around(vendor: Vendor, system: AiSystem | None) -> None:
    """After a change: the system's flags, or for a vendor-level change the vendor's and all its systems'."""
    if system is not None:
        red_flags_reevaluate_system(system)
        return
    _reevaluate_systems(vendor.organisation, _active_systems(vendor=vendor), vendors=[vendor])


def red_flags_reevaluate_organisation(organisation) -> int:
    """Re-evaluate every vendor and active system (dates move: certificates expire, requests fall overdue)."""
    count = 0
    # Vendor by vendor: each read covers one vendor's requests and its systems', however large the organisation.
    for vendor in Vendor.objects.filter(organisation=organisation).select_related("organisation"):
        count += _reevaluate_systems(organisation, _active_systems(vendor=vendor), vendors=[vendor])
    return count


@transaction.atomic
def risk_accept(*, actor: Actor, flag: RedFlag, justification: str) -> RiskAcceptance:
    """Legal or the owner accepts an open flag's risk, in writing; the flag stays on record as accepted."""
    actor.require(Capability.ACCEPT_RISK)
    require_same_organisation(actor, flag)
    justification = required_text(justification, "justification", "Explain why the risk is acceptable.")
    flag = RedFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.state != FlagState.OPEN:
        raise ValidationError({"justification": f"Only an open flag can be accepted; this one is {flag.state}."})
    acceptance = RiskAcceptance.objects.create(
        flag=flag, accepted_by=actor.membership, justification=justification, at=now()
    )
    flag.state = FlagState.ACCEPTED
    flag.save(update_fields=["state"])
    record(
        actor,
        RED_FLAG_RISK_ACCEPTED,
        flag,
        changes={"state": [FlagState.OPEN, FlagState.ACCEPTED], "justification": justification},
    )
    return acceptance


def on_registry_changed(changed, actor: Actor) -> None:
    """A vendor, GPAI model or AI system changed: the red flags that read its facts follow at once."""
    if isinstance(changed, Vendor):
        reevaluate_around(changed, None)
    elif isinstance(changed, AiSystem) and not changed.is_archived:
        red_flags_reevaluate_system(changed)
    elif isinstance(changed, GpaiModel):
        _reevaluate_systems(changed.organisation, _active_systems(gpai_model=changed))
