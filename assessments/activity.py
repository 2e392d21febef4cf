"""A system's classifications belong in its "Recent activity" (see core.activity)."""

from assessments.models import Classification
from core.activity import register_related_activity


def _classifications_of(system) -> dict:
    return {"assessments.classification": Classification.objects.filter(ai_system=system).values_list("pk", flat=True)}


register_related_activity("vendors.aisystem", _classifications_of)
