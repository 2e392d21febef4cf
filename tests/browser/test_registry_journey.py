"""The registry in a real browser: a compliance officer's day, an auditor's limits, an outsider's wall."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core.models import Role
from tests.browser.conftest import browser_login
from tests.conftest import PASSWORD
from vendors.models import AiSystem, Vendor

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_compliance_officer_registers_a_vendor_and_a_system_and_sees_it_in_the_audit_log(page, live_server, members):
    browser_login(page, live_server, "carol", PASSWORD)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Vendors").click()
    page.get_by_role("link", name="Add vendor").first.click()
    page.get_by_label("Legal name").fill("Lumen Analytics GmbH")
    page.get_by_label("Country").select_option("DE")
    page.get_by_role("button", name="Add vendor").click()
    expect(page.get_by_role("status")).to_contain_text("Lumen Analytics GmbH")
    vendor = Vendor.objects.get(legal_name="Lumen Analytics GmbH")

    # The same name again, in other letter case: refused inline, nothing written.
    page.goto(f"{live_server.url}{reverse('vendors:vendor_create')}")
    page.get_by_label("Legal name").fill("lumen analytics gmbh")
    page.get_by_label("Country").select_option("DE")
    page.get_by_role("button", name="Add vendor").click()
    expect(page.locator(".has-error .error")).to_contain_text("already exists")
    assert Vendor.objects.filter(legal_name__iexact="lumen analytics gmbh").count() == 1

    page.goto(f"{live_server.url}{vendor.get_absolute_url()}")
    page.get_by_role("link", name="Add AI system").click()
    expect(page.get_by_label("Vendor", exact=True)).to_have_value(str(vendor.pk))
    page.get_by_label("Name", exact=True).fill("CV Screener")
    page.get_by_label("Intended purpose").fill("Ranks job applications for recruiters.")
    page.get_by_role("button", name=re.compile("AI system")).click()
    expect(page.get_by_role("status")).to_contain_text("CV Screener")
    system = AiSystem.objects.get(name="CV Screener")

    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Lifecycle").select_option("in_use")
    page.get_by_role("button", name=re.compile("Save")).click()
    expect(page.get_by_role("status")).to_contain_text("saved")
    system.refresh_from_db()
    assert system.lifecycle == "in_use"

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").click()
    log = page.locator("table.table tbody")
    # The log reads as sentences; the action code stays in the cell's tooltip.
    for code, sentence in (
        ("vendors.vendor.created", "Added the vendor Lumen Analytics GmbH"),
        ("vendors.ai_system.created", "Added the AI system"),
        ("vendors.ai_system.updated", "Edited the AI system"),
    ):
        row = log.get_by_role("row").filter(has_text=sentence).filter(has_text="carol")
        expect(row).to_have_count(1)
        expect(row.locator(f'td[title="{code}"]')).to_have_count(1)

    update_row = log.get_by_role("row").filter(has_text="Edited the AI system")
    update_row.get_by_role("link", name=re.compile(r"Event \d+")).click()
    changes = page.get_by_role("row").filter(has_text="lifecycle")
    expect(changes).to_contain_text("evaluating")
    expect(changes).to_contain_text("in_use")


def test_an_auditor_sees_no_create_or_edit_buttons_and_is_refused_the_create_page(page, live_server, members):
    vendor = Vendor.objects.create(
        organisation=members[Role.OWNER].organisation, legal_name="Seen Only SA", country="FR"
    )
    browser_login(page, live_server, "audrey", PASSWORD)

    page.goto(f"{live_server.url}{reverse('vendors:vendor_list')}")
    expect(page.get_by_role("link", name="Seen Only SA")).to_be_visible()
    expect(page.get_by_role("link", name="Add vendor")).to_have_count(0)

    page.goto(f"{live_server.url}{vendor.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Seen Only SA")
    expect(page.locator(".page-actions").get_by_role("link")).to_have_count(0)

    response = page.goto(f"{live_server.url}{reverse('vendors:vendor_create')}")
    assert response.status == 403


def test_a_member_of_another_organisation_gets_not_found_for_our_vendor(page, live_server, members, outsider):
    vendor = Vendor.objects.create(organisation=members[Role.OWNER].organisation, legal_name="Private BV", country="NL")
    browser_login(page, live_server, "oscar", PASSWORD)

    response = page.goto(f"{live_server.url}{vendor.get_absolute_url()}")
    assert response.status == 404
    expect(page.get_by_text("Private BV")).to_have_count(0)
