"""What an untagged plain YAML scalar means: the YAML 1.2 core schema, for both readers.

The full reader (:mod:`soccheck.load.yaml_reader`) and the fast subset reader
(:mod:`soccheck.load.fast_reader`) must read every scalar alike, or the fast path would report
different findings; so the words and patterns are written once, here. YAML 1.1's yes/no/on/off
booleans are not booleans in 1.2, and timestamps are not resolved either: dates stay
``YYYY-MM-DD`` text, which the schema and the models check.
"""

from __future__ import annotations

import math
import re
from typing import Any

MAX_INT_DIGITS = 100
"""Longer digit strings are kept as text: no SOC field needs them as numbers, and Python
refuses to convert more than 4,300 digits anyway."""

NULL_WORDS = ("null", "Null", "NULL")
"""Spelled-out nulls; an empty scalar and ``~`` are nulls too (``NULLS``)."""
TRUE_WORDS = ("true", "True", "TRUE")
FALSE_WORDS = ("false", "False", "FALSE")

NULLS = frozenset(("", "~", *NULL_WORDS))
TRUES = frozenset(TRUE_WORDS)
FALSES = frozenset(FALSE_WORDS)

NUMBER_START = frozenset("0123456789+-.")
"""The first characters of every number (and of ``.inf`` and ``.nan``): a scalar starting
with anything else is a number to no one, which settles most scalars at once."""

DATE_LIKE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
"""A date: text under the core schema (it has no timestamps), however much it looks like
arithmetic."""

_INT_RE = re.compile(r"[-+]?[0-9]+\Z")
_OCT_RE = re.compile(r"0o[0-7]+\Z")
_HEX_RE = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT_RE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF_RE = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z")
_NAN_RE = re.compile(r"\.(?:nan|NaN|NAN)\Z")


def resolve_plain(value: str) -> Any:
    """The value of an untagged plain scalar: None, a bool, an int, a float or the text."""
    if value in NULLS:
        return None
    if value in TRUES:
        return True
    if value in FALSES:
        return False
    if value[0] not in NUMBER_START:
        return value
    if _INT_RE.match(value):
        if len(value) > MAX_INT_DIGITS:
            return value
        return int(value)
    if _OCT_RE.match(value):
        return int(value[2:], 8) if len(value) <= MAX_INT_DIGITS else value
    if _HEX_RE.match(value):
        return int(value[2:], 16) if len(value) <= MAX_INT_DIGITS else value
    if _FLOAT_RE.match(value):
        number = float(value)
        return number if math.isfinite(number) else value
    if _INF_RE.match(value):
        return -math.inf if value.startswith("-") else math.inf
    if _NAN_RE.match(value):
        return math.nan
    return value
