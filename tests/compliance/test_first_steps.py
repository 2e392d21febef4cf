"""Issue 16 item 18: a new organisation's dashboard says what to do first, with links, until it is done."""

import pytest
from django.urls import reverse

from compliance.models import NotifiedBody
from core.models import Role
from tests.factories import AiSystemFactory, ClassificationFactory, VendorFactory

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def test_a_new_organisation_is_told_what_to_do_first(login, owner):
    html = text_of(login(owner).get(reverse("dashboard")))

    assert "First steps" in html
    assert f'<a href="{reverse("vendors:vendor_create")}">Add your first vendor</a>' in html
    assert f'<a href="{reverse("vendors:system_create")}">Add an AI system</a>' in html
    assert f'<a href="{reverse("compliance:notified_body_list")}">See how to import them</a>' in html


def test_steps_done_are_ticked_and_the_panel_leaves_when_all_are(login, owner, organisation):
    client = login(owner)
    vendor = VendorFactory(organisation=organisation)
    html = text_of(client.get(reverse("dashboard")))
    assert "<s>Add a vendor</s>" in html and "Add your first vendor" not in html

    ClassificationFactory(ai_system=AiSystemFactory(vendor=vendor))
    NotifiedBody.objects.create(number="0123", name="TÜV Example", country="DE", ai_act=True)
    assert "First steps" not in text_of(client.get(reverse("dashboard")))


def test_a_read_only_member_is_not_sent_to_pages_it_cannot_use(login, members):
    html = text_of(login(members[Role.AUDITOR]).get(reverse("dashboard")))
    assert "First steps" in html and "Add your first vendor" not in html
    assert "Your role reads only" in html
