"""Conformity documents in a real browser: from a high-risk classification to a verified declaration."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assessments.demo import DEMO_ANSWERS
from assessments.services import classification_save
from compliance import catalogue, services
from compliance.models import FlagState, RedFlag, RequestStatus
from core.access import Actor
from core.models import Role
from tests.browser.conftest import browser_login
from tests.compliance.conftest import PDF_BYTES
from tests.conftest import PASSWORD
from tests.factories import AiSystemFactory, VendorFactory

pytestmark = pytest.mark.django_db(transaction=True)

DECLARATION = "eu_declaration_of_conformity"
DECLARATION_MISSING = "We do not hold the EU declaration of conformity"


@pytest.fixture
def high_risk_system(members):
    officer = members[Role.COMPLIANCE]
    vendor = VendorFactory(organisation=officer.organisation, legal_name="TalentLens GmbH", country="DE")
    system = AiSystemFactory(vendor=vendor, name="TalentLens Screen")
    classification_save(actor=Actor.for_member(officer), ai_system=system, answers=DEMO_ANSWERS["TalentLens Screen"])
    return system


def test_a_compliance_officer_collects_and_verifies_the_declaration(page, live_server, tmp_path, high_risk_system):
    system = high_risk_system
    due = services.request_due_date(system.organisation)
    browser_login(page, live_server, "carol", PASSWORD)

    page.goto(f"{live_server.url}{system.get_absolute_url()}")
    page.get_by_role("button", name=re.compile(r"Request missing documents \(\d+\)")).click()
    expect(page.get_by_role("status")).to_contain_text(f"due {due.day} {due:%b %Y}")
    documents = page.locator("#documents")
    declaration_row = documents.get_by_role("row").filter(has_text=catalogue.label(DECLARATION))
    expect(declaration_row).to_contain_text("Requested")
    expect(declaration_row).to_contain_text(f"due {due.day} {due:%b %Y}")
    expect(page.locator("#red-flags")).to_contain_text(DECLARATION_MISSING)

    declaration_row.get_by_role("link", name=catalogue.label(DECLARATION)).click()

    # A text file renamed .pdf is refused on the field, and nothing is received.
    fake = tmp_path / "declaration.pdf"
    fake.write_text("This is not a PDF, only its name says so.\n")
    page.get_by_role("region", name="Files").get_by_label("File").set_input_files(fake)
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.locator(".has-error .error")).to_contain_text("rename it")

    real = tmp_path / "EU declaration of conformity.pdf"
    real.write_bytes(PDF_BYTES)
    page.get_by_role("region", name="Files").get_by_label("File").set_input_files(real)
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Document received.")
    expect(page.get_by_role("link", name="EU declaration of conformity.pdf")).to_be_visible()

    page.get_by_label("Issuer").fill("TalentLens GmbH")
    page.get_by_label("Signatory name").fill("Dr. Eva Klein")
    page.get_by_label("Signatory function").fill("Managing Director")
    page.get_by_label("Issued on").fill("2026-03-01")
    page.get_by_label("Place of issue").fill("Berlin")
    page.get_by_label("Assessment procedure").select_option("annex_vi")
    page.get_by_label("CE marking", exact=True).select_option("digital")
    page.get_by_role("button", name="Save facts").click()
    expect(page.get_by_role("status")).to_contain_text("Facts recorded.")

    for item in catalogue.checklist(DECLARATION):
        page.get_by_label(f"Outcome of “{item.text}”").select_option("pass" if item.mandatory else "na")
    page.get_by_role("button", name="Save checklist").click()
    expect(page.get_by_role("status")).to_contain_text("Checklist saved.")

    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("status")).to_contain_text("Verified. Review again by")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verified")

    page.goto(f"{live_server.url}{system.get_absolute_url()}")
    expect(page.locator("#documents").get_by_role("row").filter(has_text=catalogue.label(DECLARATION))).to_contain_text(
        "Verified"
    )
    expect(page.locator("#red-flags")).not_to_contain_text(DECLARATION_MISSING)
    flag = RedFlag.objects.get(ai_system=system, code="declaration_missing")
    assert flag.state == FlagState.RESOLVED
    assert flag.resolved_at is not None
    assert system.document_requests.get(document_type=DECLARATION).status == RequestStatus.VERIFIED
