"""The vendor page's panel: the questionnaire's progress, the portal links sent and what the vendor wrote."""

from __future__ import annotations

from django.utils import timezone

from core.access import Capability, role_can
from portal.models import PortalComment, PortalLink
from procurement.questionnaire import QUESTIONS, answered_count
from procurement.questionnaire_views import stored_answers
from vendors.panels import register_vendor_panel

LINKS_SHOWN = 5
COMMENTS_SHOWN = 10


@register_vendor_panel("portal", template="portal/_vendor_panel.html", order=90)
def vendor_portal_panel(request, vendor) -> dict:
    links = list(PortalLink.objects.filter(vendor=vendor).order_by("-created_at", "-pk")[:LINKS_SHOWN])
    comments = PortalComment.objects.filter(link__vendor=vendor).select_related("request__ai_system", "link")
    comments = list(comments.order_by("-created_at", "-pk")[:COMMENTS_SHOWN])
    return {
        "answered": answered_count(stored_answers(vendor)),
        "question_count": len(QUESTIONS),
        "links": links,
        "comments": comments,
        "now": timezone.now(),
        "can_send": role_can(request.membership.role, Capability.MANAGE_REGISTRY),
    }
