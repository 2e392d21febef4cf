"""Demo contracts and modification log entries.

The HR screening vendor's contract has every clause its checklist asks for except
`incident_cooperation` and `update_notification_30_days` (so their red flags show); the
credit-scoring vendor's contract is complete. The support chatbot's log has one
fine-tuning entry under the one-third threshold, and a second, larger one is previewed
(not saved): it would make us the provider of the modified model. Everything goes
through the services; a second run creates nothing new.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from contracts import services
from contracts.models import ClauseState, Contract
from core.demo import DemoContext, register_demo_step
from core.models import Role
from vendors.models import AiSystem

UNSIGNED_CLAUSES = {"incident_cooperation", "update_notification_30_days"}
CONTRACTS = (
    {
        "system": "TalentLens Screen",
        "title": "TalentLens SaaS subscription agreement",
        "reference": "NW-PROC-2025-118",
        "signed_on": dt.date(2025, 11, 20),
        "starts_on": dt.date(2026, 1, 1),
        "ends_on": dt.date(2027, 12, 31),
        "auto_renews": True,
        "notice_period_days": 90,
        "governing_law": "German law",
        "missing": UNSIGNED_CLAUSES,
    },
    {
        "system": "KW Score Consumer",
        "title": "Kreditwerk scoring services agreement",
        "reference": "NW-FIN-2024-031",
        "signed_on": dt.date(2024, 9, 2),
        "starts_on": dt.date(2024, 10, 1),
        "ends_on": dt.date(2027, 9, 30),
        "notice_period_days": 60,
        "notice_in_business_days": True,
        "governing_law": "German law",
        "missing": set(),
    },
)
CHATBOT = "Brightdesk Assist"
FINE_TUNE = {
    "changed_on": dt.date(2026, 9, 14),
    "description": "Fine-tuned the answer model on our returns policy and product catalogue.",
    "reason": "Fewer hand-overs to human agents on returns questions.",
    "reference": "assist-ft-2026-09",
    "approved_by": "Head of customer service",
    "compute_flop": 1e22,
}
# Planned: a further fine-tune that would take our cumulative compute past one third of the model's.
PLANNED_FINE_TUNE = {**FINE_TUNE, "changed_on": dt.date(2026, 12, 1), "compute_flop": 3e22}


def _seed_contract(context: DemoContext, spec: dict) -> int:
    system = AiSystem.objects.filter(organisation=context.organisation, name=spec["system"]).first()
    if system is None or Contract.objects.filter(organisation=context.organisation, title=spec["title"]).exists():
        return 0
    legal = context.actor_for(Role.LEGAL)
    data = {key: value for key, value in spec.items() if key in services.CONTRACT_FIELDS}
    contract = services.contract_create(actor=legal, data={**data, "vendor": system.vendor}, systems=[system])
    for page, clause in enumerate(contract.clauses.filter(required=True).order_by("clause_code"), start=3):
        if clause.clause_code not in spec["missing"]:
            services.clause_status_set(
                actor=legal, clause=clause, state=ClauseState.PRESENT, section=f"{page + 4}.1", page=page
            )
    return 1


@register_demo_step(order=50)
def seed_contracts(context: DemoContext) -> Counter[str]:
    """Contracts and the modification log."""
    counts: Counter[str] = Counter()
    for spec in CONTRACTS:
        counts["contracts"] += _seed_contract(context, spec)
    chatbot = AiSystem.objects.filter(organisation=context.organisation, name=CHATBOT).first()
    if chatbot is not None and chatbot.classifications.exists() and not chatbot.modifications.exists():
        services.modification_record(actor=context.actor_for(Role.COMPLIANCE), ai_system=chatbot, data=FINE_TUNE)
        counts["modifications"] += 1
        preview = services.modification_preview(
            actor=context.actor_for(Role.COMPLIANCE), ai_system=chatbot, data=PLANNED_FINE_TUNE
        )
        counts["previewed modifications that would make us the provider"] += int(bool(preview.triggers))
    return counts
