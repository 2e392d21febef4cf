from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from core.audit import verify_chain
from core.models import AuditEvent, Membership, Organisation, Role
from vendors.models import AiSystem, Contact, GpaiModel, Vendor

pytestmark = pytest.mark.django_db

COUNTED = [Organisation, Membership, get_user_model(), Vendor, Contact, GpaiModel, AiSystem, AuditEvent]


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_it_creates_the_demo_organisations_with_one_login_per_role():
    output = seed()

    northwind = Organisation.objects.get(slug="northwind")
    assert (northwind.name, northwind.country, northwind.time_zone) == (
        "Northwind Retail Group",
        "DE",
        "Europe/Berlin",
    )
    roles = dict(Membership.objects.filter(organisation=northwind).values_list("user__username", "role"))
    assert roles == {role.value: role.value for role in Role}  # usernames are the role names
    assert Membership.objects.get(organisation__slug="contoso").user.username == "contoso"
    assert get_user_model().objects.get(username="auditor").check_password("demo-password-2026")
    assert "auditor" in output
    assert "demo-password-2026" in output


def test_it_seeds_the_procurement_scenarios_through_the_services():
    seed()

    northwind = Organisation.objects.get(slug="northwind")
    helix = Vendor.objects.get(organisation=northwind, legal_name="Helix Frontier AI, Inc.")
    assert helix.has_eu_representative
    frontier = GpaiModel.objects.get(vendor=helix, name="Helix-4")
    assert (frontier.training_compute_flop, frontier.code_of_practice_signatory) == (3e25, "yes")
    assert frontier.presumed_systemic_risk
    assert AiSystem.objects.get(organisation=northwind, name="Brightdesk Assist").gpai_model == frontier
    assert Vendor.objects.get(
        organisation=northwind, legal_name="Lumen Retail Analytics Co., Ltd."
    ).lacks_eu_representative
    assert Vendor.objects.get(organisation=northwind, legal_name="Kreditwerk Scoring AG").parent.legal_name == (
        "Kreditwerk Holding SE"
    )
    assert AiSystem.objects.filter(organisation__slug="contoso").exists()
    created_events = AuditEvent.objects.filter(organisation=northwind, action="vendors.vendor.created")
    assert created_events.count() == Vendor.objects.filter(organisation=northwind).count()
    assert set(created_events.values_list("actor_label", flat=True)) == {"compliance"}


def test_running_it_twice_creates_nothing_new_and_keeps_the_audit_chains_intact():
    seed()
    before = counts()

    output = seed()

    assert counts() == before
    assert "nothing new" in output
    assert "owner" in output and "demo-password-2026" in output  # logins printed again
    for organisation in Organisation.objects.all():
        assert verify_chain(organisation) is None


def test_it_does_not_reset_a_changed_password():
    seed()
    user = get_user_model().objects.get(username="legal")
    user.set_password("a-new-and-private-password")
    user.save()

    seed()

    user.refresh_from_db()
    assert user.check_password("a-new-and-private-password")
