"""The classification panel of the AI system page (see vendors.panels)."""

from __future__ import annotations

from assessments import selectors
from assessments.models import ClassificationDraft
from assessments.rulepack import default_pack
from core.web import actor_of
from vendors.panels import register_system_panel
from vendors.services import can_edit


@register_system_panel("classification", template="assessments/_system_classification_panel.html", order=10)
def classification_panel(request, system) -> dict:
    current = selectors.current_classification(system)
    return {
        "current_classification": current,
        # Saved with an older pack: the re-classification page says whether the newest would differ.
        "newest_pack": default_pack() if current and current.pack_sha256 != default_pack().sha256 else None,
        "classification_draft": ClassificationDraft.objects.filter(ai_system=system)
        .select_related("updated_by")
        .first(),
        "can_classify": can_edit(actor_of(request), system),
    }
