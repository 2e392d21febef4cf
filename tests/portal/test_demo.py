"""The portal demo step sends one link, once."""

import pytest
from django.core import mail

from core.access import Actor
from core.demo import DemoContext
from portal.demo import seed_portal
from tests.factories import ContactFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def context(organisation, members, owner):
    return DemoContext(organisation=organisation, actor=Actor.for_member(owner), members=members)


def test_the_portal_link_is_sent_once(django_capture_on_commit_callbacks, context, organisation):
    vendor = VendorFactory(organisation=organisation, legal_name="TalentLens GmbH")
    ContactFactory(vendor=vendor, email="privacy@talentlens.example", is_primary=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert seed_portal(context) == {"portal links": 1}
        assert seed_portal(context) == {"portal links": 0}
    assert [m.to for m in mail.outbox] == [["privacy@talentlens.example"]]
