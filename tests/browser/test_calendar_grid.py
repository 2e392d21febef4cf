"""The deadline calendar in a real browser: seven equal columns however long the titles, today and overdue marked."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from core.dates import today_in
from core.models import Role
from tests.browser.conftest import browser_login
from tests.conftest import PASSWORD
from tests.deadlines.conftest import make_deadline

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_month_grid_has_equal_columns_and_marks_today_and_overdue(page, live_server, members):
    owner = members[Role.OWNER]
    today = today_in(owner.organisation.time_zone)
    long_title = "Technical documentation summary of the TalentLens Screen candidate ranking system " * 2
    make_deadline(owner.organisation, today, owner=owner, title=long_title)
    yesterday = today - dt.timedelta(days=1)
    late = make_deadline(owner.organisation, yesterday, owner=owner, title="Declaration of conformity due")
    browser_login(page, live_server, "alice", PASSWORD)

    month = yesterday.strftime("%Y-%m")  # yesterday may be last month: show its month
    page.goto(f"{live_server.url}/deadlines/calendar/?month={month}")

    widths = page.locator(".calendar-grid thead th").evaluate_all(
        "cells => cells.map(c => c.getBoundingClientRect().width)"
    )
    assert len(widths) == 7
    assert max(widths) - min(widths) < 1.5, widths
    overdue = page.locator(".calendar-item.overdue")
    expect(overdue).to_have_count(1)
    expect(overdue).to_contain_text(f"Overdue: {late.title}")
    if today.month == yesterday.month:
        marked = page.locator('[aria-current="date"]')
        expect(marked).to_contain_text("Today")
        assert marked.evaluate("e => getComputedStyle(e.closest('td')).backgroundColor") != "rgba(0, 0, 0, 0)"
