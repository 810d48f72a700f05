"""Each rule lives in a module named after its ID, so a rule ID in the output leads straight to
its code, and the rules that mean "a file was not read" are the ones the docs name."""

from __future__ import annotations

import importlib
import pkgutil
import re
from types import ModuleType

import soccheck.checks.rules as rules_package
from soccheck.checks.rules.base import Rule
from soccheck.checks.rules.registry import RULES
from tests.conftest import REPO


def _modules_defining_a_rule() -> dict[str, ModuleType]:
    found = {}
    for info in pkgutil.iter_modules(rules_package.__path__):
        module = importlib.import_module(f"{rules_package.__name__}.{info.name}")
        if isinstance(getattr(module, "RULE", None), Rule):
            found[info.name] = module
    return found


def test_every_rule_module_is_named_after_its_rule_id() -> None:
    modules = _modules_defining_a_rule()
    misnamed = {
        name: module.RULE.id
        for name, module in modules.items()
        if name != module.RULE.id.replace("-", "_")
    }
    assert misnamed == {}
    # Every registered rule comes from its module, and every rule module is registered.
    assert sorted(modules) == sorted(rule_id.replace("-", "_") for rule_id in RULES)
    for rule_id, rule in RULES.items():
        assert modules[rule_id.replace("-", "_")].RULE is rule


def test_a_rule_check_function_lives_in_the_rule_module() -> None:
    elsewhere = {
        rule_id: rule.check.__module__
        for rule_id, rule in RULES.items()
        if rule.check is not None
        and rule.check.__module__ != f"soccheck.checks.rules.{rule_id.replace('-', '_')}"
    }
    assert elsewhere == {}


def test_configuration_docs_name_exactly_the_rules_select_cannot_hide() -> None:
    text = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    sentence = re.search(r"could not be read at all \(([^)]*)\)", text)
    assert sentence is not None
    documented = set(re.findall(r"`([a-z-]+)`", sentence.group(1)))
    assert documented == {rule_id for rule_id, rule in RULES.items() if rule.unreadable}
