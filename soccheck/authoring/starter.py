"""The starter control library (package data under ``soccheck/authoring/library``) and how a scope
selects from it.

A control is kept when, after dropping the criteria of categories that are not selected and the
objectives of a framework that is not selected, it still maps something: a SOC 2 program for
Security alone gets no privacy controls, and its backup control keeps CC9.1 but loses A1.2.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from soccheck.authoring import yamledit
from soccheck.format.catalog import load_catalog
from soccheck.load.yaml_reader import Document, load_text

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
    return (
        resources.files("soccheck.authoring").joinpath("library", rel).read_text(encoding="utf-8")
    )


@cache
def _library_document(rel: str) -> tuple[str, Document]:
    """A library file's text (without modeline) and its parse, once per process."""
    text = yamledit.strip_modeline(read_library(rel))
    return text, load_text(rel, text)


def _cut(control: dict[str, Any], scope: Scope) -> dict[str, list[str]]:
    """The criteria and objectives ``control`` keeps in ``scope`` (empty lists dropped)."""
    kept = {
        "criteria": [c for c in control.get("criteria", []) if scope.keeps_criterion(c)],
        "objectives": list(control.get("objectives", [])) if scope.keeps_objectives else [],
    }
    return {key: values for key, values in kept.items() if values}


def render_file(rel: str, scope: Scope, owner: str | None) -> StarterFile | None:
    """The library file ``rel`` cut down to ``scope``, or None if no control is left.

    Edits are made line by line at positions the parser reports, so everything else in the
    file (comments, folded text, blank lines) is copied byte for byte. The library keeps
    ``criteria``, ``objectives`` and ``owner`` on one line each (a test holds it to that), and
    the result is re-read to prove it holds exactly the expected controls.
    """
    name = rel.rsplit("/", 1)[-1]
    text, doc = _library_document(rel)
    controls: list[dict[str, Any]] = doc.data["controls"]
    cuts = [_cut(control, scope) for control in controls]
    if not any(cuts):
        return None
    lines: list[str | None] = list(text.splitlines(keepends=True))
    starts = [doc.position(("controls", i))[0] - 1 for i in range(len(controls))]
    ends = [*starts[1:], len(lines)]
    expected = []
    for index, (control, cut) in enumerate(zip(controls, cuts, strict=True)):
        if not cut:
            lines[starts[index] : ends[index]] = [None] * (ends[index] - starts[index])
            continue
        edited = {k: v for k, v in control.items() if k not in ("criteria", "objectives")}
        for key in ("criteria", "objectives"):
            if key not in control:
                continue
            line, column = doc.key_position(("controls", index, key))
            lines[line - 1] = (
                f"{' ' * (column - 1)}{key}: [{', '.join(cut[key])}]\n" if key in cut else None
            )
        edited.update(cut)
        if owner is not None and control.get("owner") == OWNER_PLACEHOLDER:
            line, column = doc.key_position(("controls", index, "owner"))
            lines[line - 1] = f"{' ' * (column - 1)}owner: {yamledit.scalar(owner)}\n"
            edited["owner"] = owner
        expected.append({k: edited[k] for k in control if k in edited})
    body = "".join(line for line in lines if line is not None).rstrip("\n") + "\n"
    result = load_text(rel, body)
    if result.findings or result.data.get("controls") != expected:
        raise AssertionError(f"library file {rel} does not follow the one-line conventions")
    return StarterFile(name, body, expected)


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
    data: dict[str, Any] = load_text(OBJECTIVES_FILE, objectives_text()).data
    return data


def all_controls() -> list[dict[str, Any]]:
    """Every library control as plain data, in library order (for coverage checks)."""
    result: list[dict[str, Any]] = []
    for rel in CONTROL_FILES:
        result.extend(_library_document(rel)[1].data["controls"])
    return copy.deepcopy(result)


def criteria_of(controls: Iterable[dict[str, Any]]) -> set[str]:
    return {c for control in controls for c in control.get("criteria", [])}
