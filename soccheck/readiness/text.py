"""Plain-text readiness report for the terminal: per report, the figures and the criteria."""

from __future__ import annotations

from soccheck.readiness.common import (
    deviation_facts,
    findings_summary,
    one_line,
    percent,
    plural,
    status_counts,
    test_numbers,
)
from soccheck.readiness.model import (
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
    return lines


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
