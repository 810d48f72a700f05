"""GitHub-flavoured Markdown readiness report, for a pull-request comment or a wiki page.

Ordering is stable (catalog order for criteria, management's order for objectives, natural
order for controls, file order for findings) and nothing depends on the clock except the
``--today`` date, so two runs on the same files diff cleanly.
"""

from __future__ import annotations

import re

from soccheck.readiness.common import (
    component_label,
    days_label,
    deviation_facts,
    findings_summary,
    one_line,
    percent,
    plural,
    vendor_report,
    vendor_review,
    vendor_status,
)
from soccheck.readiness.model import (
    CONTROL_STATUS_LABELS,
    PLACEMENT_LABELS,
    STATUS_LABELS,
    STATUSES,
    FindingView,
    ReadinessReport,
    ReportView,
    Status,
    TestView,
)

STATUS_ICONS: dict[Status, str] = {
    "tested": "🟩",
    "untested": "🟨",
    "uncovered": "🟥",
    "waived": "🟦",
    "not-applicable": "⬜",
}

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~#!])")
_REFERENCE = re.compile(r"(?<=@)(?=[A-Za-z0-9])|(?<=#)(?=[0-9])")
"""Where GitHub would turn text into a mention (``@alice``, ``@org/team``) or an issue
reference (``#123``): right after the ``@`` or ``#``."""
_BREAK = "<!-- -->"
"""An empty HTML comment: renders as nothing, but splits the text GitHub scans for mentions
and references, so ``@<!-- -->alice`` shows as "@alice" and notifies nobody."""


def md(text: str | None) -> str:
    """Text safe inside a table cell: one line, Markdown and HTML syntax escaped, and no
    @-mentions or #-references. A report posted as a pull-request comment on every run would
    otherwise notify whoever a control file or waiver names, each time, and add a
    cross-reference to the timeline of every issue it cites."""
    escaped = _SPECIAL.sub(r"\\\1", one_line(text).replace("&", "&amp;"))
    return _REFERENCE.sub(_BREAK, escaped)


def code(text: str) -> str:
    """An inline code span that survives backticks and pipes in ``text``."""
    text = one_line(text).replace("|", "\\|")
    fence = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def render(report: ReadinessReport) -> str:
    out = [
        f"# Readiness report: {md(report.system)}",
        "",
        f"As of {report.today.isoformat()} · soccheck {report.version} · "
        f"{plural(report.files, 'file')}, {plural(len(report.controls), 'control')}",
    ]
    if not report.reports:
        out += ["", "The system description defines no reports."]
    for view in report.reports:
        out += ["", *_report(view)]
    if report.has_audit_trail:
        out += ["", *_audit_trail(report)]
    out += ["", *_findings(report)]
    return "\n".join(out) + "\n"


def _report(view: ReportView) -> list[str]:
    items = view.items_plural
    applicable = view.items_applicable
    tested_controls, in_scope = len(view.controls_tested), len(view.controls_in_scope)
    na = view.count("not-applicable")
    group_head = "Category" if view.item_noun == "criterion" else "Group"
    out = [
        f"## {md(view.label)}",
        "",
        *([f"{md(view.title)}  "] if view.title else []),
        f"{md(view.scope_dates.capitalize() or 'No dates')}; {md(view.window_note)}.",
        "",
        f"**{md(view.verdict)}**",
        "",
        "| Readiness | Figure | % |",
        "|---|---:|---:|",
        f"| {items.capitalize()} covered | {view.items_covered} / {applicable}"
        f"{f' ({na} not applicable)' if na else ''} | {percent(view.items_covered, applicable)} |",
        f"| {items.capitalize()} covered and tested | {view.count('tested')} / {applicable} "
        f"| {percent(view.count('tested'), applicable)} |",
        f"| Controls tested | {tested_controls} / {in_scope} | "
        f"{percent(tested_controls, in_scope)} |",
        f"| Open findings | {findings_summary(view)} | |",
        "",
        "| " + " | ".join([group_head, *(STATUS_LABELS[s] for s in STATUSES)]) + " |",
        "|---|" + "---:|" * len(STATUSES),
    ]
    for group in view.groups:
        counts = " | ".join(str(group.count(s)) for s in STATUSES)
        out.append(f"| {md(group.name)} | {counts} |")
    if view.controls_untested:
        out += ["", f"Untested controls: {', '.join(code(c) for c in view.controls_untested)}"]
    if view.controls_waived:
        out += ["", f"Untested, waived: {', '.join(code(c) for c in view.controls_waived)}"]
    if view.findings_by_rule:
        out += ["", "| Open findings by rule | Severity | Count |", "|---|---|---:|"]
        out += [f"| {code(r)} | {s} | {n} |" for r, s, n in view.findings_by_rule]
    heading = "Criterion" if view.item_noun == "criterion" else "Objective"
    out += [
        "",
        f"| {heading} | Status | Controls | Title |",
        "|---|---|---|---|",
    ]
    for group in view.groups:
        for item in group.items:
            status = f"{STATUS_ICONS[item.status]} {STATUS_LABELS[item.status]}"
            if item.exceptions:
                status += f" (exceptions: {', '.join(md(t) for t in item.exceptions)})"
            title = md(item.title)
            if item.note:
                title += f" — _{md(item.note)}_"
            controls = ", ".join(md(c) for c in item.controls) or "—"
            out.append(f"| {md(item.id)} | {status} | {controls} | {title} |")
    out += _scope(view)
    return out


def _ids(ids: tuple[str, ...]) -> str:
    return ", ".join(md(i) for i in ids) or "—"


def _scope(view: ReportView) -> list[str]:
    """The sections of scope as an auditor draws it; each only when it has something."""
    out: list[str] = []
    if view.scope:
        out += [
            "",
            f"### Controls in scope ({len(view.scope)}, {len(view.key_controls)} key)",
            "",
            "| Control | Key | Layer | Operated | Status | Title |",
            "|---|---|---|---|---|---|",
        ]
        out += [
            f"| {md(c.id)} | {'yes' if c.key else 'no'} | {md(c.layer or '—')} "
            f"| {md(c.operated or 'throughout')} | {CONTROL_STATUS_LABELS[c.status]} "
            f"| {md(c.title)} |"
            for c in view.scope
        ]
    if view.scoped_out:
        scoped_out = ", ".join(f"{code(c.id)} ({md(c.reason)})" for c in view.scoped_out)
        out += ["", f"Scoped out: {scoped_out}"]
    if view.systems:
        out += [
            "",
            "### Systems",
            "",
            "| System | Name | Components | IT general controls | Other controls |",
            "|---|---|---|---|---|",
        ]
        for system in view.systems:
            name = md(system.name)
            if system.description:
                name += f" — {md(system.description)}"
            components = "<br>".join(
                f"{component_label(c)}: {'; '.join(md(i) for i in items)}"
                for c, items in system.components
            )
            out.append(
                f"| {md(system.id)} | {name} | {components or '—'} | {_ids(system.itgcs)} "
                f"| {_ids(system.controls)} |"
            )
    if view.vendors:
        out += [
            "",
            "### Subservice organizations",
            "",
            "| Organization | Method | SOC report | Review | Report status | Controls in scope |",
            "|---|---|---|---|---|---|",
        ]
        for vendor in view.vendors:
            out.append(
                f"| {md(vendor.id)}: {md(vendor.name)} | {vendor.method} "
                f"| {md(vendor_report(vendor))} | {md(vendor_review(vendor)) or '—'} "
                f"| {md(vendor_status(vendor))} | {_ids(vendor.controls)} |"
            )
    if view.csocs:
        out += [
            "",
            "### CSOCs",
            "",
            "| CSOC | Organization | Maps | Description |",
            "|---|---|---|---|",
        ]
        out += [
            f"| {md(c.id or '—')} | {md(c.organization)} | {_ids(c.maps)} | {md(c.description)} |"
            for c in view.csocs
        ]
    if view.cuecs:
        out += [
            "",
            "### CUECs",
            "",
            "| CUEC | Maps | Complements | Description |",
            "|---|---|---|---|",
        ]
        out += [
            f"| {md(c.id)} | {_ids(c.maps)} | {_ids(c.controls)} | {md(c.description)} |"
            for c in view.cuecs
        ]
    if view.changes:
        out += [
            "",
            f"### Changes {days_label(view)}",
            "",
            "| Date | Controls | Description |",
            "|---|---|---|",
        ]
        out += [
            f"| {c.date.isoformat()} | {_ids(c.controls)} | {md(c.description)} |"
            for c in view.changes
        ]
    if view.incidents:
        out += [
            "",
            f"### Incidents {days_label(view)}",
            "",
            "| Date | Incident | Criteria | Description |",
            "|---|---|---|---|",
        ]
        out += [
            f"| {i.date.isoformat()} | {md(i.id)} | {_ids(i.criteria)} | {md(i.description)} |"
            for i in view.incidents
        ]
    return out


def _findings(report: ReadinessReport) -> list[str]:
    open_findings = report.open_findings
    out = [f"## Open findings ({len(open_findings)})", ""]
    if not open_findings:
        out.append("None.")
    else:
        out += _findings_table(open_findings, waived=False)
    waived = report.waived_findings
    if waived:
        out += ["", f"## Waived findings ({len(waived)})", ""]
        out += _findings_table(waived, waived=True)
    return out


def _findings_table(findings: list[FindingView], *, waived: bool) -> list[str]:
    header = "| Location | Severity | Rule | Subject | Message |"
    if waived:
        header += " Waiver |"
    out = [header, "|---" * (6 if waived else 5) + "|"]
    for f in findings:
        row = (
            f"| {code(f.location)} | {f.severity} | {code(f.rule)} | {md(f.subject or '')} "
            f"| {md(f.message)} |"
        )
        if waived and f.waived is not None:
            w = f.waived
            ticket = f", {md(w.ticket)}" if w.ticket else ""
            row += f" until {md(w.expires)} by {md(w.approved_by)}{ticket}: {md(w.reason)} |"
        out.append(row)
    return out


def _audit_trail(report: ReadinessReport) -> list[str]:
    """Tables of every test's audit trail, the deviations and the evidence timeline; the
    tables for population sources, deviations and timelines only when there is a row."""
    out = [
        "## Audit trail",
        "",
        "### Tests",
        "",
        "| Control | Test | Kind | Method | Performed | Covers | Population | Sample "
        "| Exceptions | Result | Reviewed |",
        "|---|---|---|---|---|---|---:|---:|---:|---|---|",
    ]
    sources: list[str] = []
    deviations: list[str] = []
    timeline: list[str] = []
    for control in report.controls:
        for test in control.tests:
            out.append(
                f"| {md(control.id)} | {md(test.id)} | {test.kind} | {', '.join(test.methods)} "
                f"| {test.performed_on.isoformat()} by {md(test.performed_by)} "
                f"| {_covers(test)} | {_n(test.population)} | {_n(test.sample_size)} "
                f"| {_n(test.exceptions)} | {_result(test)} | {_reviewed(test)} |"
            )
            if test.population_source:
                sources.append(f"| {md(test.id)} | {md(test.population_source)} |")
            for d in test.deviations:
                facts = dict(deviation_facts(d))
                deviations.append(
                    f"| {md(test.id)} | {md(d.item)} | {md(d.description)} "
                    f"| {md(facts.get('Cause')) or '—'} | {md(facts['Management response'])} "
                    f"| {md(facts.get('Remediated on')) or '—'} "
                    f"| {md(facts.get('Compensating controls')) or '—'} |"
                )
        for view in control.timelines:
            lead = f"| {md(control.id)} | {md(view.report)} | {view.period.text} "
            timeline += [
                f"{lead}| {e.as_of.isoformat()} | {PLACEMENT_LABELS[e.placement]} "
                f"| {code(e.location)} |"
                for e in view.evidence
            ]
            timeline += [f"{lead}| — | undated | {code(location)} |" for location in view.undated]
    if sources:
        out += ["", "### Population sources", "", "| Test | Population source |", "|---|---|"]
        out += sources
    if deviations:
        out += [
            "",
            "### Deviations",
            "",
            "| Test | Deviation | Description | Cause | Management response | Remediated on "
            "| Compensating controls |",
            "|---|---|---|---|---|---|---|",
            *deviations,
        ]
    if timeline:
        out += [
            "",
            "### Evidence timeline",
            "",
            "| Control | Report | Period | Evidence as of | Placement | Evidence |",
            "|---|---|---|---|---|---|",
            *timeline,
        ]
    return out


def _n(value: int | None) -> str:
    return "—" if value is None else str(value)


def _covers(test: TestView) -> str:
    phase = f" ({test.phase})" if test.phase else ""
    if test.covers is None:
        return test.phase or "—"
    return f"{test.covers.text}{phase}"


def _result(test: TestView) -> str:
    notes = []
    if test.retest_of:
        notes.append(f"retest of {md(test.retest_of)}")
    if test.retested_by:
        notes.append(f"retested by {', '.join(md(t) for t in test.retested_by)}")
    return test.result + (f" ({'; '.join(notes)})" if notes else "")


def _reviewed(test: TestView) -> str:
    parts = []
    if test.reviewed_by:
        parts.append(md(test.reviewed_by))
    if test.reviewed_on:
        parts.append(f"on {test.reviewed_on.isoformat()}")
    return " ".join(parts) or "—"
