"""seed_demo runs the demo steps apps register, in order, once per demo organisation."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils.module_loading import autodiscover_modules

from core import demo
from core.demo import register_demo_step
from core.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def scratch_steps(monkeypatch):
    """Only the test's own steps run; the apps' steps stay registered for the other tests."""
    autodiscover_modules("demo")
    monkeypatch.setattr(demo, "_STEPS", {})


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_steps_run_in_order_per_organisation_with_its_members(scratch_steps):
    calls = []

    @register_demo_step(order=60)
    def seed_incidents(context):
        """Incidents of the demo systems."""
        calls.append(("incidents", context.organisation.slug))
        return {"incidents": 0}

    @register_demo_step(order=50)
    def seed_contracts(context):
        """Contracts of the demo systems."""
        calls.append(("contracts", context.organisation.slug, context.actor.label, context.members[Role.OWNER].role))
        return {"contracts": 2}

    output = seed()

    assert calls == [
        ("contracts", "contoso", "contoso", Role.OWNER),
        ("incidents", "contoso"),
        ("contracts", "northwind", "compliance", Role.OWNER),
        ("incidents", "northwind"),
    ]
    lines = output.splitlines()
    contoso, northwind = lines.index("Contoso Public Services"), lines.index("Northwind Retail Group")
    assert "  Contracts of the demo systems: 2 contracts" in lines[contoso:northwind]
    assert "  Incidents of the demo systems: nothing new" in lines[northwind:]


def test_a_step_registered_twice_is_an_error(scratch_steps):
    def seed_contracts(context):
        return {}

    register_demo_step(order=50)(seed_contracts)
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        register_demo_step(order=50)(seed_contracts)


def test_the_apps_steps_are_registered_in_layer_order():
    seed()  # imports every app's demo module
    orders = {step.name.split(".")[0]: step.order for step in demo.demo_steps()}
    # Apps to the right add their own steps; these orders are fixed (core/demo.py).
    assert (
        orders.items() >= {"vendors": 10, "assessments": 20, "compliance": 40, "contracts": 50, "incidents": 60}.items()
    )
