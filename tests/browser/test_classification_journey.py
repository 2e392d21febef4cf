"""Classifying a CV screener in a real browser: one officer starts, a colleague resumes and saves.

The answers make it a high-risk Annex III system (point 4(a), profiling, used by us as an
employer), so the result page must show Art 26 with its omnibus date and the documents to collect.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Classification, ClassificationDraft
from core.models import Role
from tests.assessments.conftest import make_system
from tests.browser.conftest import browser_login
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

PREVIEW_URL = re.compile(r"/classify/preview/$")


def question(page: Page, text: str):
    """A question's fieldset, found by its legend as a screen reader announces it."""
    return page.get_by_role("group", name=text)


def answer(page: Page, text: str, option: str, exact: bool = True) -> None:
    """Tick an option and wait until htmx has redrawn the section from the server's preview."""
    with page.expect_response(PREVIEW_URL):
        question(page, text).get_by_label(option, exact=exact).check()
    # A locator, not wait_for_function: the Content-Security-Policy forbids the eval the latter uses.
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)


def expect_section(page: Page, title: str, position: int, total: int = 7) -> None:
    """Sections appear as the answers make them relevant: an Annex III use adds the market history one."""
    progress = page.get_by_role("list", name="Questionnaire progress")
    expect(progress.locator("[aria-current=step]")).to_have_text(title)
    expect(page.get_by_text(re.compile(rf"Section {position} of {total}"))).to_be_visible()


def test_an_officer_starts_a_classification_and_the_owner_resumes_and_saves_it(new_page, live_server, members):
    system = make_system(members[Role.OWNER].organisation, name="CV Screener")
    officer = new_page()
    browser_login(officer, live_server, "carol", PASSWORD)

    officer.goto(f"{live_server.url}{system.get_absolute_url()}")
    officer.get_by_role("link", name="Classify", exact=True).click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Classify CV Screener")
    expect_section(officer, "Scope", 1, total=6)
    expect(officer.get_by_role("note")).to_contain_text("does not replace, legal advice")
    answer(officer, "Is it an AI system?", "Yes")
    answer(officer, "Is it placed on the EU market", "Yes")
    answer(officer, "Does one of the Act's exclusions apply?", "None of these")
    officer.get_by_role("button", name=re.compile("^Next: Prohibited practices")).click()

    expect_section(officer, "Prohibited practices", 2, total=6)
    officer.get_by_role("button", name=re.compile("^Next: Use case")).click()

    expect_section(officer, "Use case", 3, total=6)
    questionnaire_url = officer.url
    officer.evaluate("window.__marker = 1")
    art6_3 = question(officer, "Does the system only do one of these things?")
    expect(art6_3).to_have_count(0)
    answer(officer, "Is the system intended for any of these uses?", "Recruitment or selection", exact=False)
    # Branching came from htmx: the Art 6(3) questions appeared, and the document was never reloaded.
    expect(art6_3).to_be_visible()
    assert officer.evaluate("window.__marker") == 1
    assert officer.url == questionnaire_url
    answer(officer, "Does the system profile natural persons?", "Yes")
    officer.get_by_role("button", name="Save draft and exit").click()

    expect(officer.get_by_role("status")).to_contain_text("Draft saved")
    draft = ClassificationDraft.objects.get(ai_system=system)
    assert draft.answers["system.annex_iii_points"] == ["4a"]
    assert draft.answers["system.profiles_natural_persons"] is True
    assert draft.updated_by.username == "carol"

    owner = new_page()
    browser_login(owner, live_server, "alice", PASSWORD)
    owner.goto(f"{live_server.url}{system.get_absolute_url()}")
    expect(owner.locator("#classification")).to_contain_text("A draft was last saved by carol")
    owner.get_by_role("link", name="Resume questionnaire").click()

    expect_section(owner, "Use case", 3)
    uses = question(owner, "Is the system intended for any of these uses?")
    expect(uses.get_by_label("Recruitment or selection")).to_be_checked()
    expect(question(owner, "Does the system profile natural persons?").get_by_label("Yes", exact=True)).to_be_checked()
    owner.get_by_role("button", name=re.compile("^Next: Transparency")).click()

    expect_section(owner, "Transparency", 4)
    owner.get_by_role("button", name=re.compile("^Next: General-purpose AI model")).click()

    expect_section(owner, "General-purpose AI model", 5)
    answer(owner, "Is the offering a general-purpose AI model", "No")
    owner.get_by_role("button", name=re.compile("^Next: Our organisation")).click()

    expect_section(owner, "Our organisation", 6)
    # What the register knows is pre-filled and marked: the vendor of make_system is in Germany.
    vendor_question = question(owner, "Is the provider of the system or model (our vendor) established in the EU?")
    expect(vendor_question).to_contain_text("Pre-filled")
    expect(vendor_question.get_by_label("Yes", exact=True)).to_be_checked()
    employer = question(owner, "Do we use it at the workplace, as an employer?")
    expect(employer).to_have_count(0)
    answer(owner, "Do we use the system professionally, under our own authority?", "Yes")
    answer(owner, "Do we use it at the workplace, as an employer?", "Yes")
    owner.get_by_role("button", name=re.compile("^Next: When it reached the market")).click()

    expect_section(owner, "When it reached the market", 7)
    owner.get_by_role("button", name=re.compile("^Review answers")).click()

    expect(owner.get_by_role("heading", level=1)).to_have_text("Review the answers for CV Screener")
    expect(owner.locator(".preview")).to_contain_text("High-risk")
    owner.get_by_label("Note (why this classification is made)").fill("Screens applicants for our HR team.")
    owner.get_by_role("button", name="Save classification").click()

    expect(owner.get_by_role("status")).to_contain_text("Classification saved")
    snapshot = Classification.objects.get(ai_system=system)
    assert snapshot.risk_tier == "high_risk" and snapshot.created_by.username == "alice"
    assert not ClassificationDraft.objects.filter(ai_system=system).exists()
    expect_result_page(owner)

    owner.get_by_role("link", name="CV Screener").first.click()
    panel = owner.locator("#classification")
    expect(panel).to_contain_text("High-risk")
    expect(panel).to_contain_text("Annex III 4a")
    expect(panel.get_by_role("link", name="Reclassify")).to_be_visible()


def expect_result_page(page: Page) -> None:
    expect(page.locator(".result-summary .badge")).to_have_text("High-risk")
    obligations = page.get_by_role("region", name="Obligations")
    art26 = obligations.get_by_role("row").filter(has=page.get_by_role("cell", name="Art 26", exact=True))
    expect(art26).to_have_count(1)
    expect(art26.locator("time")).to_have_attribute("datetime", "2027-12-02")
    expect(art26).to_contain_text("2 Dec 2027")

    documents = page.get_by_role("region", name="Documents to collect").get_by_role("listitem")
    # Words on the page, the stable code in the tooltip.
    expect(documents.filter(has_text="Data protection impact assessment")).to_have_count(1)
    expect(documents.filter(has_text="EU declaration of conformity")).to_have_count(1)
    expect(documents.filter(has_text="EU declaration of conformity")).to_have_attribute(
        "title", "eu_declaration_of_conformity"
    )

    why = page.get_by_role("region", name="Why")
    expect(why.get_by_role("listitem").filter(has_text="Art 6(2), Annex III point 4(a)").first).to_be_visible()
    expect(why).to_contain_text("Art 26(9)")

    expect(page.get_by_role("note")).to_contain_text("Supports, does not replace, legal advice")
