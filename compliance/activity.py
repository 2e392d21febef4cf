"""A system's (or vendor's) document requests, documents and red flags belong in its "Recent activity"."""

from compliance.models import Document, DocumentRequest, RedFlag
from core.activity import register_related_activity


def _compliance_of(**subject) -> dict:
    requests = DocumentRequest.objects.filter(**subject).values_list("pk", flat=True)
    return {
        "compliance.documentrequest": requests,
        "compliance.document": Document.objects.filter(request__in=requests).values_list("pk", flat=True),
        "compliance.redflag": RedFlag.objects.filter(**subject).values_list("pk", flat=True),
    }


register_related_activity("vendors.aisystem", lambda system: _compliance_of(ai_system=system))
register_related_activity("vendors.vendor", lambda vendor: _compliance_of(vendor=vendor, ai_system=None))
