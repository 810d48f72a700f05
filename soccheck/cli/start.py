"""init, new control and new test: the commands that write a program (through
soccheck.support.fileio: atomically, all or nothing, under the program's lock)."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import click

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

_FRAMEWORKS = ("soc2", "soc1", "both")


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


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option(
    "--framework",
    type=click.Choice(_FRAMEWORKS),
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
# 60 lines only because click passes each of the 16 options as a parameter: the body parses,
# calls the authoring package and prints.
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
    files are never replaced without --force, and the program is written all or nothing.
    """
    from soccheck.authoring import init_options, init_summary, scaffold
    from soccheck.load.discovery import SetupError

    if force and skip_existing:
        raise click.UsageError("--force and --skip-existing cannot be used together")
    now = today or dt.date.today()
    request = init_options.InitRequest(
        directory=directory,
        framework=framework,
        report_type=report_type,
        categories=categories,
        period_start=period_start,
        period_end=period_end,
        as_of=as_of,
        name=name,
        owner=owner,
        owner_name=owner_name,
        schemas=schemas,
        ci=not no_ci,
    )
    ask = _TerminalPrompter() if not no_input and sys.stdin.isatty() else None
    try:
        opts = init_options.resolve(request, now, ask)
        plan = scaffold.plan(opts)
        written, kept = scaffold.write_program(
            plan, opts.root, directory, force=force, skip_existing=skip_existing
        )
    except init_options.OptionError as exc:
        raise click.UsageError(str(exc)) from None
    except SetupError as exc:
        fail_setup(str(exc), exc.details)
    click.echo(
        "\n".join(init_summary.summary(opts, plan, written, kept, printable(directory), now))
    )


class _TerminalPrompter:
    """init's questions on a terminal; click asks again until an answer parses."""

    def framework(self) -> str:
        answer: str = click.prompt("Framework", type=click.Choice(_FRAMEWORKS), default="soc2")
        return answer

    def categories(self) -> tuple[str, ...]:
        answer: tuple[str, ...] = click.prompt(
            "SOC 2 categories besides security (comma-separated: availability, "
            "processing_integrity, confidentiality, privacy)",
            default="",
            show_default=False,
            value_proc=_categories,
        )
        return answer

    def report_type(self) -> int:
        return int(click.prompt("Report type", type=click.Choice(["1", "2"]), default="2"))

    def date(self, question: str, default: dt.date) -> dt.date:
        answer: dt.date = click.prompt(
            question, default=default.isoformat(), value_proc=_date_answer
        )
        return answer

    def name(self, default: str) -> str:
        answer: str = click.prompt("System name", default=default)
        return answer

    def owner(self) -> str | None:
        answer: str = click.prompt(
            "Default owner of the starter controls (a person ID such as jane.doe; "
            "empty to assign later)",
            default="",
            show_default=False,
            value_proc=lambda v: _id_option(None, None, v.strip() or None) or "",
        )
        return answer or None

    def owner_name(self, owner: str) -> str:
        answer: str = click.prompt(f"Full name of {owner}", default=owner)
        return answer


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

    _check_criteria(criteria)
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
    except OSError as exc:  # the control file, or the program's lock file
        fail_setup(f"{exc.filename or file_path}: {exc.strerror or exc}")
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


def _check_criteria(criteria: tuple[str, ...]) -> None:
    """A usage error naming the first criterion that is not in the catalog, with the one
    most likely meant."""
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
@click.option(
    "--method",
    "methods",
    type=click.Choice(TEST_METHODS),
    multiple=True,
    help="How the test was performed; repeat it for a test that combined methods (--method "
    "inquiry --method inspection writes [inquiry, inspection]).  [default: inspection]",
)
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
    methods: tuple[str, ...],
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
        fail_setup(str(exc), exc.details)
    test = NewTest(
        control=control_id,
        id=test_id,
        kind=kind,
        methods=methods or ("inspection",),
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
