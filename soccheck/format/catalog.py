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

    def suggest(self, criterion: str) -> str | None:
        """The catalog ID a mistyped criterion most likely meant (``cc6.1`` -> ``CC6.1``).

        A writer who names a series (``CC3.5``) rarely got the series wrong: a criterion of
        the same series is preferred (``CC3.4``, not the equally similar ``CC7.5``), and among
        equally similar ones the nearest number."""
        upper = criterion.strip().upper()
        if upper in self.criteria:
            return upper
        series, _dot, number = upper.partition(".")
        same = [c.id for c in self.criteria.values() if c.series == series]
        close = difflib.get_close_matches(upper, same, n=len(same), cutoff=0.75) if same else []
        if close:
            best = difflib.SequenceMatcher(None, upper, close[0]).ratio()
            tied = [c for c in close if difflib.SequenceMatcher(None, upper, c).ratio() == best]
            return min(tied, key=lambda c: (_distance(number, c.partition(".")[2]), c))
        close = difflib.get_close_matches(upper, list(self.criteria), n=1, cutoff=0.75)
        return close[0] if close else None


def _distance(number: str, other: str) -> int:
    """How far apart two criterion numbers are (``5`` and ``4``: 1); unrelated text is far."""
    if number.isdigit() and other.isdigit():
        return abs(int(number) - int(other))
    return 1_000_000


# Beside this module rather than through importlib.resources, whose import (zipfile, tempfile,
# ...) costs a pre-commit run more than reading the file; soccheck is never run from a zip.
_HERE = Path(__file__).with_name("catalogs")


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
