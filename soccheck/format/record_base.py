"""What the generated records in :mod:`soccheck.format.records` are built on; importable without
pydantic.

The pydantic models in :mod:`soccheck.format.models` define the file formats and generate the JSON
Schemas, but importing pydantic and building its validators costs more than the whole check
of a small program (about 0.25 s of a 0.4 s pre-commit run). So the objects the rules read
are plain slotted classes, and the code that checks a document and builds them is generated
from the models (:mod:`soccheck.format.codegen`, drift-tested) and accepts exactly what the models
accept (tested against pydantic on fuzzed input).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from soccheck.format.vocabulary import DATE_PATTERN

KeyPath = tuple[str | int, ...]
"""Keys and list indices from a document's root to a node."""


@dataclass(frozen=True, slots=True)
class Source:
    """Where an object was read from: a root-relative file and the path of keys inside it."""

    file: str
    path: KeyPath = ()


class Invalid(Exception):
    """The data does not fit the format; ``path`` is the node at fault (absolute).

    ``drop`` is the node the rejection removes when that is more than the node at fault: a
    check across values (an ``effective`` span that ends before it starts) is reported at the
    value a reader should look at (its ``to``) but rejects the whole object, since which of
    its values is the mistake cannot be known."""

    def __init__(self, path: KeyPath, message: str, drop: KeyPath | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.drop = path if drop is None else drop


class Record:
    """A validated object of the file format.

    Equality compares the fields (like pydantic's), not where the object was read from; the
    class attributes describe the fields for code that walks records generically (pruning
    invalid nodes, the reference path).
    """

    __slots__ = ("source",)
    FIELDS: ClassVar[tuple[str, ...]] = ()
    REQUIRED: ClassVar[frozenset[str]] = frozenset()
    NESTED: ClassVar[dict[str, type[Record]]] = {}
    """Fields holding records (or lists of them), by the record class they hold."""

    source: Source | None
    """The file and key path this object came from (None if built in code)."""

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.FIELDS)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the models

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.FIELDS)
        return f"{type(self).__name__}({fields})"

    def as_dict(self) -> dict[str, Any]:
        """The fields as plain data (nested records too), as a model's ``model_dump``."""
        return {name: _plain(getattr(self, name)) for name in self.FIELDS}


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.as_dict()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


# ------------------------------------------------------------------- checks the models share

_DATE = re.compile(DATE_PATTERN)


def parse_date(value: object) -> dt.date | None:
    """A date written YYYY-MM-DD (the loader keeps dates as text, as an editor's schema
    validator sees them) or a date object from Python callers; None when it is neither or
    names no day. pydantic's lax date parsing would also take timestamps and datetimes."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DATE.match(value) and not value.endswith("\n"):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def evidence_location_problem(path: str | None, url: str | None) -> str | None:
    """Evidence is a file in the repository or a link, never both or neither."""
    if (path is None) == (url is None):
        return "evidence needs exactly one of 'path' or 'url'"
    return None


def covers_problem(start: dt.date, end: dt.date) -> str | None:
    """A test's ``covers`` runs forward: a reversed span is a typo that would silently cover
    nothing, so it is rejected where it is written, like any other invalid value."""
    if end < start:
        return (
            f"covers ends ({end.isoformat()}) before it starts ({start.isoformat()}); "
            "write the first and the last day of the sampled span"
        )
    return None


def effective_problem(start: dt.date | None, end: dt.date | None) -> str | None:
    """A control's ``effective`` span runs forward, like a test's ``covers``: a reversed span
    would make the control operate on no day at all, which nobody means."""
    if start is not None and end is not None and end < start:
        return (
            f"effective ends ('to' {end.isoformat()}) before it starts ('from' "
            f"{start.isoformat()}); write the first and the last day the control operated"
        )
    return None


LocatedProblem = tuple[str, str]
"""(the key a problem is reported at, the message): for a check whose culprit depends on the
values, such as a vendor report's date that does not fit its type."""


def soc_report_problem(
    report_type: int, as_of: dt.date | None, period_end: dt.date | None
) -> LocatedProblem | None:
    """A vendor's SOC report is dated the way its type is: a Type 1 report describes the
    controls as of one day (``as_of``), a Type 2 report their operation over a period that
    ends on ``period_end``. The wrong date for the type (or none) leaves the report's age
    unknowable, and that age is what the review of a vendor report turns on, so the mistake is
    reported at the date written for the wrong type (or at ``type`` when the needed date is
    missing)."""
    if report_type == 1:
        if period_end is not None:
            return (
                "period_end",
                "the vendor's Type 1 report (soc_report) is as of one date: write 'as_of' "
                "instead of 'period_end'",
            )
        if as_of is None:
            return (
                "type",
                "the vendor's Type 1 report (soc_report) needs 'as_of': the date it describes",
            )
        return None
    if as_of is not None:
        return (
            "as_of",
            "the vendor's Type 2 report (soc_report) covers a period: write its last day as "
            "'period_end' instead of 'as_of'",
        )
    if period_end is None:
        return (
            "type",
            "the vendor's Type 2 report (soc_report) needs 'period_end': the last day of its "
            "period",
        )
    return None


def duplicate_item_problem(values: list[str]) -> str | None:
    """A list of choices (a test's methods) names each once; a repeat is a typo."""
    seen: set[str] = set()
    for value in values:
        if value in seen:
            return f"lists '{value}' more than once"
        seen.add(value)
    return None


def is_text_in(value: object, choices: frozenset[str]) -> bool:
    """A literal's check. Not a type guard on purpose: the generated code assigns the value
    to a field typed as the literal, which a narrowing to ``str`` would not allow."""
    return isinstance(value, str) and value in choices


def is_int_in(value: object, choices: frozenset[int]) -> bool:
    """As :func:`is_text_in`; ``True`` is not the number 1 here (pydantic's strict mode)."""
    return type(value) is int and value in choices


def full_pattern(pattern: str) -> re.Pattern[str]:
    """``pattern`` as pydantic applies it: ``$`` is the end of the text (Python's ``$`` also
    matches before a final newline)."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)
