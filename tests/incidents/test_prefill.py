"""The organisation's SME setting pre-fills the classifier's org.is_sme (assessments.prefill)."""

from __future__ import annotations

import pytest

from assessments.prefill import prefills_for
from assessments.rulepack import default_pack

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"is_sme": True}, True),
        ({"worldwide_turnover_eur": 900_000_000}, False),
        ({"is_small_mid_cap": True}, False),
        ({}, None),
    ],
)
def test_the_sme_setting_pre_fills_the_questionnaire(system, organisation, values, expected):
    for name, value in values.items():
        setattr(organisation, name, value)
    organisation.save()
    system.refresh_from_db()
    prefill = prefills_for(system, default_pack()).get("org.is_sme")
    assert (prefill.value if prefill else None) is expected
    if prefill:
        assert "our organisation's settings" in prefill.source
