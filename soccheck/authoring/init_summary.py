"""What ``soccheck init`` says once the program is written: the files, what the first check
reports and when that will change, and the next steps.

A new program is never "done": the summary runs the checks once so the author sees the honest
state (placeholder owners, tests not yet recorded) and the day a clean result stops being
clean, instead of a bare list of files. The lines are returned, not printed, so the command
stays a thin layer that only prints them.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections import Counter
from pathlib import Path

from soccheck._version import PUBLISHED, __version__
from soccheck.authoring import scaffold

WIDTH = 92
"""Wrapped paragraphs fit an 80-column terminal with the step numbers' indent, and more."""


def summary(
    opts: scaffold.InitOptions,
    plan: scaffold.Plan,
    written: list[scaffold.PlannedFile],
    kept: list[str],
    directory: str,
    today: dt.date,
) -> list[str]:
    """The lines to print after writing, ``directory`` being the program's path as typed."""
    lines = [f"Created a {opts.label} program in {directory}:"]
    lines += _files(written)
    lines += _kept(kept)
    lines += ["\nNote: " + note for note in plan.notes]
    lines += _first_check(opts.root, directory, today)
    lines.append("\nNext steps:")
    for number, step in enumerate(_next_steps(opts, directory), 1):
        lines.append(
            textwrap.fill(
                step,
                width=WIDTH,
                initial_indent=f"  {number}. ",
                subsequent_indent="     ",
                break_on_hyphens=False,  # never split '.pre-commit-config.yaml'
            )
        )
    return lines


def _files(written: list[scaffold.PlannedFile]) -> list[str]:
    """One row per file written, the evidence folders and schemas summed up, CI files last."""
    evidence = [f for f in written if f.summary == "evidence folder"]
    schemas = [f for f in written if f.summary == "JSON Schema"]
    ci_files = (scaffold.PRE_COMMIT_CONFIG, scaffold.WORKFLOW)
    rows = [
        (f.path, f.summary)
        for f in written
        if f not in evidence and f not in schemas and f.path not in ci_files
    ]
    if evidence:
        rows.append(("evidence/", f"{len(evidence)} folders, each with a README.md"))
    if schemas:
        rows.append((f"{scaffold.LOCAL_SCHEMA_DIR}/", "JSON Schemas for editor completion"))
    rows += [(f.path, f.summary) for f in written if f.path in ci_files]
    width = max(len(path) for path, _ in rows) + 2
    return [f"  {path:<{width}}{summary}" for path, summary in rows]


def _kept(kept: list[str]) -> list[str]:
    if not kept:
        return []
    lines = [f"Kept {len(kept)} existing file{'s' if len(kept) > 1 else ''}:"]
    lines += [f"  {path}" for path in kept]
    if scaffold.PRE_COMMIT_CONFIG in kept:
        lines.append(
            f"  (add the soccheck hook to your {scaffold.PRE_COMMIT_CONFIG}: repo "
            f"{scaffold.SOCCHECK_REPOSITORY}, rev v{__version__}, hook id soccheck-validate)"
        )
    return lines


def _first_check(root: Path, directory: str, today: dt.date) -> list[str]:
    """What the checks say about the new program and, when a period has not begun, when a
    clean result will stop being clean (a period that has not begun is not judged yet)."""
    from soccheck.load.discovery import SetupError

    try:
        first = scaffold.first_check(root, today)
    except SetupError as exc:
        return [f"\nThe first check could not run: {exc}"]
    command = f"soccheck validate {directory}"
    total = sum(first.counts.values())
    lines = []
    if total:
        lines.append(
            f"\n'{command}' reports {_findings(total)}, as expected for a program nobody has "
            "operated yet:"
        )
        lines += _counts(first.counts)
    if not first.starts:
        if not total:
            lines.append(f"\n'{command}' reports no findings.")
        return lines
    return lines + _upcoming(first, command, total)


def _upcoming(first: scaffold.FirstCheck, command: str, total: int) -> list[str]:
    """When the first period begins, and what will be reported then if nothing is done."""
    first_day = first.starts[0][1]
    reports = [report for report, day in first.starts if day == first_day]
    periods = (
        f"the period of report {reports[0]} starts"
        if len(reports) == 1
        else f"the periods of reports {', '.join(reports[:-1])} and {reports[-1]} start"
    )
    if total:
        lead = f"Testing is not judged yet: {periods} on {first_day.isoformat()}."
    else:
        lead = (
            f"'{command}' reports no findings yet: {periods} on {first_day.isoformat()}, "
            "and soccheck does not judge testing before a period begins."
        )
    preview_total = sum(first.preview.values())
    then = (
        f" From that day every control in scope needs an operating test performed in the "
        f"period; if nothing is recorded by then, it will report {_findings(preview_total)}:"
        if preview_total
        else " Nothing more will be reported on that day."
    )
    lines = ["", textwrap.fill(lead + then, width=WIDTH, break_on_hyphens=False)]
    if preview_total:
        lines += _counts(first.preview)
    lines.append(f"Preview that day with '{command} --today {first_day.isoformat()}'.")
    return lines


def _findings(count: int) -> str:
    return f"{count} finding{'s' if count != 1 else ''}"


def _counts(counts: Counter[str]) -> list[str]:
    """Rule IDs and their numbers of findings, most first, in aligned columns."""
    rule_width = max(len(rule) for rule in counts)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [f"  {rule:<{rule_width}}  {count}" for rule, count in ordered]


def _next_steps(opts: scaffold.InitOptions, directory: str) -> list[str]:
    """What the author does next, in order; each step is one wrapped paragraph."""
    if opts.owner is None:
        steps = [
            "Assign owners: add your people (and teams) to system.yaml and replace OWNER in "
            "controls/*.yaml."
        ]
    else:
        steps = [
            f"Reassign controls from {opts.owner} to the people who run them (people and teams "
            "in system.yaml)."
        ]
    steps += [
        "Read every control in controls/: make each description say what you actually do, "
        "delete what does not apply, and add what is missing with "
        "'soccheck new control ID --file controls/FILE.yaml'.",
        "Describe the system in system.yaml: description, services, commitments and vendors.",
        "Collect evidence under evidence/ and record each control's tests as they happen.",
    ]
    if opts.ci:
        publish = (
            ""
            if PUBLISHED
            else f" (soccheck {__version__} is not published yet: first point "
            ".pre-commit-config.yaml and the workflow at a clone of soccheck, as the note in "
            "each says)"
        )
        steps.append(
            "Turn on the checks: commit the program to a git repository ('git init' if it is "
            "not in one), then 'pip install pre-commit && pre-commit install'; the GitHub "
            f"workflow runs on your next pull request{publish}."
        )
    steps.append(
        "Edit with schema completion: install the YAML extension (redhat.vscode-yaml) in "
        "VS Code; every file already names its schema on its first line."
    )
    steps.append(f"Check your progress with 'soccheck validate {directory}'.")
    return steps
