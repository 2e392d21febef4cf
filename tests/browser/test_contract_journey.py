"""Legal records a contract in a real browser, marks its clauses, sees the flags clear and downloads the schedule."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.demo import DEMO_ANSWERS
from assessments.services import classification_save
from core.access import Actor
from core.models import Role
from tests.browser.conftest import browser_login
from tests.conftest import PASSWORD
from tests.factories import AiSystemFactory, VendorFactory

pytestmark = pytest.mark.django_db(transaction=True)

NO_CONTRACT = "without a recorded contract"
CLAUSE_MISSING = "lacks a critical AI Act clause"


@pytest.fixture
def high_risk_system(members):
    officer = members[Role.COMPLIANCE]
    vendor = VendorFactory(organisation=officer.organisation, legal_name="TalentLens GmbH", country="DE")
    system = AiSystemFactory(vendor=vendor, name="TalentLens Screen", lifecycle="in_use")
    classification_save(actor=Actor.for_member(officer), ai_system=system, answers=DEMO_ANSWERS["TalentLens Screen"])
    return system


def test_legal_records_a_contract_marks_clauses_and_downloads_the_schedule(page, live_server, high_risk_system):
    system = high_risk_system
    browser_login(page, live_server, "larry", PASSWORD)
    page.goto(f"{live_server.url}{system.get_absolute_url()}")
    expect(page.locator("#red-flags")).to_contain_text(NO_CONTRACT)

    page.goto(f"{live_server.url}{system.vendor.get_absolute_url()}")
    page.locator("#contracts").get_by_role("link", name="Record a contract").click()
    page.get_by_label("Title").fill("TalentLens SaaS agreement")
    page.get_by_label("Starts on").fill("2026-01-01")
    page.get_by_label("Ends on").fill("2027-12-31")
    page.get_by_label("Notice period (days)").fill("90")
    page.get_by_role("button", name="Record the contract").click()
    expect(page.get_by_role("status")).to_contain_text("Recorded TalentLens SaaS agreement")

    page.goto(f"{live_server.url}{system.get_absolute_url()}")
    flags = page.locator("#red-flags")
    expect(flags).not_to_contain_text(NO_CONTRACT)
    expect(flags).to_contain_text(CLAUSE_MISSING)

    page.go_back()
    present = page.locator("table").get_by_role("button", name="Present", exact=True)
    remaining = present.count()
    assert remaining > 0
    while remaining:
        present.first.click()  # one click, swapped in place by htmx
        remaining -= 1
        expect(present).to_have_count(remaining)
    page.reload()
    expect(page.get_by_text("Every required clause is present or waived.")).to_be_visible()

    page.goto(f"{live_server.url}{system.get_absolute_url()}")
    expect(page.locator("#red-flags")).not_to_contain_text(CLAUSE_MISSING)

    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("link", name="Allocation schedule (PDF)").click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "Art 26" in text and "Deployer" in text and "TalentLens GmbH" in text
