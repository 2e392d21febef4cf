"""The organisation overview on the dashboard (see core.dashboard): risk tiers, documents, red flags."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from assessments.models import RiskTier
from compliance import selectors
from compliance.models import FlagState, RequestStatus, Severity
from core.charts import Bar, bar_chart_svg
from core.dashboard import register_dashboard_panel

# The risk tier badge colours of static/css/app.css, drawn into the SVG so a PDF shows them too.
TIER_COLOURS = {
    RiskTier.PROHIBITED: "#5c0a0a",
    RiskTier.HIGH_RISK: "#c62828",
    RiskTier.LIMITED_RISK: "#ffb300",
    RiskTier.MINIMAL_RISK: "#1a7f37",
    RiskTier.OUT_OF_SCOPE: "#6e7781",
}
UNCLASSIFIED_COLOUR = "#d0d7de"


def _link(name: str, **query) -> str:
    return f"{reverse(name)}?{urlencode(query)}"


def tier_chart(overview: selectors.Overview):
    bars = [Bar(tier.label, overview.tiers.get(tier, 0), TIER_COLOURS[tier]) for tier in RiskTier]
    bars.append(Bar("Not yet classified", overview.unclassified, UNCLASSIFIED_COLOUR))
    return bar_chart_svg(bars, title="AI systems by risk tier")


def document_chart(overview: selectors.Overview):
    bars = [Bar(status.label, overview.documents.get(status, 0)) for status in RequestStatus]
    return bar_chart_svg(bars, title="Documents by state")


@register_dashboard_panel("compliance overview", template="compliance/_dashboard_overview.html", order=20)
def overview_panel(request, organisation) -> dict:
    overview = selectors.organisation_overview(organisation)
    return {
        "overview": overview,
        "tier_chart": tier_chart(overview),
        "document_chart": document_chart(overview),
        "document_rows": [
            (status.label, overview.documents.get(status, 0), _link("compliance:document_list", status=status))
            for status in RequestStatus
            if overview.documents.get(status)
        ],
        # Shaped like a flag, for the shared severity badge.
        "flag_rows": [
            {
                "severity": severity.value,
                "get_severity_display": severity.label,
                "count": overview.open_flags.get(severity, 0),
                "link": _link("compliance:red_flag_list", severity=severity, state=FlagState.OPEN),
            }
            for severity in Severity
        ],
        "open_flags": sum(overview.open_flags.values()),
    }
