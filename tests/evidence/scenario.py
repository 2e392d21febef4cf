"""One organisation's diligence on a high-risk system, built through the services, for export and pack tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from compliance import services
from compliance.models import FlagState, RedFlag
from contracts import services as contract_services
from core.access import Actor
from core.models import Role
from duties import services as duty_services
from incidents import services as incident_services
from tests.compliance.conftest import DECLARATION_FACTS, classify, request_for, upload
from tests.duties.factories import DutyFactory
from tests.factories import AiSystemFactory, GpaiModelFactory, VendorFactory


@dataclass
class Dossier:
    vendor: object
    system: object
    other_system: object
    declaration: object
    flag: object


def build_dossier(members) -> Dossier:
    """A vendor with a classified high-risk system: documents asked for, one received and checked, flags raised."""
    owner = members[Role.OWNER]
    compliance = Actor.for_member(members[Role.COMPLIANCE])
    legal = Actor.for_member(members[Role.LEGAL])
    vendor = VendorFactory(organisation=owner.organisation, legal_name="TalentLens GmbH", country="US")
    system = AiSystemFactory(vendor=vendor, name="TalentLens Screen", created_by=owner.user)
    model = GpaiModelFactory(vendor=vendor, name="Lens LM", training_compute_flop=3e25)
    other_system = AiSystemFactory(vendor=vendor, name="Chat Helper", gpai_model=model, created_by=owner.user)
    classify(
        system,
        roles=["deployer"],
        obligations=[
            {"code": "deployer_monitoring", "article": "Art 26(5)", "applies_from": "2027-12-02", "holder": "deployer"}
        ],
    )
    classify(other_system, risk_tier="minimal_risk", documents=[])
    services.red_flags_reevaluate_system(system)
    services.document_requests_create_missing(actor=compliance, ai_system=system)
    declaration = upload(compliance, request_for(system, "eu_declaration_of_conformity"), name="doc-of-c.pdf")
    services.document_facts_record(actor=compliance, document=declaration, data=DECLARATION_FACTS)
    services.checklist_mark(
        actor=compliance,
        document=declaration,
        results=[{"item_id": item.id, "outcome": "pass", "note": "=checked"} for item in _checklist(declaration)],
    )
    DutyFactory(ai_system=system)  # our FRIA duty as deployer, and its first version
    duty_services.fria_start(actor=compliance, ai_system=system)
    literacy = {"member": owner, "title": "AI literacy basics", "taken_on": dt.date(2026, 1, 12)}
    duty_services.training_create(actor=compliance, data=literacy)
    flag = RedFlag.objects.filter(ai_system=system, state=FlagState.OPEN).order_by("pk").first()
    services.risk_accept(actor=legal, flag=flag, justification="Vendor signs next week.")
    contract_services.contract_create(
        actor=legal,
        data={"title": "TalentLens master agreement", "vendor": vendor, "starts_on": dt.date(2026, 1, 1)},
        systems=[system, other_system],
    )
    contract_services.modification_record(
        actor=compliance,
        ai_system=other_system,
        data={
            "changed_on": dt.date(2026, 5, 4),
            "description": "New system prompt",
            "reason": "Tone",
            "approved_by": "Carol",
        },
    )
    _incident_with_report(compliance, system)
    return Dossier(vendor, system, other_system, declaration, flag)


def _incident_with_report(actor, system) -> None:
    """An incident on the system with the provider informed and the initial report sent (incidents' registers)."""
    incident = incident_services.incident_report(
        actor=actor,
        ai_system=system,
        data={"title": "Applicants ranked by nationality", "description": "Seen by recruiters"},
        answers={"incident.harms": ["fundamental_rights_infringement"], "system.high_risk": True},
        aware_at=timezone.now() - dt.timedelta(hours=2),
    )
    incident_services.incident_step_record(
        actor=actor, incident=incident, kind="provider_informed", happened_at=timezone.now()
    )
    report = incident_services.incident_report_draft(actor=actor, incident=incident, report_type="initial")
    incident_services.incident_report_mark_sent(actor=actor, report=report, sent_at=timezone.now())


def _checklist(document):
    from compliance import catalogue

    return catalogue.checklist(document.request.document_type)


def add_classified_system(actor, name):
    """Another high-risk system of a new vendor, its documents asked for and one received."""
    system = AiSystemFactory(vendor=VendorFactory(organisation=actor.organisation), name=name)
    classify(system)
    services.red_flags_reevaluate_system(system)
    services.document_requests_create_missing(actor=actor, ai_system=system)
    upload(actor, request_for(system, "eu_declaration_of_conformity"))
    return system
