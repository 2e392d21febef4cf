"""Apps to the right add panels to the vendor page through vendors.panels.register_vendor_panel."""

from __future__ import annotations

import pytest

from vendors import panels
from vendors.panels import register_vendor_panel


@pytest.fixture
def panel_templates(settings, tmp_path, monkeypatch):
    (tmp_path / "contracts_panel.html").write_text(
        '<section id="contracts">Contracts of {{ vendor }}: {{ n }}</section>'
    )
    (tmp_path / "portal_panel.html").write_text('<section id="portal">Portal</section>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    monkeypatch.setattr(panels.vendor_panels, "_panels", {})


def test_registered_panels_show_on_the_vendor_page_in_order(panel_templates, login, owner, vendor):
    register_vendor_panel("portal", template="portal_panel.html", order=90)(lambda request, vendor: {})
    register_vendor_panel("contracts", template="contracts_panel.html", order=50)(lambda request, vendor: {"n": 2})

    content = login(owner).get(vendor.get_absolute_url()).content.decode()

    assert "Contracts of TalentLens GmbH: 2" in content
    assert content.index('id="contracts"') < content.index('id="portal"') < content.index("Recent activity")


def test_a_panel_with_nothing_to_show_is_left_out(panel_templates, login, owner, vendor):
    register_vendor_panel("contracts", template="contracts_panel.html", order=50)(lambda request, vendor: None)
    assert 'id="contracts"' not in login(owner).get(vendor.get_absolute_url()).content.decode()
