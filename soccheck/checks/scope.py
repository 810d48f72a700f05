"""Scope as an auditor draws it (issue 16): which days of a report a control operated, which
dates of a period no control covers, and the system description's CSOCs in one shape.

An examination is drawn for one report at a time. A control is in scope for a report when it
maps one of the report's criteria or objectives, names the report in ``reports`` (or names
none, meaning every report), and operated during the report: on some day of a Type 2 period,
or on a Type 1 report's as-of date (``Context.in_scope``, built on ``effective_part`` here).
Every rule and report asks those questions through ``Context``, so none can disagree about
whether a control retired in March is in a January-to-June report (it is, for January to
March) or whether a control scoped to the SOC 2 report covers a SOC 1 objective (it does not).

Everything here is a pure function of records and dates, like :mod:`soccheck.checks.audit_trail`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from soccheck.format.records import Control, Csoc, Report, SubserviceOrganization

_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, order=True)
class Span:
    """Consecutive days, both ends included."""

    start: dt.date
    end: dt.date

    def __str__(self) -> str:
        """How messages name it: '2026-01-01 to 2026-04-30', or one day '2026-03-31'."""
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()} to {self.end.isoformat()}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def report_span(report: Report) -> Span | None:
    """The days a report is about: a Type 2 report's period, or a Type 1 report's as-of day.
    None when the dates are missing or reversed (another rule's finding): nothing about a
    control's dates can be judged against such a report."""
    if report.type == 2:
        period = report.period
        if period is None or period.end < period.start:
            return None
        return Span(period.start, period.end)
    if report.as_of is None:
        return None
    return Span(report.as_of, report.as_of)


def effective_bounds(control: Control) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day the control operated (``effective``); None at an open end."""
    effective = control.effective
    if effective is None:
        return None, None
    return effective.from_, effective.to


def is_effective_on(control: Control, day: dt.date) -> bool:
    """Whether the control operated on the day: ``effective`` says when it began and ended,
    both days included; a control without it operates every day."""
    first, last = effective_bounds(control)
    return (first is None or first <= day) and (last is None or day <= last)


def effective_part(control: Control, report: Report) -> Span | None:
    """The part of the report's days on which the control operated: a Type 2 period clipped to
    ``effective`` (the whole period for a control without it), or a Type 1 report's as-of day
    if the control operated on it. None when the control did not operate on any of them, or
    when the report has no valid dates (see ``report_span``; ``operates_during`` tells the two
    apart)."""
    span = report_span(report)
    if span is None:
        return None
    first, last = effective_bounds(control)
    start = span.start if first is None else max(span.start, first)
    end = span.end if last is None else min(span.end, last)
    if end < start:
        return None
    return Span(start, end)


def operates_during(control: Control, report: Report) -> bool:
    """Whether the control operated on some day the report is about. Against a report whose
    dates are missing or reversed this cannot be judged, and the control is taken to operate
    (as every control did before ``effective`` existed): that report has its own finding."""
    if control.effective is None or report_span(report) is None:
        return True
    return effective_part(control, report) is not None


def reports_include(control: Control, report: Report) -> bool:
    """Whether the control's ``reports`` lets it into the report: omitted means every report."""
    return control.reports is None or report.id in control.reports


def uncovered(span: Span, parts: Iterable[Span]) -> list[Span]:
    """The days of ``span`` that none of ``parts`` holds, as the fewest spans, in order."""
    gaps: list[Span] = []
    cursor = span.start
    for part in sorted(parts):
        if part.end < cursor:
            continue
        if part.start > span.end:
            break
        if part.start > cursor:
            gaps.append(Span(cursor, part.start - _DAY))
        if part.end >= span.end:  # (the day after could lie past the calendar's last day)
            return gaps
        cursor = max(cursor, part.end + _DAY)
    if cursor <= span.end:
        gaps.append(Span(cursor, span.end))
    return gaps


def uncovered_dates(report: Report, controls: Iterable[Control]) -> list[Span]:
    """Type 2: the dates of the report's period on which none of ``controls`` (those covering
    one criterion or objective in the report, from ``Context.covering``) operated, in order.
    For a Type 1 report, or a period whose dates are missing or reversed, there are none to
    name: a Type 1 report is about one day, which a control covers or does not."""
    span = report_span(report)
    if report.type != 2 or span is None:
        return []
    parts = [part for control in controls if (part := effective_part(control, report))]
    return uncovered(span, parts)


# ----------------------------------------------------------------------------------- CSOCs


@dataclass(frozen=True)
class CsocItem:
    """A CSOC in one shape, whether written as a sentence or as an item: a sentence has no
    ``id`` and maps nothing."""

    organization: SubserviceOrganization
    index: int
    """Its index in the organization's ``csocs`` as written in the file, for
    ``ctx.at(item.organization.source, "csocs", item.index)``."""
    description: str
    id: str | None = None
    criteria: tuple[str, ...] = ()
    objectives: tuple[str, ...] = ()
    record: Csoc | None = None
    """The item as loaded (its ``source`` places its keys); None for a sentence."""


def csoc_items(
    organization: SubserviceOrganization, sentence_indexes: Iterable[tuple[int, str]]
) -> list[CsocItem]:
    """The organization's CSOCs, in file order. ``sentence_indexes`` are the sentences with
    their indexes in the file (``Context.items`` finds them: items rejected while loading
    shift the indexes)."""
    sentences = iter(sentence_indexes)
    items: list[CsocItem] = []
    for position, csoc in enumerate(organization.csocs):
        if isinstance(csoc, str):
            index, text = next(sentences, (position, csoc))
            items.append(CsocItem(organization, index, text))
            continue
        source = csoc.source
        last = source.path[-1] if source is not None and source.path else position
        items.append(
            CsocItem(
                organization,
                last if isinstance(last, int) else position,
                csoc.description,
                csoc.id,
                tuple(csoc.criteria),
                tuple(csoc.objectives),
                csoc,
            )
        )
    return items


# -------------------------------------------------------------------------------- messages


def out_of_scope_reason(control: Control, report: Report) -> str | None:
    """Why a control that maps one of a report's criteria or objectives is still out of its
    scope, for messages that would otherwise leave the reader asking why a mapped criterion
    is uncovered; None when ``reports`` and ``effective`` let it in."""
    if not reports_include(control, report):
        named = ", ".join(f"'{r}'" for r in control.reports or ())
        return f"'{control.id}' is scoped to {named} ('reports')"
    if not operates_during(control, report):
        first, last = effective_bounds(control)
        since = f"from {first.isoformat()}" if first is not None else ""
        until = f"to {last.isoformat()}" if last is not None else ""
        span = " ".join(part for part in (since, until) if part)
        return f"'{control.id}' was not effective during it ('effective' {span})"
    return None
