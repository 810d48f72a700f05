"""Plain-text readiness report for the terminal: per report, the figures and the criteria."""

from __future__ import annotations

from soccheck.readiness.common import findings_summary, one_line, percent, plural, status_counts
from soccheck.readiness.model import STATUS_LABELS, ReadinessReport, ReportView


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
