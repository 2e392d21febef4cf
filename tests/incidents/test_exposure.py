"""The exposure-source registry that upper apps (duties) register into, and the summary the page shows."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from incidents import exposure
from incidents.exposure import Exposure, Found, register_exposure_source
from incidents.penalties import exposure_summary

pytestmark = pytest.mark.django_db


def test_a_source_code_registered_twice_stops_start_up():
    with pytest.raises(ImproperlyConfigured):
        register_exposure_source("incident_reports_late", "Again", lambda organisation, limit: Found([], 0))


def test_problems_are_grouped_by_kind_counted_in_full_and_member_state_fines_kept_apart(organisation):
    transparency = exposure.ExposureSource(
        "transparency",
        "Transparency duties without evidence",
        lambda organisation, limit: Found(
            [Exposure("Chatbot without AI notice", "Art 50(1)", "operator_obligation")], 7
        ),
    )
    fria = exposure.ExposureSource(
        "fria",
        "FRIA missing",
        lambda organisation, limit: Found([Exposure("No FRIA for credit scoring", "Art 27", None)], 1),
    )
    organisation.worldwide_turnover_eur = 1_000_000_000
    findings = [(source, source.loader(organisation, 20)) for source in (transparency, fria)]
    summary = exposure_summary(organisation, findings)
    [tier] = summary.tiers
    assert (tier.ceiling["article"], tier.ceiling["max_fine_eur"], tier.total, tier.more) == (
        "Art 99(4)",
        30_000_000,
        7,
        6,
    )
    assert [problem.title for problem in summary.national] == ["No FRIA for credit scoring"]
    assert summary.problem_count == 8 and summary.factors_article == "Art 99(7)"
