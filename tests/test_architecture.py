"""The layer rule of DESIGN.md, checked: no app imports from an app to its right.

`core ← vendors ← assessments ← deadlines ← compliance ← contracts ← incidents ← duties ←
procurement ← portal ← evidence`. Every module of every app is parsed (imports inside
functions and under TYPE_CHECKING included), and so are the string references that
couple apps as much as an import: model references such as ForeignKey("compliance.RedFlag")
and migration dependencies. config/, tests/ and scripts/ stand outside the rule. The order
already names the apps still to come, so their first upward import fails too.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = (
    "core",
    "vendors",
    "assessments",
    "deadlines",
    "compliance",
    "contracts",
    "incidents",
    "duties",
    "procurement",
    "portal",
    "evidence",
)
RANK = {app: index for index, app in enumerate(LAYERS)}
OUTSIDE_THE_RULE = {"config", "tests", "scripts"}
MODEL_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


@dataclass(frozen=True)
class Violation:
    module: str
    line: int
    target: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line} reaches up to {self.target}"


def project_apps() -> list[str]:
    """Top-level packages that are Django apps (they have an apps.py)."""
    return sorted(path.parent.name for path in ROOT.glob("*/apps.py") if path.parent.name not in OUTSIDE_THE_RULE)


def _referenced_apps(tree: ast.AST):
    """(line, app label) of every import and app-coupling string reference in a module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]
        elif isinstance(node, ast.Call):
            yield from _string_references(node)
        elif isinstance(node, ast.Tuple) and len(node.elts) == 2 and _is_migration_dependency(node):
            yield node.lineno, node.elts[0].value


def _string_references(call: ast.Call):
    name = getattr(call.func, "attr", getattr(call.func, "id", ""))
    arguments = [*call.args[:1], *(k.value for k in call.keywords if k.arg == "to")]
    if name in MODEL_FIELDS or name == "get_model":
        for argument in arguments:
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str) and "." in argument.value:
                yield call.lineno, argument.value.split(".")[0]
    if name == "get_model" and len(call.args) == 2 and isinstance(call.args[0], ast.Constant):
        yield call.lineno, str(call.args[0].value)


def _is_migration_dependency(node: ast.Tuple) -> bool:
    first, second = node.elts
    return (
        isinstance(first, ast.Constant)
        and isinstance(second, ast.Constant)
        and isinstance(second.value, str)
        and second.value[:4].isdigit()
    )


def upward_references(app: str, source: str, module: str = "<module>") -> list[Violation]:
    """The references of one module of `app` that point to an app to its right."""
    rank = RANK[app]
    return [
        Violation(module, line, target)
        for line, target in _referenced_apps(ast.parse(source))
        if target in RANK and RANK[target] > rank
    ]


def test_every_app_has_a_place_in_the_layer_order():
    unplaced = [app for app in project_apps() if app not in RANK]
    assert unplaced == [], f"add {unplaced} to the order in DESIGN.md and LAYERS"


def test_no_module_imports_from_an_app_to_its_right():
    violations = []
    for app in project_apps():
        for path in sorted((ROOT / app).rglob("*.py")):
            module = str(path.relative_to(ROOT))
            violations += upward_references(app, path.read_text(encoding="utf-8"), module)
    assert violations == [], "\n".join(map(str, violations))


# The check itself catches what it must ----------------------------------------------------


@pytest.mark.parametrize(
    ("app", "source", "target"),
    [
        ("vendors", "from compliance.models import RedFlag\n", "compliance"),
        ("vendors", "import deadlines.services\n", "deadlines"),
        ("core", "def later():\n    from evidence.packs import build\n    return build\n", "evidence"),
        ("assessments", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import contracts\n", "contracts"),
        (
            "deadlines",
            "from django.db import models\nx = models.ForeignKey('incidents.Incident')\n",
            "incidents",
        ),
        ("compliance", "from django.apps import apps\nM = apps.get_model('procurement', 'Gate')\n", "procurement"),
        ("vendors", "dependencies = [('portal', '0001_initial')]\n", "portal"),
    ],
)
def test_it_reports_an_upward_reference(app, source, target):
    [violation] = upward_references(app, source, "synthetic.py")
    assert (violation.target, violation.module) == (target, "synthetic.py")


@pytest.mark.parametrize(
    ("app", "source"),
    [
        ("compliance", "from vendors.models import AiSystem\nfrom core.audit import record\n"),
        ("contracts", "from compliance.red_flags import register_rule\n"),
        ("vendors", "from . import services\nfrom django.db import models\nimport datetime\n"),
        ("evidence", "from portal import links\n"),
    ],
)
def test_it_accepts_references_down_the_order(app, source):
    assert upward_references(app, source) == []
