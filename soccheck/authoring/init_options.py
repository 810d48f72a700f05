"""What ``soccheck init`` will write, decided from its options, the author's answers and
the defaults, in that order.

The rules live here rather than in the click command so that one place says which options go
together, what a Type 1 and a Type 2 report need, and which dates apply when nothing is said.
Asking is the caller's business: on a terminal the command passes a :class:`Prompter`, and
without one every missing answer takes its default, so the same rules serve both.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from soccheck.authoring import scaffold
from soccheck.load.discovery import SetupError


class OptionError(Exception):
    """Options that contradict each other or say nothing usable: a usage error (exit 2)."""


@dataclass(frozen=True)
class InitRequest:
    """``soccheck init``'s options as given: ``None`` where the author said nothing."""

    directory: str
    framework: str | None = None
    report_type: str | None = None
    categories: tuple[str, ...] | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    as_of: dt.date | None = None
    name: str | None = None
    owner: str | None = None
    owner_name: str | None = None
    schemas: str = "local"
    ci: bool = True


class Prompter(Protocol):
    """Asks the author on a terminal; each answer comes back checked (asked again if not)."""

    def framework(self) -> str: ...

    def categories(self) -> tuple[str, ...]: ...

    def report_type(self) -> int: ...

    def date(self, question: str, default: dt.date) -> dt.date: ...

    def name(self, default: str) -> str: ...

    def owner(self) -> str | None: ...

    def owner_name(self, owner: str) -> str: ...


def resolve(request: InitRequest, today: dt.date, ask: Prompter | None) -> scaffold.InitOptions:
    """The options of the program to write: ``OptionError`` for a combination that cannot
    work (raised before anything is asked whenever the options alone show it), ``SetupError``
    when the directory is something else."""
    if request.owner_name is not None and request.owner is None:
        raise OptionError("--owner-name needs --owner (the person's ID)")
    root = Path(request.directory)
    if root.exists() and not root.is_dir():
        raise SetupError(f"{request.directory} exists and is not a directory")
    frameworks = _frameworks(request, ask)
    categories = _categories(request, frameworks, ask)
    kind = _report_type(request, ask)
    period = _period(request, today, ask) if kind == 2 else None
    as_of = _as_of(request, today, ask) if kind == 1 else None
    name = request.name
    if name is None:
        default_name = Path(os.path.abspath(request.directory)).name or "SOC program"
        name = ask.name(default_name) if ask is not None else default_name
    if not name.strip():
        raise OptionError("the system name cannot be empty")
    owner, owner_name = request.owner, request.owner_name
    if owner is None and ask is not None:
        owner = ask.owner()
        if owner is not None and owner_name is None:
            owner_name = ask.owner_name(owner)
    return scaffold.InitOptions(
        root=root,
        name=name.strip(),
        frameworks=frameworks,
        report_type=1 if kind == 1 else 2,
        categories=categories,
        period=period,
        as_of=as_of,
        owner=owner,
        owner_name=owner_name,
        schemas="url" if request.schemas == "url" else "local",
        ci=request.ci,
    )


def _frameworks(request: InitRequest, ask: Prompter | None) -> tuple[scaffold.Framework, ...]:
    framework = request.framework
    if framework is None and ask is not None:
        framework = ask.framework()
    if framework == "soc1":
        return ("soc1",)
    if framework == "both":
        return ("soc1", "soc2")
    return ("soc2",)


def _categories(
    request: InitRequest, frameworks: tuple[scaffold.Framework, ...], ask: Prompter | None
) -> tuple[str, ...]:
    """SOC 2 categories in catalog order, security first; none without SOC 2."""
    if "soc2" not in frameworks:
        if request.categories is not None:
            raise OptionError("--categories applies to SOC 2 only (use --framework soc2 or both)")
        return ()
    if request.categories is not None:
        return request.categories
    return ask.categories() if ask is not None else ("security",)


def _report_type(request: InitRequest, ask: Prompter | None) -> int:
    """1 or 2: as given, else as the dates given imply, else asked, else 2."""
    has_period = request.period_start is not None or request.period_end is not None
    as_of = request.as_of
    if has_period and as_of is not None:
        raise OptionError("use --as-of (Type 1) or --period-start/--period-end (Type 2)")
    if request.report_type:
        kind = int(request.report_type)
    elif as_of:
        kind = 1
    elif has_period:
        kind = 2
    else:
        return ask.report_type() if ask is not None else 2
    if kind == 1 and has_period:
        raise OptionError("a Type 1 report has an --as-of date, not a period")
    if kind == 2 and as_of is not None:
        raise OptionError("a Type 2 report has a period (--period-start/--period-end)")
    return kind


def _period(request: InitRequest, today: dt.date, ask: Prompter | None) -> tuple[dt.date, dt.date]:
    """A Type 2 period: the dates given; a missing one follows from the other (the default
    length) or, with neither, from today (:func:`scaffold.default_period`)."""
    given_start, given_end = request.period_start, request.period_end
    if given_start is not None:
        start = given_start
    elif given_end is not None:
        start = scaffold.period_start_for(given_end)
    else:
        start = scaffold.default_period(today)[0]
    if given_start is None and ask is not None:
        start = ask.date("Period start", start)
    end = given_end or scaffold.period_end_for(start)
    if given_end is None and ask is not None:
        end = ask.date("Period end", end)
    if end < start:
        raise OptionError(f"the period ends ({end}) before it starts ({start})")
    if end == start:
        why = (
            " (no default period fits before the end of the calendar)" if end == dt.date.max else ""
        )
        raise OptionError(
            f"the period starts and ends on {start}; it must end after it starts{why}"
        )
    return start, end


def _as_of(request: InitRequest, today: dt.date, ask: Prompter | None) -> dt.date:
    if request.as_of is not None:
        return request.as_of
    as_of = scaffold.default_as_of(today)
    return ask.date("Type 1 date (as of)", as_of) if ask is not None else as_of
