"""init and new control: the commands that write a program (atomically)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import Any

import click

from soccheck._version import PUBLISHED, __version__
from soccheck.cli._common import (
    CONTEXT_SETTINGS,
    fail_setup,
    parse_category,
    parse_date,
    warn,
)
from soccheck.cli.main import cli
from soccheck.format.vocabulary import (
    AUTOMATIONS,
    CATEGORIES,
    FREQUENCIES,
    ID_MAX_LENGTH,
    ID_PATTERN,
    NATURES,
    TEST_KINDS,
    TEST_METHODS,
)
from soccheck.support.text import printable

# ------------------------------------------------------------------------- init and new control


def _categories(value: str) -> tuple[str, ...]:
    """'availability, processing-integrity' -> ('security', 'availability', ...), catalog order."""
    chosen = {"security"}
    for part in value.split(","):
        if part.strip():
            chosen.add(parse_category(part))
    return tuple(c for c in CATEGORIES if c in chosen)


def _categories_option(_ctx: Any, _param: Any, value: str | None) -> tuple[str, ...] | None:
    return None if value is None else _categories(value)


def _id_option(_ctx: Any, _param: Any, value: str | None) -> str | None:
    import re

    if value is not None and (not re.match(ID_PATTERN, value) or len(value) > ID_MAX_LENGTH):
        raise click.BadParameter(
            f"'{value}' is not a valid ID: use ASCII letters, digits and . _ : - "
            "(starting with a letter or digit)"
        )
    return value


def _id_list(_ctx: Any, _param: Any, value: str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))


def _date_answer(value: str) -> dt.date:
    parsed = parse_date(None, None, value.strip())
    if parsed is None:  # pragma: no cover - click never passes None to value_proc
        raise click.BadParameter("a date is required")
    return parsed


def _prompt_date(text: str, default: dt.date) -> dt.date:
    answer: dt.date = click.prompt(text, default=default.isoformat(), value_proc=_date_answer)
    return answer


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option(
    "--framework",
    type=click.Choice(["soc2", "soc1", "both"]),
    help="SOC 2 (Trust Services Criteria), SOC 1 (control objectives) or both.  [default: soc2]",
)
@click.option(
    "--type",
    "report_type",
    type=click.Choice(["1", "2"]),
    help="1: design as of a date; 2: design and operating effectiveness over a period.  "
    "[default: 2, or 1 with --as-of]",
)
@click.option(
    "--categories",
    callback=_categories_option,
    metavar="CATEGORY,...",
    help="SOC 2 categories besides security (always included): availability, "
    "processing_integrity (or processing-integrity), confidentiality, privacy.",
)
@click.option("--period-start", callback=parse_date, metavar="YYYY-MM-DD", help="Type 2 period.")
@click.option(
    "--period-end",
    callback=parse_date,
    metavar="YYYY-MM-DD",
    help="Type 2 period.  [default: six months from the first day of next month]",
)
@click.option(
    "--as-of",
    callback=parse_date,
    metavar="YYYY-MM-DD",
    help="Type 1 date.  [default: the end of the third month from now]",
)
@click.option("--name", help="Name of the system in scope.  [default: the directory's name]")
@click.option(
    "--owner",
    callback=_id_option,
    metavar="ID",
    help="Person ID that owns the starter controls until you reassign them; added to "
    "system.yaml. Without it the controls say OWNER.",
)
@click.option("--owner-name", metavar="NAME", help="Full name of --owner.  [default: the ID]")
@click.option(
    "--schemas",
    type=click.Choice(["local", "url"]),
    default="local",
    show_default=True,
    help="Where editors find the JSON Schemas: 'local' copies them into .soccheck/schemas/ "
    "(works offline, matches this soccheck version); 'url' uses their published $id URLs.",
)
@click.option(
    "--no-ci", is_flag=True, help="Do not write .pre-commit-config.yaml and the workflow."
)
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.option(
    "--skip-existing", is_flag=True, help="Keep files that already exist; write the rest."
)
@click.option("--no-input", is_flag=True, help="Never prompt, even on a terminal.")
@click.option(
    "--today",
    callback=parse_date,
    metavar="YYYY-MM-DD",
    help="Compute default dates and the first check as of this date (default: today).",
)
def init(
    directory: str,
    framework: str | None,
    report_type: str | None,
    categories: tuple[str, ...] | None,
    period_start: dt.date | None,
    period_end: dt.date | None,
    as_of: dt.date | None,
    name: str | None,
    owner: str | None,
    owner_name: str | None,
    schemas: str,
    no_ci: bool,
    force: bool,
    skip_existing: bool,
    no_input: bool,
    today: dt.date | None,
) -> None:
    """Start a SOC program in DIRECTORY (default: the current directory).

    Writes system.yaml, starter controls for the chosen framework and categories (from
    soccheck's library, which covers all 61 Trust Services Criteria and typical SOC 1
    objectives of a payroll and payments processor), soccheck.yaml, evidence folders, the
    JSON Schemas for editors, a pre-commit configuration and a GitHub Actions workflow.
    Missing options are asked for on a terminal; elsewhere the defaults apply. Existing
    files are never replaced without --force.
    """
    from pathlib import Path

    from soccheck.authoring import scaffold

    if force and skip_existing:
        raise click.UsageError("--force and --skip-existing cannot be used together")
    if owner_name is not None and owner is None:
        raise click.UsageError("--owner-name needs --owner (the person's ID)")
    root = Path(directory)
    if root.exists() and not root.is_dir():
        fail_setup(f"{directory} exists and is not a directory")
    now = today or dt.date.today()
    interactive = not no_input and sys.stdin.isatty()

    # -- framework, categories, type, dates: options first, then prompts, then defaults.
    if framework is None and interactive:
        framework = click.prompt(
            "Framework", type=click.Choice(["soc2", "soc1", "both"]), default="soc2"
        )
    frameworks: tuple[scaffold.Framework, ...] = ("soc2",)
    if framework == "soc1":
        frameworks = ("soc1",)
    elif framework == "both":
        frameworks = ("soc1", "soc2")
    if "soc2" not in frameworks and categories is not None:
        raise click.UsageError("--categories applies to SOC 2 only (use --framework soc2 or both)")
    if "soc2" in frameworks and categories is None:
        if interactive:
            categories = click.prompt(
                "SOC 2 categories besides security (comma-separated: availability, "
                "processing_integrity, confidentiality, privacy)",
                default="",
                show_default=False,
                value_proc=_categories,
            )
        else:
            categories = ("security",)
    has_period = period_start is not None or period_end is not None
    if has_period and as_of is not None:
        raise click.UsageError("use --as-of (Type 1) or --period-start/--period-end (Type 2)")
    kind = int(report_type) if report_type else (1 if as_of else 2 if has_period else None)
    if kind == 1 and has_period:
        raise click.UsageError("a Type 1 report has an --as-of date, not a period")
    if kind == 2 and as_of is not None:
        raise click.UsageError("a Type 2 report has a period (--period-start/--period-end)")
    if kind is None:
        kind = 2
        if interactive:
            kind = int(click.prompt("Report type", type=click.Choice(["1", "2"]), default="2"))

    period = None
    if kind == 2:
        if period_start is not None:
            start = period_start
        elif period_end is not None:
            start = scaffold.period_start_for(period_end)
        else:
            start = scaffold.default_period(now)[0]
        if period_start is None and interactive:
            start = _prompt_date("Period start", start)
        end = period_end or scaffold.period_end_for(start)
        if period_end is None and interactive:
            end = _prompt_date("Period end", end)
        if end <= start:
            raise click.UsageError(f"the period ends ({end}) before it starts ({start})")
        period = (start, end)
    elif as_of is None:
        as_of = scaffold.default_as_of(now)
        if interactive:
            as_of = _prompt_date("Type 1 date (as of)", as_of)

    if name is None:
        default_name = Path(os.path.abspath(directory)).name or "SOC program"
        name = click.prompt("System name", default=default_name) if interactive else default_name
    if not name.strip():
        raise click.UsageError("the system name cannot be empty")
    if owner is None and interactive:
        answer = click.prompt(
            "Default owner of the starter controls (a person ID such as jane.doe; "
            "empty to assign later)",
            default="",
            show_default=False,
            value_proc=lambda v: _id_option(None, None, v.strip() or None) or "",
        )
        owner = answer or None
        if owner is not None and owner_name is None:
            owner_name = click.prompt(f"Full name of {owner}", default=owner)

    opts = scaffold.InitOptions(
        root=root,
        name=name.strip(),
        frameworks=frameworks,
        report_type=1 if kind == 1 else 2,
        categories=categories or (),
        period=period,
        as_of=as_of if kind == 1 else None,
        owner=owner,
        owner_name=owner_name,
        schemas="url" if schemas == "url" else "local",
        ci=not no_ci,
    )
    plan = scaffold.plan(opts)
    existing = scaffold.existing(plan, root)
    if existing and not (force or skip_existing):
        more = [f"  ... and {len(existing) - 10} more"] if len(existing) > 10 else []
        fail_setup(
            f"{len(existing)} of the files to write already "
            f"{'exists' if len(existing) == 1 else 'exist'} in {directory}; nothing was "
            "written:",
            [
                *(f"  {path}" for path in existing[:10]),
                *more,
                "Use --skip-existing to keep them and write the rest, "
                "or --force to overwrite them.",
            ],
        )
    try:
        written = scaffold.write(plan, root, set(existing) if skip_existing else None)
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        fail_setup(f"cannot write{where}: {exc.strerror or exc}")
    _report_init(opts, plan, written, existing if skip_existing else [], directory, now)


def _report_init(
    opts: Any, plan: Any, written: list[Any], kept: list[str], directory: str, today: dt.date
) -> None:
    from soccheck.authoring import scaffold

    click.echo(f"Created a {opts.label} program in {directory}:")
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
    for path, summary in rows:
        click.echo(f"  {path:<{width}}{summary}")
    if kept:
        click.echo(f"Kept {len(kept)} existing file{'s' if len(kept) > 1 else ''}:")
        for path in kept:
            click.echo(f"  {path}")
        if scaffold.PRE_COMMIT_CONFIG in kept:
            click.echo(
                f"  (add the soccheck hook to your {scaffold.PRE_COMMIT_CONFIG}: repo "
                f"{scaffold.SOCCHECK_REPOSITORY}, rev v{__version__}, hook id soccheck-validate)"
            )
    for note in plan.notes:
        click.echo("\nNote: " + note)

    _report_first_check(opts.root, directory, today)
    steps = []
    if opts.owner is None:
        steps.append(
            "Assign owners: add your people (and teams) to system.yaml and replace OWNER in "
            "controls/*.yaml."
        )
    else:
        steps.append(
            f"Reassign controls from {opts.owner} to the people who run them (people and teams "
            "in system.yaml)."
        )
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
    click.echo("\nNext steps:")
    import textwrap

    for number, step in enumerate(steps, 1):
        click.echo(
            textwrap.fill(
                step,
                width=92,
                initial_indent=f"  {number}. ",
                subsequent_indent="     ",
                break_on_hyphens=False,  # never split '.pre-commit-config.yaml'
            )
        )


def _report_first_check(root: Any, directory: str, today: dt.date) -> None:
    """Run the checks once on the new program and say what is left to do, and when a clean
    result will stop being clean (a period that has not begun is not judged yet)."""
    from soccheck.authoring import scaffold
    from soccheck.load.discovery import SetupError

    try:
        first = scaffold.first_check(root, today)
    except SetupError as exc:
        click.echo(f"\nThe first check could not run: {exc}")
        return
    command = f"soccheck validate {directory}"
    total = sum(first.counts.values())
    if total:
        click.echo(
            f"\n'{command}' reports {_findings(total)}, as expected for a program nobody has "
            "operated yet:"
        )
        _echo_counts(first.counts)
    if not first.starts:
        if not total:
            click.echo(f"\n'{command}' reports no findings.")
        return
    import textwrap

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
    click.echo("")
    click.echo(textwrap.fill(lead + then, width=92, break_on_hyphens=False))
    if preview_total:
        _echo_counts(first.preview)
    click.echo(f"Preview that day with '{command} --today {first_day.isoformat()}'.")


def _findings(count: int) -> str:
    return f"{count} finding{'s' if count != 1 else ''}"


def _echo_counts(counts: Any) -> None:
    rule_width = max(len(rule) for rule in counts)
    for rule, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        click.echo(f"  {rule:<{rule_width}}  {count}")


@cli.group(context_settings=CONTEXT_SETTINGS)
def new() -> None:
    """Add to an existing program."""


@new.command("control", context_settings=CONTEXT_SETTINGS)
@click.argument("control_id", metavar="ID")
@click.option(
    "--file",
    "file_path",
    required=True,
    type=click.Path(dir_okay=False),
    metavar="PATH",
    help="Control file to append to; created (with a 'controls:' list) if it does not exist.",
)
@click.option("--title", help="Short name of the control.")
@click.option(
    "--owner", callback=_id_option, metavar="ID", help="Person or team ID.  [default: OWNER]"
)
@click.option("--criteria", callback=_id_list, metavar="ID,...", help="TSC criteria, e.g. CC6.1.")
@click.option(
    "--objectives", callback=_id_list, metavar="ID,...", help="SOC 1 control objective IDs."
)
@click.option("--frequency", type=click.Choice(FREQUENCIES), help="How often the control runs.")
@click.option("--nature", type=click.Choice(NATURES))
@click.option("--automation", type=click.Choice(AUTOMATIONS))
@click.option("--key", is_flag=True, help="Mark it as a key control.")
def new_control(
    control_id: str,
    file_path: str,
    title: str | None,
    owner: str | None,
    criteria: tuple[str, ...],
    objectives: tuple[str, ...],
    frequency: str | None,
    nature: str | None,
    automation: str | None,
    key: bool,
) -> None:
    """Append a control skeleton with ID to a control file, keeping the file's comments and
    formatting exactly as they are.

    Fields not given on the command line are left as placeholders (OWNER, a title and a
    description to rewrite) or as comments listing the allowed values.
    """
    from pathlib import Path

    from soccheck.authoring.new_control import NewControl, add_control
    from soccheck.authoring.yamledit import EditError
    from soccheck.format.catalog import load_catalog

    catalog = load_catalog()
    for criterion in criteria:
        if criterion not in catalog.criteria:
            suggestion = catalog.suggest(criterion)
            hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
            raise click.BadParameter(
                f"'{criterion}' is not a Trust Services Criterion{hint}; "
                "'soccheck catalog' lists them",
                param_hint="--criteria",
            )
    control = NewControl(
        id=control_id,
        title=title,
        owner=owner,
        criteria=criteria,
        objectives=objectives,
        frequency=frequency,
        nature=nature,
        automation=automation,
        key=key,
    )
    try:
        added = add_control(Path(file_path), control)
    except EditError as exc:
        fail_setup(f"{file_path}: {exc}")
    except OSError as exc:
        fail_setup(f"{file_path}: {exc.strerror or exc}")
    for warning in added.warnings:
        warn(warning)
    verb = "created" if added.created else "appended to"
    click.echo(printable(f"Added control {control_id}: {verb} {file_path} (line {added.line})."))
    todo = [
        *([] if title else ["write its title"]),
        "write its description",
        *([] if owner else ["set its owner"]),
        *([] if criteria or objectives else ["map its criteria or objectives"]),
        "list its evidence",
    ]
    click.echo(f"Now {', '.join(todo[:-1])} and {todo[-1]}, then run 'soccheck validate'.")


@new.command("test", context_settings=CONTEXT_SETTINGS)
@click.argument("control_id", metavar="CONTROL-ID")
@click.option(
    "--id",
    "test_id",
    callback=_id_option,
    metavar="ID",
    help="ID of the new test.  [default: T-CONTROL-ID-YEAR, numbered if taken]",
)
@click.option(
    "--kind",
    type=click.Choice(TEST_KINDS),
    help="[default: operating when a Type 2 report examines the control, design when only "
    "Type 1 reports do]",
)
@click.option("--method", type=click.Choice(TEST_METHODS), default="inspection", show_default=True)
@click.option(
    "--performed-by",
    callback=_id_option,
    metavar="ID",
    help="Person ID of the tester.  [default: TESTER]",
)
@click.option(
    "--report",
    callback=_id_option,
    metavar="ID",
    help="The one report the test counts for (a report defined in the system description).  "
    "[default: every report]",
)
@click.option(
    "--root",
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="The program's root directory.  [default: the nearest directory at or above the "
    "current one holding system.yaml, soccheck.yaml or a pyproject.toml with "
    "[tool.soccheck], up to the repository's top]",
)
@click.option(
    "--today",
    callback=parse_date,
    metavar="YYYY-MM-DD",
    help="The test's date, and the year in its default ID (default: today).",
)
def new_test(
    control_id: str,
    test_id: str | None,
    kind: str | None,
    method: str,
    performed_by: str | None,
    report: str | None,
    root: str | None,
    today: dt.date | None,
) -> None:
    """Append a test skeleton to the control CONTROL-ID, in whichever control file defines
    it, keeping the file's comments and formatting exactly as they are.

    The test has every key its reports need (kind, method, procedure, date, tester and
    result, plus population, sample size and exceptions for an operating test); the
    procedure and the TESTER are placeholders that 'soccheck validate' reports until they
    are replaced.
    """
    from pathlib import Path

    from soccheck.authoring.new_test import NewTest, add_test
    from soccheck.authoring.yamledit import EditError
    from soccheck.load.discovery import SetupError, program_root

    try:
        found = Path(program_root(root, "--root DIR"))
    except SetupError as exc:
        fail_setup(str(exc))
    test = NewTest(
        control=control_id,
        id=test_id,
        kind=kind,
        method=method,
        performed_by=performed_by,
        report=report,
    )
    try:
        added = add_test(found, test, today or dt.date.today())
    except EditError as exc:
        fail_setup(str(exc))
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        fail_setup(f"{where}{exc.strerror or exc}")
    click.echo(
        printable(
            f"Added {added.kind} test {added.id} to control {control_id}: {added.shown} "
            f"(line {added.line})."
        )
    )
    for warning in added.warnings:
        warn(warning)
    click.echo(
        "Replace its procedure with what the tester did, record who performed it and when, "
        "the population, sample and exceptions, and the result, then run 'soccheck validate'."
    )
