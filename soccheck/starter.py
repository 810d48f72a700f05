"""The starter control library (package data under ``soccheck/library``) and how a scope
selects from it.

A control is kept when, after dropping the criteria of categories that are not selected and the
objectives of a framework that is not selected, it still maps something: a SOC 2 program for
Security alone gets no privacy controls, and its backup control keeps CC9.1 but loses A1.2.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from soccheck import yamledit
from soccheck.catalog import load_catalog

OWNER_PLACEHOLDER = "OWNER"
"""The owner every library control carries until ``init --owner`` (or the user) replaces it."""

SOC2_FILES: tuple[str, ...] = (
    "soc2/governance.yaml",
    "soc2/hr.yaml",
    "soc2/access.yaml",
    "soc2/change-management.yaml",
    "soc2/operations.yaml",
    "soc2/incident-response.yaml",
    "soc2/vendor-management.yaml",
    "soc2/business-continuity.yaml",
    "soc2/confidentiality.yaml",
    "soc2/processing-integrity.yaml",
    "soc2/privacy.yaml",
)
SOC1_FILES: tuple[str, ...] = ("soc1/payroll.yaml", "soc1/payments.yaml")
CONTROL_FILES: tuple[str, ...] = SOC2_FILES + SOC1_FILES
"""Every control file of the library, in the order a new program lists them."""

OBJECTIVES_FILE = "soc1/objectives.yaml"
"""SOC 1 control objectives and CUECs: a fragment of a system description."""


@dataclass(frozen=True)
class Scope:
    """What a new program covers: frameworks and, for SOC 2, the selected categories."""

    frameworks: frozenset[str]
    categories: frozenset[str] = field(default_factory=frozenset)
    """SOC 2 categories, security included; empty when SOC 2 is not selected."""

    def keeps_criterion(self, criterion: str) -> bool:
        info = load_catalog().criteria.get(criterion)
        return info is not None and "soc2" in self.frameworks and info.category in self.categories

    @property
    def keeps_objectives(self) -> bool:
        return "soc1" in self.frameworks


@dataclass(frozen=True)
class StarterFile:
    """One control file of a new program, rendered from the library."""

    name: str
    """File name under controls/ (``access.yaml``)."""
    body: str
    """The YAML text without a schema modeline."""
    controls: list[dict[str, Any]]
    """The controls it holds, as plain data."""


def read_library(rel: str) -> str:
    """Text of a library file (``soc2/access.yaml``)."""
    return resources.files("soccheck").joinpath("library", rel).read_text(encoding="utf-8")


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _filter_list(control: Any, key: str, keep: Any) -> bool:
    """Drop the items of ``control[key]`` that ``keep`` rejects; True if any remain."""
    values = control.get(key)
    if not values:
        control.pop(key, None)
        return False
    for index in range(len(values) - 1, -1, -1):
        if not keep(values[index]):
            del values[index]
    if not values:
        del control[key]
        return False
    return True


def render_file(rel: str, scope: Scope, owner: str | None) -> StarterFile | None:
    """The library file ``rel`` cut down to ``scope``, or None if no control is left."""
    data = yamledit.load(yamledit.strip_modeline(read_library(rel)))
    controls = data["controls"]
    for index in range(len(controls) - 1, -1, -1):
        control = controls[index]
        has_criteria = _filter_list(control, "criteria", scope.keeps_criterion)
        has_objectives = _filter_list(
            control, "objectives", lambda _objective: scope.keeps_objectives
        )
        if not (has_criteria or has_objectives):
            del controls[index]
            continue
        if owner is not None and control.get("owner") == OWNER_PLACEHOLDER:
            control["owner"] = owner
    if not controls:
        return None
    body = yamledit.dump(data).rstrip("\n") + "\n"
    return StarterFile(rel.rsplit("/", 1)[-1], body, _plain(controls))


def render_files(scope: Scope, owner: str | None) -> list[StarterFile]:
    files = (render_file(rel, scope, owner) for rel in CONTROL_FILES)
    return [f for f in files if f is not None]


def objectives_text() -> str:
    """``control_objectives:`` and ``cuecs:`` of the SOC 1 library, without its header comment."""
    lines = read_library(OBJECTIVES_FILE).splitlines(keepends=True)
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    return "".join(lines)


@cache
def objectives() -> dict[str, Any]:
    data: dict[str, Any] = _plain(yamledit.load(objectives_text()))
    return data


def all_controls() -> list[dict[str, Any]]:
    """Every library control as plain data, in library order (for coverage checks)."""
    result: list[dict[str, Any]] = []
    for rel in CONTROL_FILES:
        data = yamledit.load(yamledit.strip_modeline(read_library(rel)))
        result.extend(_plain(data["controls"]))
    return result


def criteria_of(controls: Iterable[dict[str, Any]]) -> set[str]:
    return {c for control in controls for c in control.get("criteria", [])}
