"""Demo procurement requests: the requester asks for a few of the demo systems; one is decided.

Everything goes through the services; a system that already has a request is skipped, so a
second run creates nothing new.
"""

from __future__ import annotations

from core.demo import DemoContext, register_demo_step
from core.models import Role
from procurement import gates, services
from procurement.models import Decision, ProcurementRequest
from vendors.models import AiSystem

REQUESTS = {
    "TalentLens Screen": {
        "business_need": "Pre-screen the 4,000 applications a year for store manager roles.",
        "intended_users": "Recruiters in HR, on job applicants.",
        "personal_data": True,
        "data_description": "CVs, cover letters, assessment answers.",
        "countries": ["DE", "AT"],
        "workplace_use": True,
    },
    "Brightdesk Assist": {
        "business_need": "Answer customers' first-level questions in the web shop's chat.",
        "intended_users": "Customer service, on shoppers.",
        "personal_data": True,
        "data_description": "Order numbers, names, chat messages.",
        "countries": ["DE", "FR", "NL"],
        "public_use": True,
    },
    "Lumen Shelf Insights": {
        "business_need": "Detect empty shelves from store camera images.",
        "intended_users": "Store managers.",
        "countries": ["DE"],
    },
}
# Approved at once when nothing blocks it (a limited-risk chatbot, in the demo's classifications).
APPROVED = "Brightdesk Assist"


@register_demo_step(order=80)
def seed_procurement(context: DemoContext) -> dict[str, int]:
    """Procurement requests"""
    if Role.REQUESTER not in context.members:
        return {}
    requester = context.actor_for(Role.REQUESTER)
    created = decided = 0
    systems = AiSystem.objects.filter(organisation=context.organisation, name__in=REQUESTS, archived_at__isnull=True)
    for system in systems.select_related("vendor"):
        if ProcurementRequest.objects.filter(ai_system=system).exists():
            continue
        request = services.procurement_request_create(actor=requester, ai_system=system, data=REQUESTS[system.name])
        created += 1
        if system.name == APPROVED and Role.APPROVER in context.members and gates.evaluate(request).approvable:
            services.procurement_request_decide(
                actor=context.actor_for(Role.APPROVER),
                request=request,
                decision=Decision.APPROVED,
                reason="Limited risk: the transparency notice is in the chat window.",
            )
            decided += 1
    return {"procurement requests": created, "decisions": decided}
