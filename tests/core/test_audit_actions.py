"""The audit action registry: every recorded action is declared once, in the house form, with a sentence."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from core import audit_actions
from core.audit import UnregisteredAction, record
from core.audit_actions import CODE_FORM, action_for, link_for, register_action, registered_actions, sentence_for
from core.models import AuditEvent

PROJECT_APPS = [config for config in apps.get_app_configs() if Path(config.path).parent == Path(settings.BASE_DIR)]


@pytest.fixture
def scratch_registry(monkeypatch):
    """Registrations made in the test vanish after it."""
    monkeypatch.setattr(audit_actions, "_ACTIONS", dict(audit_actions._ACTIONS))


def test_record_refuses_an_action_nobody_registered(owner_actor):
    with pytest.raises(UnregisteredAction, match=r"vendors\.vendor\.teleported"):
        record(owner_actor, "vendors.vendor.teleported")
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "code", ["vendors.vendor", "Vendors.vendor.created", "vendors.vendor.created.twice", "vendors.vendor-x.created"]
)
def test_an_ill_formed_code_is_refused_at_registration(scratch_registry, code):
    with pytest.raises(ImproperlyConfigured, match=r"app\.object_type\.past_tense"):
        register_action(code, "Did something to {object}")


def test_registering_a_code_twice_is_an_error(scratch_registry):
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        register_action("vendors.vendor.created", "Added {object} again")


def test_a_sentence_may_only_name_the_object(scratch_registry):
    with pytest.raises(ImproperlyConfigured, match="only use"):
        register_action("tests.thing.renamed", "Renamed {object} to {new_name}")


def test_every_registered_action_belongs_to_an_installed_app_and_reads_as_a_sentence():
    labels = {config.label for config in apps.get_app_configs()} | {"tests"}
    for action in registered_actions():
        assert CODE_FORM.fullmatch(action.code), action.code
        assert action.app_label in labels, action.code
        assert action.sentence[0].isupper() and "{object" not in sentence_for_label(action.code, "X"), action.code


def sentence_for_label(code: str, label: str) -> str:
    return sentence_for(AuditEvent(action=code, object_label=label))


def test_the_sentence_names_the_object_and_the_link_leads_to_it(organisation):
    event = AuditEvent(
        organisation=organisation,
        action="compliance.document_request.verified",
        object_id="42",
        object_label="EU declaration of conformity – HireSift CV Screener",
    )
    assert sentence_for(event) == "Verified EU declaration of conformity – HireSift CV Screener"
    assert link_for(event) == "/compliance/requests/42/"


def test_an_event_of_an_action_no_longer_registered_shows_its_code():
    event = AuditEvent(action="bench.thing.updated", object_label="x")
    assert action_for("bench.thing.updated") is None
    assert (sentence_for(event), link_for(event)) == ("bench.thing.updated", None)


def _record_calls(tree: ast.AST):
    for node in ast.walk(tree):
        name = getattr(node.func, "id", getattr(node.func, "attr", None)) if isinstance(node, ast.Call) else None
        if name == "record" and len(node.args) >= 2:
            yield node


def test_no_service_types_an_action_code_literally():
    """Services pass their app's constants (core/audit_actions.py, <app>/audit_actions.py), never a string."""
    literal = []
    for config in PROJECT_APPS:
        for path in Path(config.path).rglob("*.py"):
            tree = ast.parse(path.read_text(), filename=str(path))
            for call in _record_calls(tree):
                action = call.args[1]
                if isinstance(action, ast.Constant | ast.JoinedStr):
                    literal.append(f"{path.relative_to(settings.BASE_DIR)}:{call.lineno}")
    assert literal == []


def test_the_constants_of_every_app_are_registered():
    modules = [config.module.__name__ + ".audit_actions" for config in PROJECT_APPS]
    found = 0
    for name in modules:
        try:
            module = __import__(name, fromlist=["*"])
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, str) and CODE_FORM.fullmatch(value):
                assert action_for(value) is not None, value
                found += 1
    assert found >= 30  # the ~30 actions of core, vendors, assessments, deadlines and compliance
