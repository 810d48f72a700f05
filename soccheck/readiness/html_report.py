"""A self-contained HTML readiness report: the page a compliance lead sends to the CISO.

One file, no network: the stylesheet is inline, there are no scripts, fonts or images to
fetch, and evidence links are shown as text rather than followed. Everything that comes from
the program (titles, descriptions, procedures, messages) is escaped, because control files are
edited by many hands. Tables are real tables with captions and header scopes; status is
never conveyed by colour alone (every tile carries a symbol and a text label); colours meet
WCAG AA contrast; the print stylesheet keeps the colours and avoids splitting cards, so
"Print to PDF" gives a document that can be filed.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable

from soccheck.checks.vendor_reports import VendorReportStatus
from soccheck.readiness.common import (
    component_label,
    days_label,
    deviation_facts,
    findings_summary,
    percent,
    plural,
    vendor_report,
    vendor_review,
)
from soccheck.readiness.model import (
    CONTROL_STATUS_LABELS,
    PLACEMENT_LABELS,
    STATUS_LABELS,
    STATUSES,
    ControlView,
    FindingView,
    ItemGroup,
    ItemView,
    Readiness,
    ReadinessReport,
    ReportView,
    Status,
    TestView,
    TimelineView,
    VendorView,
)
from soccheck.support.text import printable

SYMBOLS: dict[Status, str] = {
    "tested": "✓",
    "untested": "!",
    "uncovered": "✕",
    "waived": "~",
    "not-applicable": "–",
}


SHORT: dict[Status, str] = {
    "tested": "tested",
    "untested": "untested",
    "uncovered": "uncovered",
    "waived": "waived",
    "not-applicable": "n/a",
}


def e(text: object) -> str:
    """Escape text for element content and quoted attribute values."""
    return html.escape(printable(str(text), keep_breaks=True), quote=True)


def anchor(prefix: str, ident: str) -> str:
    return e(f"{prefix}-{ident}")


CSS = """
:root {
  --ink: #1d2433; --muted: #4a5568; --line: #d5dae3; --paper: #ffffff; --wash: #f4f6f9;
  --brand: #1b3a5c;
  --tested: #1e6b45; --tested-ink: #ffffff;
  --untested: #f0c02f; --untested-ink: #1d2433;
  --uncovered: #b42318; --uncovered-ink: #ffffff;
  --waived: #3d4fc4; --waived-ink: #ffffff;
  --na: #e3e7ed; --na-ink: #3b4454;
  --tl-in: #0b6e4f; --tl-out: #a8320f; --tl-band: #e3f1ea; --tl-span: #3346b8;
  --tl-nocount: #7d8799;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; color: var(--ink); background: var(--wash);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Liberation Sans", "DejaVu Sans", sans-serif;
}
.page { max-width: 1180px; margin: 0 auto; padding: 0 28px 40px; }
header.masthead { background: var(--brand); color: #fff; padding: 28px 0 22px; }
header.masthead .page { padding-bottom: 0; }
.eyebrow { margin: 0; text-transform: uppercase; letter-spacing: .12em; font-size: 12px;
  font-weight: 600; color: #c9d6e8; }
h1 { margin: 4px 0 6px; font-size: 30px; line-height: 1.2; }
.meta { margin: 0; color: #dfe7f2; font-size: 14px; }
nav.toc { margin-top: 14px; font-size: 14px; }
nav.toc a { color: #fff; margin-right: 18px; text-decoration: underline;
  text-underline-offset: 3px; }
h2 { font-size: 22px; margin: 0 0 4px; line-height: 1.25; }
h3 { font-size: 17px; margin: 26px 0 10px; }
h4 { font-size: 14px; margin: 14px 0 6px; text-transform: uppercase; letter-spacing: .06em;
  color: var(--muted); }
section.panel { background: var(--paper); border: 1px solid var(--line); border-radius: 10px;
  padding: 24px 28px; margin-top: 24px; }
.tag { display: inline-block; font: 600 12px/1.6 ui-monospace, "SFMono-Regular", Menlo,
  Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace; background: var(--wash);
  border: 1px solid var(--line); border-radius: 4px; padding: 0 6px; color: var(--ink);
  vertical-align: middle; }
.scope { margin: 2px 0 0; color: var(--muted); }
.verdict { margin: 16px 0 0; padding: 12px 16px; border-radius: 8px; font-weight: 600;
  border-left: 6px solid; }
.verdict.ready { background: #e7f4ec; border-color: var(--tested); color: #14472e; }
.verdict.not-ready { background: #fdecea; border-color: var(--uncovered); color: #7a1a12; }
.verdict.ready-with-waivers { background: #e6e9fb; border-color: #2c3a99; color: #1f2a70; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 14px; margin: 18px 0 0;
  padding: 0; list-style: none; }
.figure { border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
.figure .value { display: block; font-size: 28px; font-weight: 700; line-height: 1.15; }
.figure .value small { font-size: 16px; font-weight: 600; color: var(--muted); }
.figure .label { display: block; color: var(--muted); font-size: 13px; margin-top: 2px; }
.bar { height: 8px; background: var(--na); border-radius: 4px; margin-top: 10px;
  overflow: hidden; }
.bar span { display: block; height: 100%; background: var(--tested); }
.bar.partial span { background: #c27c0e; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
caption { text-align: left; font-weight: 600; padding: 0 0 6px; color: var(--ink); }
th, td { text-align: left; vertical-align: top; padding: 6px 10px;
  border-bottom: 1px solid var(--line); }
thead th { background: var(--wash); font-size: 12px; text-transform: uppercase;
  letter-spacing: .04em; color: var(--muted); border-bottom: 2px solid var(--line); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.matrix thead th { text-transform: none; letter-spacing: 0; font-size: 13px; }
.matrix td.num { font-weight: 600; }
.matrix td.zero { color: #8a94a6; font-weight: 400; }
.legend + .heat { margin-top: 12px; }
table.heatmap { width: auto; margin-bottom: 14px; }
table.heatmap caption { font-size: 14px; }
table.heatmap th[scope=row] { font-weight: 600; white-space: nowrap; padding: 3px 12px 3px 0;
  border: 0; color: var(--ink); font-size: 13px; width: 250px; min-width: 250px; }
table.heatmap th[scope=row] span { display: block; font-weight: 400; color: var(--muted);
  font-size: 12px; }
table.heatmap td { padding: 3px; border: 0; }
.tile { display: block; width: 76px; border-radius: 6px; padding: 5px 7px; font-weight: 700;
  font-size: 13px; line-height: 1.25; }
.tile .sym { float: right; font-weight: 700; }
.tile .what { display: block; font-weight: 500; font-size: 10.5px; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; }
.objectives .tile { width: 112px; }
.s-tested { background: var(--tested); color: var(--tested-ink); }
.s-untested { background: var(--untested); color: var(--untested-ink); }
.s-uncovered { background: var(--uncovered); color: var(--uncovered-ink); }
.s-waived { background: var(--waived); color: var(--waived-ink); }
.s-not-applicable { background: var(--na); color: var(--na-ink); }
.badge { display: inline-block; border-radius: 999px; padding: 1px 9px; font-size: 12px;
  font-weight: 600; white-space: nowrap; }
.legend { display: flex; flex-wrap: wrap; gap: 8px 16px; margin: 8px 0 0; padding: 0;
  list-style: none; font-size: 13px; color: var(--muted); }
.legend .badge { margin-right: 6px; }
.cols { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 24px; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono",
  "DejaVu Sans Mono", monospace; font-size: 12.5px; }
.ids a, a.ref { color: var(--brand); }
.note { color: var(--muted); font-size: 13px; }
.exceptions { color: #8a3c00; font-size: 13px; font-weight: 600; }
.cards { display: grid; grid-template-columns: minmax(0, 1fr); gap: 14px; }
article.card { border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px;
  background: var(--paper); }
article.card h3 { margin: 0; font-size: 16px; }
article.card h3 .tag { margin-right: 8px; }
.card-head { display: flex; justify-content: space-between; gap: 12px; align-items: baseline;
  flex-wrap: wrap; }
.badges { display: flex; gap: 6px; flex-wrap: wrap; }
.b-key { background: #1b3a5c; color: #fff; }
.b-tested { background: #e2f1e8; color: #14472e; }
.b-untested { background: #fff3cd; color: #5c4300; }
.b-waived { background: #e6e9fb; color: #2c3a99; }
.b-error { background: #fdecea; color: #8c1d13; }
.b-warning { background: #fff3cd; color: #5c4300; }
.b-pass { background: #e2f1e8; color: #14472e; }
.b-exceptions { background: #fff3cd; color: #5c4300; }
.b-fail { background: #fdecea; color: #8c1d13; }
.b-neutral { background: #e3e7ed; color: #3b4454; }
dl.facts { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 8px 18px;
  margin: 12px 0; }
dl.facts div { min-width: 0; }
dl.facts dt { font-size: 11.5px; text-transform: uppercase; letter-spacing: .05em;
  color: var(--muted); }
dl.facts dd { margin: 0; font-size: 14px; overflow-wrap: anywhere; }
.desc { margin: 0 0 8px; font-size: 14px; }
table.tests td.procedure { color: var(--muted); font-size: 13px; padding-top: 0; }
table.tests th[scope=row] { white-space: nowrap; }
table.tests tr.test-main td { border-bottom: 0; }
ul.evidence { margin: 0; padding-left: 18px; font-size: 14px; }
ul.evidence li { overflow-wrap: anywhere; }
.as-of { color: var(--muted); white-space: nowrap; }
table.tests tr.has-trail td { border-bottom: 0; }
table.tests td.trail { padding-top: 0; }
dl.trail { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 12px;
  margin: 0 0 6px; font-size: 13px; }
dl.trail dt { color: var(--muted); }
dl.trail dd { margin: 0; overflow-wrap: anywhere; }
table.deviations { font-size: 13px; margin: 4px 0 6px; }
table.deviations caption { font-size: 13px; }
table.deviations td { overflow-wrap: anywhere; }
figure.timeline { margin: 12px 0 0; }
figure.timeline svg { display: block; width: 100%; max-width: 760px; height: auto; }
figure.timeline .band { fill: var(--tl-band); stroke: var(--tl-in); stroke-width: 1; }
figure.timeline .axis { stroke: var(--tl-nocount); stroke-width: 1; }
figure.timeline .during { fill: var(--tl-in); stroke: #fff; stroke-width: 1.5; }
figure.timeline .outside { fill: var(--tl-out); stroke: #fff; stroke-width: 1.5; }
figure.timeline .span { fill: var(--tl-span); }
figure.timeline .span.no-count { fill: var(--tl-nocount); }
figure.timeline text { font: 11px system-ui, -apple-system, "Segoe UI", Roboto, Arial,
  "Liberation Sans", "DejaVu Sans", sans-serif; fill: var(--muted); }
figure.timeline figcaption { font-size: 13px; color: var(--muted); margin-top: 4px; }
.card-findings { margin: 10px 0 0; padding: 8px 12px; background: #fdf5f4;
  border-radius: 6px; font-size: 13px; list-style: none; }
table.findings { margin-top: 16px; }
.findings td.loc, .findings td.rule, .by-rule th { white-space: nowrap; }
.findings td.msg { overflow-wrap: anywhere; }
.empty { color: var(--muted); font-style: italic; margin: 6px 0; }
table.scope { margin-bottom: 8px; }
table.scope .nw, table.scope th.mono, table.scope .ids a { white-space: nowrap; }
footer { color: var(--muted); font-size: 12.5px; margin-top: 28px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
@media (max-width: 800px) {
  .figures, dl.facts { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .cols { grid-template-columns: minmax(0, 1fr); }
}
@page { size: A4; margin: 14mm 12mm; }
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { background: #fff; font-size: 10.5pt; }
  .page { max-width: none; padding: 0; }
  header.masthead { padding: 0 0 10px; background: #fff; color: var(--ink);
    border-bottom: 3px solid var(--brand); }
  header.masthead .eyebrow, header.masthead .meta { color: var(--muted); }
  nav.toc { display: none; }
  section.panel { border: 0; padding: 0; margin-top: 18px; border-radius: 0; }
  section.panel + section.panel { break-before: page; }
  #overview + section.panel { break-before: auto; }
  article.card, .figure, table.heatmap, tr, .verdict, figure.timeline { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  .figures { grid-template-columns: repeat(4, 1fr); }
  dl.facts { grid-template-columns: repeat(4, minmax(0, 1fr)); }
  a { color: inherit; text-decoration: none; }
}
"""


def render(report: ReadinessReport) -> str:
    title = f"Readiness report: {report.system}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="soccheck {e(report.version)}">',
        f"<title>{e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        *_masthead(report),
        '<main class="page">',
    ]
    if len(report.reports) > 1:
        parts += _overview(report)
    if not report.reports:
        parts.append(
            '<section class="panel"><p class="empty">The system description defines no '
            "reports.</p></section>"
        )
    cards = {c.id for c in report.controls}
    for view in report.reports:
        parts += _report_section(view, cards)
    parts += _controls_section(report)
    parts += _findings_section(report)
    parts += [
        "<footer>",
        f"<p>Generated by soccheck {e(report.version)} from {plural(report.files, 'file')} "
        f"as of {e(report.today.isoformat())}. A criterion or objective is "
        "<em>covered</em> when a control maps it and <em>tested</em> when one of those "
        "controls has a test that counts for the report (Type 2: an operating test performed "
        "on or after the first day of the period; Type 1: a design or operating test from "
        "the 12 months before the as-of date). Findings come from the same run as "
        "<code>soccheck validate</code>.</p>",
        "</footer>",
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _masthead(report: ReadinessReport) -> list[str]:
    links = [f'<a href="#{anchor("report", v.id)}">{e(v.label)}</a>' for v in report.reports]
    links += ['<a href="#controls">Controls</a>', '<a href="#findings">Findings</a>']
    return [
        '<header class="masthead"><div class="page">',
        '<p class="eyebrow">SOC readiness report</p>',
        f"<h1>{e(report.system)}</h1>",
        f'<p class="meta">As of {e(report.today.isoformat())} · '
        f"{plural(len(report.controls), 'control')} in {plural(report.files, 'file')} · "
        f"generated by soccheck {e(report.version)}</p>",
        f'<nav class="toc" aria-label="Contents">{"".join(links)}</nav>',
        "</div></header>",
    ]


_READINESS: dict[Readiness, str] = {
    "ready": "Ready",
    "ready-with-waivers": "Ready only with waivers",
    "not-ready": "Not ready",
}
_BADGES: dict[Readiness, str] = {
    "ready": "tested",
    "ready-with-waivers": "waived",
    "not-ready": "error",
}


def _overview(report: ReadinessReport) -> list[str]:
    rows = []
    for view in report.reports:
        applicable = view.items_applicable
        css = view.readiness
        rows.append(
            "<tr>"
            f'<th scope="row"><a class="ref" href="#{anchor("report", view.id)}">'
            f"{e(view.label)}</a></th>"
            f'<td class="num">{view.items_covered} / {applicable} {e(view.items_plural)}</td>'
            f'<td class="num">{view.count("tested")} / {applicable}</td>'
            f'<td class="num">{len(view.controls_tested)} / {len(view.controls_in_scope)}</td>'
            f"<td>{e(findings_summary(view))}</td>"
            f'<td><span class="badge b-{_BADGES[css]}">{_READINESS[css]}</span>'
            f'<span class="sr-only"> ({css})</span></td>'
            "</tr>"
        )
    return [
        '<section class="panel" id="overview" aria-labelledby="overview-h">',
        '<h2 id="overview-h">Reports at a glance</h2>',
        "<table>",
        "<caption>Readiness of each report this program prepares for</caption>",
        "<thead><tr>"
        '<th scope="col">Report</th><th scope="col" class="num">Covered</th>'
        '<th scope="col" class="num">Covered and tested</th>'
        '<th scope="col" class="num">Controls tested</th>'
        '<th scope="col">Open findings</th><th scope="col">Verdict</th>'
        "</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody></table>",
        "</section>",
    ]


def _figure(value: int, whole: int, label: str) -> str:
    pct = percent(value, whole)
    width = 0 if whole == 0 else value * 100 // whole
    partial = "" if value == whole else " partial"
    return (
        '<li class="figure">'
        f'<span class="value">{value} <small>/ {whole}</small></span>'
        f'<span class="label">{e(label)} ({pct})</span>'
        f'<div class="bar{partial}" aria-hidden="true"><span style="width: {width}%"></span></div>'
        "</li>"
    )


def _report_section(view: ReportView, cards: set[str]) -> list[str]:
    heading_id = anchor("report-h", view.id)
    items = view.items_plural
    applicable = view.items_applicable
    na = view.count("not-applicable")
    covered_label = f"{items} covered" + (f", {na} not applicable" if na else "")
    open_total = view.open_errors + view.open_warnings
    findings_label = (
        f"{plural(view.open_errors, 'error')}, {plural(view.open_warnings, 'warning')}"
        + (f", {view.waived_findings} waived" if view.waived_findings else "")
    )
    scope = f"{view.scope_dates.capitalize()}; " if view.scope_dates else ""
    parts = [
        f'<section class="panel report" id="{anchor("report", view.id)}" '
        f'aria-labelledby="{heading_id}">',
        f'<h2 id="{heading_id}">{e(view.title or view.label)} <span class="tag">{e(view.id)}</span>'
        "</h2>",
        f'<p class="scope">{e(view.label)} · {e(scope)}{e(view.window_note)}.</p>',
        f'<p class="verdict {view.readiness}">{e(view.verdict)}</p>',
        '<ul class="figures">',
        _figure(view.items_covered, applicable, covered_label),
        _figure(view.count("tested"), applicable, f"{items} covered and tested"),
        _figure(len(view.controls_tested), len(view.controls_in_scope), "controls tested"),
        '<li class="figure">'
        f'<span class="value">{open_total}</span>'
        f'<span class="label">open findings: {e(findings_label)}</span>'
        "</li>",
        "</ul>",
    ]
    parts += _matrix(view)
    parts += _heatmap(view)
    parts += _items_table(view)
    parts += _by_rule(view)
    parts += _scope(view, cards)
    parts.append("</section>")
    return parts


def _ids(ids: Iterable[str]) -> str:
    return e(", ".join(ids) or "—")


def _table(caption: str, header: list[str], rows: list[str]) -> list[str]:
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in header)
    return [
        '<table class="scope">',
        f"<caption>{e(caption)}</caption>",
        f"<thead><tr>{head}</tr></thead>",
        f"<tbody>{''.join(rows)}</tbody></table>",
    ]


_VENDOR_BADGES: dict[VendorReportStatus, str] = {
    "current": "pass",
    "bridged": "pass",
    "stale": "warning",
    "missing": "warning",
    "not-needed": "neutral",
    "not-judged": "neutral",
}
"""The badge colour of each vendor report status: the two the rules warn about look like a
warning. The badge always carries the status in words as well."""


def _vendor_status(vendor: VendorView) -> str:
    """The status as a badge with its words, then the reason under it."""
    badge = _VENDOR_BADGES[vendor.report_status]
    return (
        f'<span class="badge b-{badge}">{e(vendor.report_status_label)}</span><br>'
        f'<span class="note">{e(vendor.report_status_reason)}</span>'
    )


def _scope(view: ReportView, cards: set[str]) -> list[str]:
    """The sections of scope as an auditor draws it; each only when it has something.
    ``cards``: the controls with a card to link to (with ``--report``, a control scoped out
    of the shown report has none)."""
    parts: list[str] = []
    if view.scope:
        rows = [
            f'<tr><th scope="row" class="mono"><a href="#{anchor("control", c.id)}">{e(c.id)}'
            f'</a></th><td>{"yes" if c.key else "no"}</td><td class="nw">{e(c.layer or "—")}</td>'
            f'<td class="nw">{e(c.operated or "throughout")}</td>'
            f'<td><span class="badge b-{c.status}">{e(CONTROL_STATUS_LABELS[c.status])}</span></td>'
            f"<td>{e(c.title)}</td></tr>"
            for c in view.scope
        ]
        parts += [
            f"<h3>Controls in scope ({len(view.scope)}, {len(view.key_controls)} key)</h3>",
            *_table(
                f"Controls {view.id} examines: key flag, layer, and the days they operated",
                ["Control", "Key", "Layer", "Operated", "Status", "Title"],
                rows,
            ),
        ]
    if view.scoped_out:
        scoped_out = ", ".join(
            (
                f'<a class="ref mono" href="#{anchor("control", c.id)}">{e(c.id)}</a>'
                if c.id in cards
                else f'<span class="mono">{e(c.id)}</span>'
            )
            + f" ({e(c.reason)})"
            for c in view.scoped_out
        )
        parts.append(f'<p class="note">Scoped out: {scoped_out}</p>')
    if view.systems:
        rows = []
        for system in view.systems:
            description = (
                f'<div class="note">{e(system.description)}</div>' if system.description else ""
            )
            components = "".join(
                f"<div><strong>{e(component_label(c))}:</strong> {e('; '.join(items))}</div>"
                for c, items in system.components
            )
            rows.append(
                f'<tr><th scope="row" class="mono">{e(system.id)}</th>'
                f"<td>{e(system.name)}{description}</td><td>{components or '—'}</td>"
                f'<td class="ids mono">{_control_links(system.itgcs)}</td>'
                f'<td class="ids mono">{_control_links(system.controls)}</td></tr>'
            )
        parts += [
            "<h3>Systems</h3>",
            *_table(
                f"Systems, their components and the controls of {view.id} on them",
                ["System", "Name", "Components", "IT general controls", "Other controls"],
                rows,
            ),
        ]
    if view.vendors:
        rows = [
            f'<tr><th scope="row">{e(v.name)} <span class="mono">({e(v.id)})</span></th>'
            f"<td>{e(v.method)}</td><td>{e(vendor_report(v))}</td>"
            f"<td>{e(vendor_review(v) or '—')}</td><td>{_vendor_status(v)}</td>"
            f'<td class="ids mono">{_control_links(v.controls)}</td></tr>'
            for v in view.vendors
        ]
        parts += [
            "<h3>Subservice organizations</h3>",
            *_table(
                "Subservice organizations, their SOC reports, and the controls they perform",
                [
                    "Organization",
                    "Method",
                    "SOC report",
                    "Review",
                    "Report status",
                    "Controls in scope",
                ],
                rows,
            ),
        ]
    if view.csocs:
        rows = [
            f'<tr><th scope="row" class="mono">{e(c.id or "—")}</th>'
            f'<td class="mono">{e(c.organization)}</td><td class="mono">{_ids(c.maps)}</td>'
            f"<td>{e(c.description)}</td></tr>"
            for c in view.csocs
        ]
        parts += [
            "<h3>CSOCs</h3>",
            *_table(
                f"Complementary subservice organization controls and the {view.items_plural} "
                "they support",
                ["CSOC", "Organization", "Maps", "Description"],
                rows,
            ),
        ]
    if view.cuecs:
        rows = [
            f'<tr><th scope="row" class="mono">{e(c.id)}</th>'
            f'<td class="mono">{_ids(c.maps)}</td>'
            f'<td class="ids mono">{_control_links(c.controls)}</td>'
            f"<td>{e(c.description)}</td></tr>"
            for c in view.cuecs
        ]
        parts += [
            "<h3>CUECs</h3>",
            *_table(
                f"Complementary user entity controls, the {view.items_plural} they support and "
                "the controls they complement",
                ["CUEC", "Maps", "Complements", "Description"],
                rows,
            ),
        ]
    if view.changes:
        rows = [
            f'<tr><th scope="row" class="nw">{e(c.date.isoformat())}</th>'
            f'<td class="mono">{_ids(c.controls)}</td><td>{e(c.description)}</td></tr>'
            for c in view.changes
        ]
        parts += [
            f"<h3>Changes {e(days_label(view))}</h3>",
            *_table(
                f"Significant changes {days_label(view)} of {view.id}",
                ["Date", "Controls", "Description"],
                rows,
            ),
        ]
    if view.incidents:
        rows = [
            f'<tr><th scope="row" class="nw">{e(i.date.isoformat())}</th>'
            f'<td class="mono nw">{e(i.id)}</td>'
            f'<td class="mono">{_ids(i.criteria)}</td><td>{e(i.description)}</td></tr>'
            for i in view.incidents
        ]
        parts += [
            f"<h3>Incidents {e(days_label(view))}</h3>",
            *_table(
                f"Incidents {days_label(view)} of {view.id}",
                ["Date", "Incident", "Criteria", "Description"],
                rows,
            ),
        ]
    return parts


def _matrix(view: ReportView) -> list[str]:
    rows = []
    for group in view.groups:
        cells = "".join(
            f'<td class="num{"" if group.count(s) else " zero"}">{group.count(s)}</td>'
            for s in STATUSES
        )
        rows.append(
            f'<tr><th scope="row">{e(group.name)}</th>{cells}'
            f'<td class="num">{len(group.items)}</td></tr>'
        )
    totals = "".join(f'<td class="num">{view.count(s)}</td>' for s in STATUSES)
    head = "".join(
        f'<th scope="col" class="num"><span class="badge s-{s}">{SYMBOLS[s]}</span> '
        f"{e(STATUS_LABELS[s])}</th>"
        for s in STATUSES
    )
    return [
        f"<h3>{e(view.items_plural.capitalize())} by status</h3>",
        '<table class="matrix">',
        f"<caption>{e(view.items_plural.capitalize())} of {e(view.id)} by "
        f"{'category' if view.item_noun == 'criterion' else 'group'} and status</caption>",
        f'<thead><tr><th scope="col">Category</th>{head}'
        '<th scope="col" class="num">In scope</th></tr></thead>',
        "<tbody>",
        *rows,
        "</tbody>",
        f'<tfoot><tr><th scope="row">Total</th>{totals}'
        f'<td class="num">{view.items_in_scope}</td></tr></tfoot>',
        "</table>",
    ]


def _tile(item: ItemView) -> str:
    label = STATUS_LABELS[item.status]
    what = SHORT[item.status]
    if item.exceptions:
        label += ", with exceptions"
        what = "exceptions"
    tip = f"{item.id}: {item.title} ({label})"
    return (
        f'<td><a class="tile s-{item.status}" href="#{anchor("item", item.id)}" '
        f'title="{e(tip)}" style="text-decoration: none">'
        f'<span class="sym" aria-hidden="true">{SYMBOLS[item.status]}</span>{e(item.id)}'
        f'<span class="what">{e(what)}</span></a></td>'
    )


def _series_rows(group: ItemGroup) -> list[tuple[str, str, list[ItemView]]]:
    rows: list[tuple[str, str, list[ItemView]]] = []
    for item in group.items:
        if not rows or rows[-1][0] != item.series:
            rows.append((item.series, item.series_name, []))
        rows[-1][2].append(item)
    return rows


def _heatmap(view: ReportView) -> list[str]:
    objectives = view.item_noun == "objective"
    parts = [
        f"<h3>{'Objective' if objectives else 'Criteria'} heatmap</h3>",
        '<ul class="legend" aria-label="Legend">',
        *(
            f'<li><span class="badge s-{s}" aria-hidden="true">{SYMBOLS[s]}</span>'
            f"{e(STATUS_LABELS[s])}</li>"
            for s in STATUSES
        ),
        "</ul>",
        f'<div class="heat{" objectives" if objectives else ""}">',
    ]
    per_row = 6 if objectives else 9
    for group in view.groups:
        parts.append('<table class="heatmap">')
        parts.append(f"<caption>{e(group.name)}</caption>")
        for series, name, items in _series_rows(group):
            chunks = [items[i : i + per_row] for i in range(0, len(items), per_row)] or [[]]
            for index, chunk in enumerate(chunks):
                if series and index == 0:
                    head = f'<th scope="row">{e(series)}<span>{e(name)}</span></th>'
                elif series:
                    head = f'<th scope="row"><span class="sr-only">{e(series)}</span></th>'
                else:
                    head = ""
                parts.append(f"<tr>{head}{''.join(_tile(i) for i in chunk)}</tr>")
        parts.append("</table>")
    parts.append("</div>")
    return parts


def _control_links(ids: Iterable[str]) -> str:
    links = [f'<a href="#{anchor("control", c)}">{e(c)}</a>' for c in ids]
    return ", ".join(links) if links else "—"


def _items_table(view: ReportView) -> list[str]:
    heading = "Criterion" if view.item_noun == "criterion" else "Objective"
    rows = []
    for item in view.items:
        note = f'<div class="note">{e(item.note)}</div>' if item.note else ""
        exceptions = (
            f'<div class="exceptions">Exceptions in {e(", ".join(item.exceptions))}</div>'
            if item.exceptions
            else ""
        )
        rows.append(
            f'<tr id="{anchor("item", item.id)}">'
            f'<th scope="row" class="mono">{e(item.id)}</th>'
            f"<td>{e(item.title)}{note}</td>"
            f'<td><span class="badge s-{item.status}">{SYMBOLS[item.status]} '
            f"{e(STATUS_LABELS[item.status])}</span>{exceptions}</td>"
            f'<td class="ids mono">{_control_links(item.controls)}</td>'
            "</tr>"
        )
    return [
        f"<h3>{e(view.items_plural.capitalize())}</h3>",
        "<table>",
        f"<caption>Each {e(view.item_noun)} in scope for {e(view.id)}, its status and the "
        "controls that map it</caption>",
        f'<thead><tr><th scope="col">{heading}</th><th scope="col">Title</th>'
        '<th scope="col">Status</th><th scope="col">Controls</th></tr></thead>',
        "<tbody>",
        *rows,
        "</tbody></table>",
    ]


def _by_rule(view: ReportView) -> list[str]:
    parts = ["<h3>Open findings by rule</h3>"]
    if not view.findings_by_rule:
        return [*parts, '<p class="empty">No open findings.</p>']
    rows = "".join(
        f'<tr><th scope="row"><code>{e(rule)}</code></th>'
        f'<td><span class="badge b-{e(severity)}">{e(severity)}</span></td>'
        f'<td class="num">{count}</td></tr>'
        for rule, severity, count in view.findings_by_rule
    )
    return [
        *parts,
        '<table class="by-rule">',
        f"<caption>Open findings about {e(view.id)}, by rule</caption>",
        '<thead><tr><th scope="col">Rule</th><th scope="col">Severity</th>'
        '<th scope="col" class="num">Count</th></tr></thead>',
        f"<tbody>{rows}</tbody></table>",
    ]


def _fact(label: str, value: str, raw: bool = False) -> str:
    return f"<div><dt>{e(label)}</dt><dd>{value if raw else e(value or '—')}</dd></div>"


def _control_card(control: ControlView) -> list[str]:
    badges = []
    if control.key:
        badges.append('<span class="badge b-key">Key control</span>')
    for report_id, status in control.status.items():
        badges.append(
            f'<span class="badge b-{status}">{e(report_id)}: '
            f"{e(CONTROL_STATUS_LABELS[status])}</span>"
        )
    if not control.status:
        badges.append('<span class="badge b-warning">in no report</span>')
    owner = control.owner
    if control.owner_id and control.owner_id != owner:
        owner = f"{owner} ({control.owner_id})"
    parts = [
        f'<article class="card" id="{anchor("control", control.id)}" '
        f'aria-labelledby="{anchor("control-h", control.id)}">',
        '<div class="card-head">',
        f'<h3 id="{anchor("control-h", control.id)}"><span class="tag">{e(control.id)}</span>'
        f"{e(control.title)}</h3>",
        f'<div class="badges">{"".join(badges)}</div>',
        "</div>",
        '<dl class="facts">',
        _fact("Owner", owner),
        _fact("Frequency", control.frequency or ""),
        _fact("Nature", control.nature or ""),
        _fact("Automation", control.automation or ""),
        _fact("Criteria", ", ".join(control.criteria)),
        _fact("Objectives", ", ".join(control.objectives)),
        _fact("Key control", "yes" if control.key else "no"),
        _fact("Defined in", f"<code>{e(control.location)}</code>", raw=True),
        *_scope_facts(control),
        "</dl>",
        f'<p class="desc">{e(control.description)}</p>',
    ]
    if control.changes:
        parts.append("<h4>Changes</h4>")
        parts.append('<ul class="evidence">')
        for change in control.changes:
            parts.append(f"<li>{e(change.date.isoformat())}: {e(change.description)}</li>")
        parts.append("</ul>")
    parts += _tests_table(control)
    parts.append("<h4>Evidence</h4>")
    if control.evidence:
        parts.append('<ul class="evidence">')
        for evidence in control.evidence:
            what = f" — {e(evidence.description)}" if evidence.description else ""
            if evidence.as_of is not None:
                what += f' <span class="as-of">(as of {e(evidence.as_of.isoformat())})</span>'
            parts.append(f"<li><code>{e(evidence.location)}</code>{what}</li>")
        parts.append("</ul>")
    else:
        parts.append('<p class="empty">No evidence recorded.</p>')
    for timeline in control.timelines:
        parts += _timeline(control, timeline)
    if control.findings:
        parts.append(f'<ul class="card-findings" aria-label="Open findings about {e(control.id)}">')
        for finding in control.findings:
            parts.append(
                f'<li><span class="badge b-{e(finding.severity)}">{e(finding.severity)}</span> '
                f"<code>{e(finding.rule)}</code> {e(finding.message)} "
                f"<code>{e(finding.location)}</code></li>"
            )
        parts.append("</ul>")
    parts.append("</article>")
    return parts


def _named(ident: str, name: str) -> str:
    """'Name (id)', or the ID alone when nothing by that ID is defined."""
    return ident if name == ident else f"{name} ({ident})"


def _scope_facts(control: ControlView) -> list[str]:
    """The control's scope keys, each only when written (a card of a program without them
    looks as it did before they existed)."""
    facts = []
    if control.layer:
        facts.append(_fact("Layer", control.layer))
    if control.systems:
        facts.append(_fact("Systems", ", ".join(_named(i, name) for i, name in control.systems)))
    if control.reports is not None:
        facts.append(_fact("Scoped to", ", ".join(control.reports)))
    if control.effective:
        facts.append(_fact("Effective", control.effective))
    if control.subservice_organization is not None:
        facts.append(_fact("Performed by", _named(*control.subservice_organization)))
    if control.cuecs:
        facts.append(_fact("CUECs", ", ".join(control.cuecs)))
    return facts


def _tests_table(control: ControlView) -> list[str]:
    if not control.tests:
        return ["<h4>Tests</h4>", '<p class="empty">No tests recorded.</p>']
    rows = []
    for test in control.tests:
        counts = ", ".join(test.counts_for) or "no report"
        rows.append(
            '<tr class="test-main">'
            f'<th scope="row" class="mono">{e(test.id)}</th>'
            f"<td>{e(test.kind)}, {e(' and '.join(test.methods))}</td>"
            f"<td>{e(test.performed_on.isoformat())}</td>"
            f"<td>{e(test.performed_by)}</td>"
            f'<td class="num">{_n(test.population)}</td>'
            f'<td class="num">{_n(test.sample_size)}</td>'
            f'<td class="num">{_n(test.exceptions)}</td>'
            f'<td><span class="badge b-{e(test.result)}">{e(test.result)}</span></td>'
            f"<td>{e(counts)}</td>"
            "</tr>"
        )
        notes = f" Notes: {e(test.notes)}" if test.notes else ""
        trail = _test_trail(test)
        head = '<tr class="has-trail">' if trail else "<tr>"
        rows.append(f'{head}<td colspan="9" class="procedure">{e(test.procedure)}{notes}</td></tr>')
        if trail:
            rows.append(f'<tr><td colspan="9" class="trail">{trail}</td></tr>')
    return [
        '<table class="tests">',
        f"<caption>Tests of {e(control.id)}</caption>",
        '<thead><tr><th scope="col">Test</th><th scope="col">Kind, method</th>'
        '<th scope="col">Performed</th><th scope="col">By</th>'
        '<th scope="col" class="num">Population</th><th scope="col" class="num">Sample</th>'
        '<th scope="col" class="num">Exceptions</th><th scope="col">Result</th>'
        '<th scope="col">Counts for</th></tr></thead>',
        f"<tbody>{''.join(rows)}</tbody></table>",
    ]


def _n(value: int | None) -> str:
    return "—" if value is None else str(value)


def _test_trail(test: TestView) -> str:
    """The test's audit trail below its procedure: the span sampled, the phase, where the
    population came from, the reviewer, retests and every deviation with management's
    response; '' when the test records none of it."""
    facts = []
    if test.covers is not None:
        facts.append(("Covers", test.covers.text))
    if test.phase:
        facts.append(("Phase", test.phase))
    if test.population_source:
        facts.append(("Population source", test.population_source))
    if test.reviewed_by_id or test.reviewed_on:
        reviewed = " ".join(
            part
            for part in (
                test.reviewed_by or "",
                f"on {test.reviewed_on.isoformat()}" if test.reviewed_on else "",
            )
            if part
        )
        facts.append(("Reviewed by", reviewed))
    if test.retest_of:
        facts.append(("Retest of", test.retest_of))
    if test.retested_by:
        facts.append(("Retested by", ", ".join(test.retested_by)))
    out = ""
    if facts:
        out += (
            f'<dl class="trail" aria-label="Audit trail of {e(test.id)}">'
            + "".join(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>" for label, value in facts)
            + "</dl>"
        )
    if test.deviations:
        rows = []
        for d in test.deviations:
            known = dict(deviation_facts(d))
            rows.append(
                "<tr>"
                f'<th scope="row">{e(d.item)}</th>'
                f"<td>{e(d.description)}</td>"
                f"<td>{e(known.get('Cause') or '—')}</td>"
                f"<td>{e(known['Management response'])}</td>"
                f"<td>{e(known.get('Remediated on') or '—')}</td>"
                f"<td>{e(known.get('Compensating controls') or '—')}</td>"
                "</tr>"
            )
        out += (
            '<table class="deviations">'
            f"<caption>Deviations found by {e(test.id)}</caption>"
            '<thead><tr><th scope="col">Item</th><th scope="col">Description</th>'
            '<th scope="col">Cause</th><th scope="col">Management response</th>'
            '<th scope="col">Remediated on</th><th scope="col">Compensating controls</th>'
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    return out


TL_WIDTH = 720
TL_GUTTER = 132
"""Room on the left of the drawing for the row labels (Evidence, the test IDs)."""
TL_RIGHT = 12
TL_ROW = 18
TL_LABEL_CHARS = 20


def _timeline(control: ControlView, view: TimelineView) -> list[str]:
    """The evidence timeline drawn as inline SVG: the report's period as a band on a date
    axis, each dated evidence item as a marker (a circle inside the period, a diamond
    outside it, so the placement never rests on colour alone) and each test's sampled span
    as a bar. The drawing's title and description, and the caption below it, say the same
    in words for readers who cannot see it."""
    first, days = view.first, (view.last - view.first).days + 1
    width = TL_WIDTH - TL_GUTTER - TL_RIGHT

    def x(date: dt.date, offset: float = 0) -> str:
        return f"{TL_GUTTER + width * ((date - first).days + offset) / days:.1f}"

    ident = f"timeline-{control.id}-{view.report}"
    height = 50 + TL_ROW * len(view.spans)
    period = view.period
    shapes = [
        f'<text x="{x(period.start)}" y="11" text-anchor="start">'
        f"{e(period.start.isoformat())}</text>",
        f'<text x="{x(period.end, 1)}" y="11" text-anchor="end">{e(period.end.isoformat())}</text>',
        '<text x="0" y="34">Evidence</text>',
        f'<line class="axis" x1="{TL_GUTTER}" y1="30" x2="{TL_WIDTH - TL_RIGHT}" y2="30"/>',
        f'<rect class="band" x="{x(period.start)}" y="18" height="24" '
        f'width="{float(x(period.end, 1)) - float(x(period.start)):.1f}"/>',
    ]
    for item in view.evidence:
        cx = float(x(item.as_of, 0.5))
        tip = f"<title>{e(item.as_of.isoformat())}, {e(PLACEMENT_LABELS[item.placement])}: " + (
            f"{e(item.location)}</title>"
        )
        if item.placement == "during":
            shapes.append(f'<circle class="during" cx="{cx:.1f}" cy="30" r="6">{tip}</circle>')
        else:
            shapes.append(
                f'<path class="outside" d="M{cx:.1f} 23 L{cx + 7:.1f} 30 L{cx:.1f} 37 '
                f'L{cx - 7:.1f} 30 Z">{tip}</path>'
            )
    for row, span in enumerate(view.spans):
        top = 50 + TL_ROW * row
        label = span.test
        if len(label) > TL_LABEL_CHARS:
            label = label[: TL_LABEL_CHARS - 1] + "…"
        left = float(x(span.span.start))
        bar = max(float(x(span.span.end, 1)) - left, 2.0)
        counts = "" if span.counts else " no-count"
        note = "" if span.counts else " (does not count)"
        shapes += [
            f'<text x="0" y="{top + 10}">{e(label)}</text>',
            f'<rect class="span{counts}" x="{left:.1f}" y="{top + 2}" width="{bar:.1f}" '
            f'height="10"><title>{e(span.test)} sampled {e(span.span.text)}{e(note)}</title>'
            "</rect>",
        ]
    return [
        f'<figure class="timeline" id="{e(ident)}">',
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {TL_WIDTH} {height}" '
        f'width="{TL_WIDTH}" height="{height}" aria-labelledby="{e(ident)}-t {e(ident)}-d">',
        f'<title id="{e(ident)}-t">Evidence timeline of {e(control.id)}: {e(view.summary)}</title>',
        f'<desc id="{e(ident)}-d">{e("; ".join(view.details))}</desc>',
        *shapes,
        "</svg>",
        f"<figcaption>Evidence timeline, {e(view.summary)}. ● evidence in the period, "
        "◆ evidence before or after it"
        + (", ▬ a test's sampled span" if view.spans else "")
        + ".</figcaption>",
        "</figure>",
    ]


def _controls_section(report: ReadinessReport) -> list[str]:
    parts = [
        '<section class="panel" id="controls" aria-labelledby="controls-h">',
        f'<h2 id="controls-h">Controls ({len(report.controls)})</h2>',
        '<p class="scope">Owner, tests and evidence of every control, in ID order.</p>',
    ]
    if not report.controls:
        parts.append('<p class="empty">No controls.</p>')
    parts.append('<div class="cards">')
    for control in report.controls:
        parts += _control_card(control)
    parts += ["</div>", "</section>"]
    return parts


def _findings_table(findings: list[FindingView], caption: str, waived: bool) -> list[str]:
    rows = []
    for f in findings:
        waiver = ""
        if waived and f.waived is not None:
            w = f.waived
            ticket = f", {e(w.ticket)}" if w.ticket else ""
            waiver = (
                f"<td>until {e(w.expires)}, approved by {e(w.approved_by)}{ticket}: "
                f"{e(w.reason)}</td>"
            )
        rows.append(
            "<tr>"
            f'<td class="loc"><code>{e(f.location)}</code></td>'
            f'<td><span class="badge b-{e(f.severity)}">{e(f.severity)}</span></td>'
            f'<td class="rule"><code>{e(f.rule)}</code></td>'
            f'<td class="mono">{e(f.subject or "—")}</td>'
            f'<td class="msg">{e(f.message)}</td>'
            f"{waiver}"
            "</tr>"
        )
    waiver_head = '<th scope="col">Waiver</th>' if waived else ""
    return [
        '<table class="findings">',
        f"<caption>{e(caption)}</caption>",
        '<thead><tr><th scope="col">Location</th><th scope="col">Severity</th>'
        '<th scope="col">Rule</th><th scope="col">Subject</th><th scope="col">Message</th>'
        f"{waiver_head}</tr></thead>",
        f"<tbody>{''.join(rows)}</tbody></table>",
    ]


def _findings_section(report: ReadinessReport) -> list[str]:
    open_findings = report.open_findings
    waived = report.waived_findings
    parts = [
        '<section class="panel" id="findings" aria-labelledby="findings-h">',
        f'<h2 id="findings-h">Findings ({len(open_findings)} open'
        f"{f', {len(waived)} waived' if waived else ''})</h2>",
        '<p class="scope">What <code>soccheck validate</code> reports for these files, with '
        "the file and line to fix.</p>",
    ]
    if open_findings:
        parts += _findings_table(open_findings, "Open findings", waived=False)
    else:
        parts.append('<p class="empty">No open findings.</p>')
    if waived:
        parts += _findings_table(waived, "Waived findings (accepted exceptions)", waived=True)
    parts.append("</section>")
    return parts
