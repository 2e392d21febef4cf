"""Demo portal link: compliance sends TalentLens's DPO a link for its overdue documents.

Skipped when the vendor already has a link, so a second run sends nothing.
"""

from __future__ import annotations

from core.demo import DemoContext, register_demo_step
from core.models import Role
from portal import services
from portal.models import PortalLink
from vendors.models import Contact


@register_demo_step(order=90)
def seed_portal(context: DemoContext) -> dict[str, int]:
    """Vendor portal links"""
    contact = (
        Contact.objects.filter(organisation=context.organisation, vendor__legal_name__startswith="TalentLens")
        .exclude(email="")
        .select_related("vendor")
        .order_by("-is_primary", "pk")
        .first()
    )
    if contact is None or Role.COMPLIANCE not in context.members:
        return {}
    if PortalLink.objects.filter(vendor=contact.vendor).exists():
        return {"portal links": 0}
    services.portal_link_send(actor=context.actor_for(Role.COMPLIANCE), vendor=contact.vendor, email=contact.email)
    return {"portal links": 1}
