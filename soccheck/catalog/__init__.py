"""Built-in criteria catalogs (package data), versioned so a future TSC revision can sit beside
the 2017 one. Titles are soccheck's own paraphrases, not AICPA text."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEFAULT_CATALOG = "tsc-2017"


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    series: str
    category: str
    title: str


@dataclass(frozen=True, slots=True)
class CategoryInfo:
    id: str
    name: str
    required: bool
    series: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    id: str
    name: str
    categories: dict[str, CategoryInfo]
    series_names: dict[str, str]
    criteria: dict[str, Criterion]

    def in_category(self, category: str) -> list[Criterion]:
        return [c for c in self.criteria.values() if c.category == category]

    def suggest(self, criterion: str) -> str | None:
        """The catalog ID a mistyped criterion most likely meant (``cc6.1`` -> ``CC6.1``)."""
        upper = criterion.strip().upper()
        if upper in self.criteria:
            return upper
        close = difflib.get_close_matches(upper, list(self.criteria), n=1, cutoff=0.75)
        return close[0] if close else None


# Beside this module rather than through importlib.resources, whose import (zipfile, tempfile,
# ...) costs a pre-commit run more than reading the file; soccheck is never run from a zip.
_HERE = Path(__file__).parent


@cache
def load_catalog(name: str = DEFAULT_CATALOG) -> Catalog:
    text = (_HERE / f"{name}.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return Catalog(
        id=data["id"],
        name=data["name"],
        categories={
            c["id"]: CategoryInfo(c["id"], c["name"], bool(c.get("required")), tuple(c["series"]))
            for c in data["categories"]
        },
        series_names={s["id"]: s["name"] for s in data["series"]},
        criteria={
            c["id"]: Criterion(c["id"], c["series"], c["category"], c["title"])
            for c in data["criteria"]
        },
    )


def available_catalogs() -> list[str]:
    return sorted(
        entry.name.removesuffix(".json")
        for entry in _HERE.iterdir()
        if entry.name.endswith(".json")
    )
