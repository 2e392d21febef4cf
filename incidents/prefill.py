"""The classification questionnaire's `org.is_sme`, pre-filled from the organisation's penalty settings."""

from __future__ import annotations

from assessments.prefill import Prefill, register_prefill


@register_prefill("org.is_sme")
def organisation_is_sme(system) -> Prefill | None:
    """SME when the owner says so; not one when the owner filled the settings otherwise; else unknown."""
    organisation = system.organisation
    if organisation.is_sme:
        return Prefill("org.is_sme", True, "our organisation's settings (SME or start-up)")
    if organisation.worldwide_turnover_eur is not None or organisation.is_small_mid_cap:
        return Prefill("org.is_sme", False, "our organisation's settings (not an SME)")
    return None
