"""What soccheck is doing right now, for the one-line message of an unexpected internal error
("internal error while reading controls/access.yaml: ...")."""

from __future__ import annotations

_now: list[str] = []


def doing(what: str) -> None:
    """Record the current step, e.g. 'reading controls/access.yaml'."""
    _now[:] = [what]


def done() -> None:
    _now.clear()


def current() -> str | None:
    return _now[-1] if _now else None
