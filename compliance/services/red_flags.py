"""Red flags: opening and resolving them as the rules say, risk acceptance, and following other apps' changes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

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
from compliance.red_flags import Facts, firing_rules, reads_any
from compliance.services.common import now, require_same_organisation, required_text
from core.access import Actor, Capability
from core.audit import Entry, created, record, record_many, snapshot
from vendors.models import AiSystem, GpaiModel, Vendor

RED_FLAGS_TASK = "red_flags"


# A registry change read by some rule re-evaluates up to this many systems in the request; more go to a task.
INLINE_SYSTEMS = 20
REGISTRY_MODELS = {Vendor: "vendor", AiSystem: "ai_system", GpaiModel: "gpai_model"}


@dataclass
class _FlagChanges:
    """The flags a batch opens and resolves, written and audited in bulk at its end."""

    opened: list[RedFlag] = field(default_factory=list)
    resolved: list[RedFlag] = field(default_factory=list)
    entries: list = field(default_factory=list)  # (action, flag, changes) in the order they happened

    def plan(self, facts: Facts, subject: dict, live: dict[str, RedFlag], moment) -> None:
        """Open a flag for each rule that fires and has none; resolve live flags whose rule no longer fires."""
        firing = {rule.code: rule for rule in firing_rules(facts)}
        for code, flag in live.items():
            flag.ai_system, flag.vendor = subject["ai_system"], subject["vendor"]  # read already: no query per label
            if code not in firing:
                before = flag.state
                flag.state, flag.resolved_at = FlagState.RESOLVED, moment
                self.resolved.append(flag)
                self.entries.append((RED_FLAG_RESOLVED, flag, {"state": [before, FlagState.RESOLVED]}))
        for code, rule in firing.items():
            if code not in live:
                flag = RedFlag(
                    organisation_id=facts.vendor.organisation_id,
                    subject_key=subject_key_of(**subject),
                    code=code,
                    severity=rule.severity,
                    citation=rule.citation,
                    message=rule.message,
                    action=rule.action,
                    opened_at=moment,
                    **subject,
                )
                self.opened.append(flag)
                self.entries.append((RED_FLAG_OPENED, flag, None))

    def write(self, actor: Actor) -> None:
        if self.resolved:
            RedFlag.objects.bulk_update(self.resolved, ["state", "resolved_at"])
        if self.opened:
            RedFlag.objects.bulk_create(self.opened)  # sets their ids, which the events name
        record_many(
            actor,
            [
                Entry(action, flag, changes if changes else created(snapshot(flag, ("code", "severity", "state"))))
                for action, flag, changes in self.entries
            ],
        )


@transaction.atomic
def _reevaluate(organisation, systems: Iterable[AiSystem], vendors: Iterable[Vendor] = (), classifications=None) -> int:
    """Re-evaluate vendors and systems with a bounded number of queries, whatever their number; returns how many.

    Facts, classifications and live flags are each read once for the whole batch; the flags
    that open or resolve are written, and audited, in bulk.
    """
    vendors, systems = list(vendors), list(systems)
    batch = selectors.facts_batch(organisation, systems, vendors, classifications=classifications)
    keys = [selectors.vendor_key_of(v) for v in vendors] + [selectors.system_key_of(s) for s in systems]
    live = selectors.live_flags_by_subject(organisation, keys)
    changes, moment = _FlagChanges(), now()
    for vendor in vendors:
        subject = {"ai_system": None, "vendor": vendor}
        changes.plan(batch.vendor_facts(vendor), subject, live[selectors.vendor_key_of(vendor)], moment)
    for system in systems:
        subject = {"ai_system": system, "vendor": system.vendor}
        changes.plan(batch.system_facts(system), subject, live[selectors.system_key_of(system)], moment)
    changes.write(Actor.system(organisation, RED_FLAGS_TASK))
    return len(vendors) + len(systems)


def red_flags_reevaluate_system(system: AiSystem, classification=None) -> None:
    """Open and resolve the system's flags (`classification`: its current one, when the caller holds it)."""
    known = {system.pk: classification} if classification is not None else None
    _reevaluate(system.organisation, [system], classifications=known)


def red_flags_reevaluate_vendor(vendor: Vendor) -> None:
    """Open and resolve the vendor's own flags (vendor-level documents)."""
    _reevaluate(vendor.organisation, [], [vendor])


def _active_systems(**lookup):
    return AiSystem.objects.filter(archived_at__isnull=True, **lookup).select_related(
        "vendor", "gpai_model", "organisation"
    )


def reevaluate_around(vendor: Vendor, system: AiSystem | None) -> None:
    """After a change: the system's flags, or for a vendor-level change the vendor's and all its systems'."""
    if system is not None:
        red_flags_reevaluate_system(system)
        return
    _reevaluate(vendor.organisation, _active_systems(vendor=vendor), vendors=[vendor])


def red_flags_reevaluate_organisation(organisation) -> int:
    """Re-evaluate every vendor and active system (dates move: certificates expire, requests fall overdue)."""
    count = 0
    # Vendor by vendor: each batch covers one vendor and its systems, however large the organisation.
    for vendor in Vendor.objects.filter(organisation=organisation).select_related("organisation"):
        count += _reevaluate(organisation, _active_systems(vendor=vendor), vendors=[vendor])
    return count


def red_flags_reevaluate_registry_object(kind: str, pk: int) -> int:
    """Re-evaluate what a vendor or GPAI model change affects (the queued half of `on_registry_changed`)."""
    if kind == "vendor":
        vendor = Vendor.objects.select_related("organisation").filter(pk=pk).first()
        return _reevaluate(vendor.organisation, _active_systems(vendor=vendor), [vendor]) if vendor else 0
    model = GpaiModel.objects.select_related("organisation").filter(pk=pk).first()
    return _reevaluate(model.organisation, _active_systems(gpai_model=model)) if model else 0


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


def on_registry_changed(changed, actor: Actor, fields: frozenset[str]) -> None:
    """A vendor, GPAI model or AI system changed `fields`: follow only if some rule reads one of them.

    A notes edit therefore costs nothing here. A change that reaches more than INLINE_SYSTEMS
    systems is re-evaluated by a task queued after commit, so the edit does not wait for it.
    """
    if not reads_any(REGISTRY_MODELS[type(changed)], fields):
        return
    if isinstance(changed, AiSystem):
        if not changed.is_archived:
            red_flags_reevaluate_system(changed)
        return
    kind = REGISTRY_MODELS[type(changed)]
    systems = _active_systems(**{kind: changed})
    if systems[: INLINE_SYSTEMS + 1].count() > INLINE_SYSTEMS:
        _queue(kind, changed.pk)
    elif kind == "vendor":
        _reevaluate(changed.organisation, systems, [changed])
    else:
        _reevaluate(changed.organisation, systems)


def _queue(kind: str, pk: int) -> None:
    from compliance.tasks import reevaluate_registry_red_flags  # the tasks module imports these services

    transaction.on_commit(lambda: reevaluate_registry_red_flags.delay(kind, pk))
