"""The limits every read of a file runs under, whichever reader reads it.

A hostile or broken file must not exhaust memory or time. Three of the limits can be set
under ``limits`` in the configuration; their defaults are defined once, in
:mod:`soccheck.format.vocabulary`, for the configuration model and for reads no
configuration governs, so the two can never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from soccheck.format.vocabulary import MAX_DEPTH, MAX_FILE_SIZE, MAX_NODES

if TYPE_CHECKING:
    from soccheck.format import records


@dataclass(frozen=True, slots=True)
class Limits:
    """Frozen, so one instance can travel with every deferred document (and to worker
    processes) and be shared safely."""

    max_file_size: int = MAX_FILE_SIZE
    max_depth: int = MAX_DEPTH
    max_nodes: int = MAX_NODES
    max_alias_nodes: int = 10_000
    """Not configurable: real programs write no aliases that expand this far."""

    @classmethod
    def configured(cls, limits: records.Limits) -> Limits:
        """The limits the configuration's ``limits`` sets (the rest as by default)."""
        return cls(
            max_file_size=limits.max_file_size,
            max_depth=limits.max_depth,
            max_nodes=limits.max_nodes,
        )
