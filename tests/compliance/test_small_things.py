"""Issue 16 item 17: safe defaults, the registry in the menu, error pages with a way back, honest notes."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from compliance import services
from compliance.models import FlagState, RedFlag
from core.models import Role
from tests.factories import ClassificationFactory

pytestmark = pytest.mark.django_db


def test_a_new_member_is_offered_the_least_privileged_role(login, owner):
    form = login(owner).get(reverse("members")).context["invite_form"]
    assert form["role"].value() == Role.AUDITOR
    assert 'value="auditor" selected' in str(form["role"])


def test_the_notified_body_registry_is_in_the_menu(login, auditor):
    html = login(auditor).get(reverse("dashboard")).content.decode()
    menu = html[html.index('<nav class="sidenav"') : html.index("</nav>", html.index('<nav class="sidenav"'))]
    assert f'href="{reverse("compliance:notified_body_list")}"' in menu and "Notified bodies" in menu


def test_a_missing_page_is_styled_with_a_way_back(login, owner, settings):
    settings.DEBUG = False
    response = login(owner).get("/vendors/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and f'href="{reverse("dashboard")}"' in html and 'class="sidenav"' in html


def test_a_forbidden_action_is_styled_and_says_who_can_help(login, auditor, settings):
    settings.DEBUG = False
    response = login(auditor).get(reverse("vendors:vendor_create"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your role may not do this" in html and "Members page" in html and "Back to the dashboard" in html


def test_a_server_error_page_has_a_way_back(settings):
    settings.DEBUG = False
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html and 'href="/"' in html and "/static/css/app.css" in html


@pytest.mark.parametrize(("site_url", "warned"), [("http://127.0.0.1:8000", True), ("https://tracker.example", False)])
def test_the_feed_page_says_links_need_site_url(login, owner, settings, site_url, warned):
    settings.SITE_URL = site_url
    text = " ".join(login(owner).get(reverse("deadlines:calendar_feed")).content.decode().split())
    assert f"Links in the events open {site_url}." in text
    assert ("only works on the server itself" in text) is warned


@pytest.fixture
def flags(system, owner_actor):
    ClassificationFactory(ai_system=system)
    services.red_flags_reevaluate_system(system)
    resolved = RedFlag.objects.filter(ai_system=system).first()
    RedFlag.objects.filter(pk=resolved.pk).update(state=FlagState.RESOLVED)
    return RedFlag.objects.filter(ai_system=system)


def test_the_red_flag_list_shows_open_flags_unless_asked(login, owner, flags):
    client = login(owner)

    def shown(**query):
        return {flag.pk for flag in client.get(reverse("compliance:red_flag_list"), query).context["page_obj"]}

    open_ids = {f.pk for f in flags if f.state == FlagState.OPEN}
    assert open_ids and shown() == open_ids == shown(state="open")
    assert shown(state="resolved") == {f.pk for f in flags if f.state == FlagState.RESOLVED}
    assert shown(state="any") == {f.pk for f in flags}
    form = client.get(reverse("compliance:red_flag_list")).context["filter"].form
    assert '<option value="any">Any state</option>' in str(form["state"])


def test_the_api_still_lists_every_flag_state(api_client_for, owner, flags):
    results = api_client_for(owner).get("/api/v1/red-flags/").json()["results"]
    assert {r["state"] for r in results} == {FlagState.OPEN, FlagState.RESOLVED}
