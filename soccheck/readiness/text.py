"""Plain-text readiness report for the terminal: per report, the figures and the criteria,
then (for a program that draws scope per report) the controls in scope, systems, vendors,
CSOCs, CUECs, changes and incidents; after the reports, the audit trail (each control's tests
and evidence timelines)."""

from __future__ import annotations

from collections.abc import Sequence

from soccheck.readiness.common import (
    component_label,
    days_label,
    deviation_facts,
    findings_summary,
    one_line,
    percent,
    plural,
    status_counts,
    test_numbers,
    vendor_report,
    vendor_review,
    vendor_status,
)
from soccheck.readiness.model import (
    CONTROL_STATUS_LABELS,
    STATUS_LABELS,
    ControlView,
    ReadinessReport,
    ReportView,
    TestView,
)


def render(report: ReadinessReport) -> str:
    lines = [
        f"Readiness report: {one_line(report.system)}",
        f"As of {report.today.isoformat()} (soccheck {report.version}); "
        f"{plural(report.files, 'file')}, {plural(len(report.controls), 'control')}",
    ]
    if not report.reports:
        lines += ["", "The system description defines no reports."]
    for view in report.reports:
        lines += ["", *_report(view)]
    if report.has_audit_trail:
        lines += ["", *_audit_trail(report)]
    return "\n".join(lines) + "\n"


def _report(view: ReportView) -> list[str]:
    items = view.items_plural
    header = f"{view.label}: {one_line(view.title)}" if view.title else view.label
    lines = [header, "=" * min(len(header), 100)]
    if view.scope_dates:
        lines.append(f"{view.scope_dates.capitalize()}; {view.window_note}.")
    else:
        lines.append(f"{view.window_note.capitalize()}.")
    lines.append(view.verdict)
    applicable = view.items_applicable
    na = view.count("not-applicable")
    scope_note = f" ({na} not applicable)" if na else ""
    rows = [
        (
            f"{items.capitalize()} covered",
            f"{view.items_covered} / {applicable}{scope_note}",
            percent(view.items_covered, applicable),
        ),
        (
            f"{items.capitalize()} covered and tested",
            f"{view.count('tested')} / {applicable}",
            percent(view.count("tested"), applicable),
        ),
        (
            "Controls tested",
            f"{len(view.controls_tested)} / {len(view.controls_in_scope)} in scope",
            percent(len(view.controls_tested), len(view.controls_in_scope)),
        ),
        ("Open findings", findings_summary(view), ""),
    ]
    width = max(len(label) for label, _, _ in rows)
    value_width = max(len(value) for _, value, _ in rows[:3])
    for label, value, pct in rows:
        lines.append(f"  {label:<{width}}  {value:<{value_width}}  {pct}".rstrip())
    lines.append(f"  {'':<{width}}  {status_counts(view)}")
    if view.controls_untested:
        lines.append(f"  Untested controls: {', '.join(view.controls_untested)}")
    if view.controls_waived:
        lines.append(f"  Untested, waived: {', '.join(view.controls_waived)}")
    if view.findings_by_rule:
        lines += ["", "  Open findings by rule:"]
        rule_width = max(len(rule) for rule, _, _ in view.findings_by_rule)
        for rule, severity, count in view.findings_by_rule:
            lines.append(f"    {rule:<{rule_width}}  {severity:<7}  {count:>4}")
    lines += ["", *_items_table(view)]
    lines += _scope(view)
    return lines


def _ids(ids: tuple[str, ...], none: str = "-") -> str:
    return ", ".join(ids) or none


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    """Columns padded to their widest cell; the last column runs on."""
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: tuple[str, ...]) -> str:
        padded = [f"{c:<{w}}" for c, w in zip(cells[:-1], widths, strict=False)]
        return "    " + "  ".join([*padded, cells[-1]]).rstrip()

    rule = (*("-" * w for w in widths[:-1]), "-" * len(header[-1]))
    return [line(header), line(rule), *(line(r) for r in rows)]


def _scope(view: ReportView) -> list[str]:
    """The sections of scope as an auditor draws it; each only when it has something."""
    out: list[str] = []
    if view.scope:
        rows = [
            (
                c.id,
                "yes" if c.key else "no",
                c.layer or "-",
                c.operated or "throughout",
                CONTROL_STATUS_LABELS[c.status],
                one_line(c.title),
            )
            for c in view.scope
        ]
        out += [
            "",
            f"  Controls in scope: {len(view.scope)} ({len(view.key_controls)} key)",
            *_table(("Control", "Key", "Layer", "Operated", "Status", "Title"), rows),
        ]
    if view.scoped_out:
        scoped_out = ", ".join(f"{c.id} ({one_line(c.reason)})" for c in view.scoped_out)
        out.append(f"  Scoped out: {scoped_out}")
    if view.systems:
        out += ["", "  Systems:"]
        for system in view.systems:
            out.append(f"    {system.id}: {one_line(system.name)}")
            if system.description:
                out.append(f"      {one_line(system.description)}")
            for component, items in system.components:
                joined = "; ".join(one_line(i) for i in items)
                out.append(f"      {component_label(component)}: {joined}")
            out.append(f"      IT general controls: {_ids(system.itgcs)}")
            out.append(f"      Other controls: {_ids(system.controls)}")
    if view.vendors:
        out += ["", "  Subservice organizations:"]
        for vendor in view.vendors:
            out.append(f"    {vendor.id}: {one_line(vendor.name)}, {vendor.method}")
            review = vendor_review(vendor)
            report = vendor_report(vendor) + (f"; {one_line(review)}" if review else "")
            out.append(f"      SOC report: {report}")
            out.append(f"      Report status: {vendor_status(vendor)}")
            if vendor.method == "inclusive" or vendor.controls:
                out.append(f"      Controls in scope: {_ids(vendor.controls)}")
    if view.csocs:
        out += ["", "  CSOCs:"]
        for csoc in view.csocs:
            name = csoc.id or "(a sentence)"
            out.append(
                f"    {name} ({one_line(csoc.organization)}) maps {_ids(csoc.maps, 'nothing')}: "
                f"{one_line(csoc.description)}"
            )
    if view.cuecs:
        out += ["", "  CUECs:"]
        for cuec in view.cuecs:
            complements = _ids(cuec.controls, "no control in scope")
            out.append(
                f"    {cuec.id} maps {_ids(cuec.maps, 'nothing')}, complements {complements}: "
                f"{one_line(cuec.description)}"
            )
    if view.changes:
        out += ["", f"  Changes {days_label(view)}:"]
        for change in view.changes:
            controls = f" ({one_line(', '.join(change.controls))})" if change.controls else ""
            out.append(f"    {change.date.isoformat()}{controls}: {one_line(change.description)}")
    if view.incidents:
        out += ["", f"  Incidents {days_label(view)}:"]
        for incident in view.incidents:
            criteria = f" ({one_line(', '.join(incident.criteria))})" if incident.criteria else ""
            out.append(
                f"    {incident.date.isoformat()} {incident.id}{criteria}: "
                f"{one_line(incident.description)}"
            )
    return out


def _items_table(view: ReportView) -> list[str]:
    heading = "Criterion" if view.item_noun == "criterion" else "Objective"
    rows = []
    for group in view.groups:
        for item in group.items:
            status = STATUS_LABELS[item.status]
            if item.exceptions:
                status += " (exceptions)"
            controls = ", ".join(item.controls) or "-"
            rows.append((item.id, status, controls, one_line(item.title)))
    if not rows:
        return [f"  No {view.items_plural} in scope."]
    widths = [
        max(len(heading), *(len(r[0]) for r in rows)),
        max(len("Status"), *(len(r[1]) for r in rows)),
        max(len("Controls"), *(len(r[2]) for r in rows)),
    ]
    widths[2] = min(widths[2], 40)

    def line(cells: tuple[str, str, str, str]) -> str:
        first, second, third, fourth = cells
        return f"  {first:<{widths[0]}}  {second:<{widths[1]}}  {third:<{widths[2]}}  {fourth}"

    out = [line((heading, "Status", "Controls", "Title")).rstrip()]
    out.append(line(("-" * widths[0], "-" * widths[1], "-" * widths[2], "-----")))
    out += [line(r).rstrip() for r in rows]
    notes = [
        (item.id, item.note)
        for group in view.groups
        for item in group.items
        if item.note and item.status in ("waived", "not-applicable")
    ]
    if notes:
        out += ["", "  Notes:"]
        out += [f"    {item_id}: {one_line(note)}" for item_id, note in notes]
    return out


def _audit_trail(report: ReadinessReport) -> list[str]:
    """Per control, each test's audit trail and the evidence timeline of each Type 2 report."""
    lines = ["Audit trail", "==========="]
    for control in report.controls:
        if control.tests or control.timelines:
            lines += ["", *_control_trail(control)]
    return lines


def _control_trail(control: ControlView) -> list[str]:
    lines = [f"{one_line(control.id)}: {one_line(control.title)}"]
    for test in control.tests:
        lines += _test_trail(test)
    for timeline in control.timelines:
        lines.append(f"  Evidence timeline, {one_line(timeline.summary)}")
        lines += [f"    {one_line(detail)}" for detail in timeline.details]
    return lines


def _test_trail(test: TestView) -> list[str]:
    lines = [
        f"  {one_line(test.id)} ({test.kind}; {', '.join(test.methods)}): performed "
        f"{test.performed_on.isoformat()} by {one_line(test.performed_by)}, result {test.result}"
    ]
    numbers = test_numbers(test)
    if numbers:
        lines.append(f"    {numbers}")
    if test.covers is not None:
        phase = f" ({test.phase})" if test.phase else ""
        lines.append(f"    Covers: {test.covers.text}{phase}")
    elif test.phase:
        lines.append(f"    Phase: {test.phase}")
    if test.population_source:
        lines.append(f"    Population source: {one_line(test.population_source)}")
    if test.reviewed_by_id or test.reviewed_on:
        lines.append(f"    Reviewed: {_reviewed(test)}")
    if test.retest_of:
        lines.append(f"    Retest of: {one_line(test.retest_of)}")
    if test.retested_by:
        lines.append(f"    Retested by: {one_line(', '.join(test.retested_by))}")
    for deviation in test.deviations:
        lines.append(
            f"    Deviation: {one_line(deviation.item)}: {one_line(deviation.description)}"
        )
        facts = deviation_facts(deviation)
        lines += [f"      {label}: {one_line(value)}" for label, value in facts]
    return lines


def _reviewed(test: TestView) -> str:
    parts = []
    if test.reviewed_by:
        parts.append(f"by {one_line(test.reviewed_by)}")
    if test.reviewed_on:
        parts.append(f"on {test.reviewed_on.isoformat()}")
    return " ".join(parts)
