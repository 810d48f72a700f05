"""Whether a subservice organization's own SOC report supports an examined report (CC9.2).

One judgment, made here, for everyone who asks: the rules ``subservice-report-missing`` and
``subservice-report-stale`` fire exactly when it says ``missing`` or ``stale``, and the
readiness reports print its status and reason per organization and report. Were the two
written apart, a report could call a vendor report current that ``soccheck validate`` calls
stale the same day.

The statuses, for one organization and one examined report:

- ``current``: the vendor's report reaches the examined report on its own dates (a Type 2
  examination: a Type 2 vendor report ending at most 3 months before the period ends; a
  Type 1 examination: a vendor report at most 12 months old at the evaluation date, or
  reaching the examined ``as_of``);
- ``bridged``: its dates fall short, and ``bridge_letter_through`` reaches the date the
  examined report speaks to (its period end, or its ``as_of``);
- ``stale``: the dates fall short and no bridge letter reaches that date, or it is a Type 1
  vendor report for a Type 2 examination (a bridge letter cannot change what a Type 1 is);
- ``missing``: a carve-out with no ``soc_report`` (the vendor's controls are excluded from
  the examination, so its report is what they rest on);
- ``not-needed``: an inclusive organization with no ``soc_report`` (its controls are tested
  in the examination itself); an inclusive one that records a report is judged like any;
- ``not-judged``: a ``soc_report`` the schema rejected (its ``schema`` finding is the one to
  fix), or an examined report whose own dates are missing or reversed (``invalid-period``).

Pure functions of records, the evaluation date and the raw document (to tell a rejected
``soc_report`` from an absent one), like :mod:`soccheck.checks.scope`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final, Literal

from soccheck.checks.periods import months_after
from soccheck.checks.rules.base import MISSING, Context
from soccheck.checks.scope import Span
from soccheck.format.records import Report, SubserviceOrganization

VendorReportStatus = Literal["current", "bridged", "stale", "missing", "not-needed", "not-judged"]

STATUS_LABELS: Final[dict[VendorReportStatus, str]] = {
    "current": "current",
    "bridged": "current with a bridge letter",
    "stale": "stale",
    "missing": "missing",
    "not-needed": "not needed",
    "not-judged": "not judged",
}
"""How the readiness reports name each status."""

TYPE2_MONTHS = 3
"""A Type 2 examination accepts a vendor report ending at most this many months before the
examined period ends."""

TYPE1_MONTHS = 12
"""A Type 1 examination accepts a vendor report at most this many months old at the
evaluation date."""

_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class VendorReportJudgment:
    """The status of one organization's SOC report for one examined report, with what the
    rules need to place and word their findings."""

    status: VendorReportStatus
    reason: str
    """Why, in words, without the status: 'ends 2025-09-30, more than 3 months before the
    period ends 2026-06-30; no bridge letter'."""
    ends: dt.date | None = None
    """The vendor report's ``period_end`` (Type 2) or ``as_of`` (Type 1), when judged."""
    reference: dt.date | None = None
    """The date the examined report speaks to: its period end (Type 2) or ``as_of``."""
    gap: Span | None = None
    """For ``stale`` by dates: the days neither the vendor report nor its letter reaches."""
    type_mismatch: bool = False
    """``stale`` because a Type 1 vendor report cannot support a Type 2 examination."""

    @property
    def text(self) -> str:
        """'stale: ends 2025-09-30, ...': the status and its reason, as the reports print it."""
        return f"{STATUS_LABELS[self.status]}: {self.reason}"


def report_rejected(ctx: Context, org: SubserviceOrganization) -> bool:
    """A ``soc_report`` was written but the schema rejected it, so none is on record."""
    return org.soc_report is None and ctx.raw(org.source, "soc_report") is not MISSING


def report_missing(ctx: Context, org: SubserviceOrganization) -> bool:
    """A carve-out with no ``soc_report`` written at all (``subservice-report-missing``)."""
    return (
        org.method == "carve-out"
        and org.soc_report is None
        and ctx.raw(org.source, "soc_report") is MISSING
    )


def judge(ctx: Context, org: SubserviceOrganization, report: Report) -> VendorReportJudgment:
    """The status of ``org``'s SOC report for ``report`` at ``ctx.today``."""
    vendor = org.soc_report
    if vendor is None:
        if report_rejected(ctx, org):
            return VendorReportJudgment(
                "not-judged", "its soc_report was rejected by the schema (see that finding)"
            )
        if report_missing(ctx, org):
            return VendorReportJudgment("missing", "carved out, and no soc_report is recorded")
        return VendorReportJudgment(
            "not-needed", "inclusive, so its controls are tested in this examination"
        )
    ends = vendor.period_end if vendor.type == 2 else vendor.as_of
    if ends is None:  # the schema requires the date of the report's type; kept defensively
        return VendorReportJudgment("not-judged", "its soc_report records no date")
    described = "ends" if vendor.type == 2 else "is as of"
    if report.type == 2:
        period = report.period
        if period is None or period.end < period.start:
            return VendorReportJudgment(
                "not-judged", "the examined period is missing or reversed", ends
            )
        reference = period.end
        if vendor.type == 1:
            return VendorReportJudgment(
                "stale",
                f"a Type 1 as of {ends.isoformat()}, for a Type 2 period (it describes the "
                "vendor's controls on one day, not their operation over the period)",
                ends,
                reference,
                type_mismatch=True,
            )
        if months_after(ends, TYPE2_MONTHS) >= reference:
            relation = (
                f"on or after the period end {reference.isoformat()}"
                if ends >= reference
                else f"no more than {TYPE2_MONTHS} months before the period ends "
                f"{reference.isoformat()}"
            )
            return VendorReportJudgment("current", f"ends {ends.isoformat()}, {relation}", ends)
        short = (
            f"ends {ends.isoformat()}, more than {TYPE2_MONTHS} months before the period ends "
            f"{reference.isoformat()}"
        )
        target = "the period end"
    else:
        if report.as_of is None:
            return VendorReportJudgment("not-judged", "the examined as-of date is missing", ends)
        reference = report.as_of
        if months_after(ends, TYPE1_MONTHS) >= ctx.today:
            return VendorReportJudgment(
                "current",
                f"{described} {ends.isoformat()}, no more than {TYPE1_MONTHS} months before "
                f"today ({ctx.today.isoformat()})",
                ends,
            )
        if ends >= reference:
            return VendorReportJudgment(
                "current",
                f"{described} {ends.isoformat()}, on or after the as-of date "
                f"{reference.isoformat()}",
                ends,
            )
        short = (
            f"{described} {ends.isoformat()}, more than {TYPE1_MONTHS} months before today "
            f"({ctx.today.isoformat()}), for the as-of date {reference.isoformat()}"
        )
        target = "the as-of date"
    bridge = vendor.bridge_letter_through
    if bridge is not None and bridge >= reference:
        return VendorReportJudgment(
            "bridged",
            f"{short}; bridge letter through {bridge.isoformat()}, reaching {target}",
            ends,
            reference,
        )
    letter = (
        "no bridge letter"
        if bridge is None
        else f"bridge letter only through {bridge.isoformat()}, short of {target}"
    )
    return VendorReportJudgment(
        "stale",
        f"{short}; {letter}",
        ends,
        reference,
        gap=Span(max(ends, bridge or ends) + _DAY, reference),
    )
