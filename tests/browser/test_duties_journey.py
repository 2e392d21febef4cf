"""Deployer duties in a real browser: assign oversight, record the workers' notice, complete the FRIA
section by section, see the red flags clear and the system allowed into use."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assessments.services import classification_save
from compliance.models import FlagState, RedFlag
from core.access import Actor
from core.models import Role
from duties.models import FRIA_ELEMENTS
from tests.browser.conftest import browser_login
from tests.compliance.conftest import PDF_BYTES
from tests.conftest import PASSWORD
from tests.duties.conftest import CREDIT_SCORING
from tests.factories import AiSystemFactory, VendorFactory
from vendors.models import Lifecycle

pytestmark = pytest.mark.django_db(transaction=True)
DUTY_FLAGS = {"fria_missing_before_use", "workers_not_informed_before_use", "no_human_oversight_assigned"}


@pytest.fixture
def credit_system(members):
    officer = members[Role.COMPLIANCE]
    vendor = VendorFactory(organisation=officer.organisation, legal_name="Kreditwerk Scoring AG", country="DE")
    system = AiSystemFactory(vendor=vendor, name="KW Score Consumer", created_by=officer.user)
    answers = {**CREDIT_SCORING, "org.is_employer_using_at_workplace": True}
    classification_save(actor=Actor.for_member(officer), ai_system=system, answers=answers)
    return system


def open_duty_flags(system) -> set[str]:
    live = RedFlag.objects.filter(ai_system=system, state=FlagState.OPEN, code__in=DUTY_FLAGS)
    return set(live.values_list("code", flat=True))


def move_to_use(page, live_server, system):
    page.goto(f"{live_server.url}/vendors/systems/{system.pk}/edit/")
    page.get_by_label("Lifecycle").select_option(Lifecycle.IN_USE)
    page.get_by_role("button", name=re.compile("Save")).click()


def test_deployer_duties_journey(page, live_server, tmp_path, credit_system, members):
    system = credit_system
    assert open_duty_flags(system) == DUTY_FLAGS
    browser_login(page, live_server, "carol", PASSWORD)

    # The system page says what must be done before first use, and the move to "in use" is refused.
    page.goto(f"{live_server.url}{system.get_absolute_url()}")
    pre_use = page.locator("#pre-use-duties")
    expect(pre_use).to_contain_text("Assign human oversight")
    expect(pre_use).to_contain_text("Inform workers")
    expect(pre_use).to_contain_text("Assess the impact on fundamental rights")
    move_to_use(page, live_server, system)
    expect(page.locator(".has-error .error")).to_contain_text("is not done")

    # Human oversight: a competent person with the authority to stop the system.
    page.goto(f"{live_server.url}{system.get_absolute_url()}")
    page.locator("#duties table").get_by_role(
        "link", name="Assign human oversight to competent, trained people with authority"
    ).click()
    page.get_by_label("Person").select_option(label="Alice")
    page.get_by_label("Competence").fill("Head of credit risk, twelve years of credit decisions.")
    page.get_by_label("Training course").fill("Overseeing AI in credit")
    page.get_by_label("Has the authority to stop the system").check()
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_role("status")).to_contain_text("Person assigned")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Done")

    # Workers informed, with the notice file.
    page.goto(f"{live_server.url}{system.get_absolute_url()}")
    page.locator("#duties table").get_by_role("link", name=re.compile("Inform workers")).click()
    page.get_by_label("Workers and their representatives informed on").fill("2026-11-02")
    page.get_by_label("How they were informed").fill("Works council meeting and a letter to the credit team.")
    notice = tmp_path / "notice to workers.pdf"
    notice.write_bytes(PDF_BYTES)
    page.get_by_label("File").set_input_files(notice)
    page.get_by_role("button", name="Save record").click()
    expect(page.get_by_role("status")).to_contain_text("Record saved.")
    expect(page.get_by_role("link", name="notice to workers.pdf")).to_be_visible()

    # The FRIA, one element at a time (htmx swaps the section in place).
    page.goto(f"{live_server.url}{system.get_absolute_url()}")
    page.get_by_role("link", name="Start the FRIA").click()
    page.get_by_role("button", name="Start").click()
    for field, letter, title, _prompt in FRIA_ELEMENTS:
        box = page.get_by_label(f"({letter}) {title}")
        box.fill(f"Our answer on {title.lower()} for consumer credit scoring.")
        page.get_by_role("button", name=re.compile(r"^Save")).click()
        if field != FRIA_ELEMENTS[-1][0]:
            following = FRIA_ELEMENTS[[e[0] for e in FRIA_ELEMENTS].index(field) + 1]
            expect(page.locator('[aria-current="step"]')).to_contain_text(following[2])
    page.get_by_label("Reviewers").select_option(label="Larry")
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_role("status")).to_contain_text("Sent for review.")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text("FRIA approved.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Approved")

    # The flags have cleared and the system may now be used.
    assert open_duty_flags(system) == set()
    page.goto(f"{live_server.url}{system.get_absolute_url()}")
    expect(page.locator("#pre-use-duties")).to_have_count(0)
    move_to_use(page, live_server, system)
    expect(page.get_by_role("status")).to_be_visible()
    system.refresh_from_db()
    assert system.lifecycle == Lifecycle.IN_USE
