"""validate and report: the commands that read a program and judge it."""

from __future__ import annotations

import datetime as dt
import gc
import sys

import click

from soccheck.cli._common import (
    CONTEXT_SETTINGS,
    fail_setup,
    internal_error,
    parse_date,
    reading_jobs,
    rule_list,
    use_color,
    write_reports,
)
from soccheck.cli.main import cli
from soccheck.support.text import printable

# Options both commands take, defined once so their names and help cannot drift apart.
ROOT_ARGUMENT = click.argument(
    "root", required=False, type=click.Path(readable=False)
)  # existence and readability are checked by load_program, with a one-line error; when it is
# not given, soccheck.load.discovery.program_root finds the program from the current directory
TODAY_OPTION = click.option(
    "--today",
    callback=parse_date,
    metavar="YYYY-MM-DD",
    help="Evaluate as of this date (default: today), for reproducible results.",
)
CONFIG_OPTION = click.option(
    "--config",
    "config_path",
    metavar="PATH",
    help="Configuration file: YAML, or TOML with a [tool.soccheck] table (default: "
    "ROOT/soccheck.yaml, else [tool.soccheck] in ROOT/pyproject.toml).",
)
DEBUG_OPTION = click.option("--debug", is_flag=True, help="Show a traceback on internal errors.")


@cli.command(context_settings=CONTEXT_SETTINGS)
@ROOT_ARGUMENT
@click.option(
    "-f",
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github", "junit", "sarif"]),
    default="text",
    show_default=True,
    help="What to print on standard output ('github': workflow-command annotations).",
)
@click.option(
    "--junit-xml",
    "junit_path",
    metavar="PATH",
    help="Also write a JUnit XML report (one suite per report, a case per criterion, "
    "objective and control) to PATH.",
)
@click.option(
    "--sarif",
    "sarif_path",
    metavar="PATH",
    help="Also write a SARIF 2.1.0 report (for GitHub code scanning) to PATH.",
)
@TODAY_OPTION
@CONFIG_OPTION
@click.option(
    "--select",
    callback=rule_list,
    metavar="RULE,...",
    help="Run only these rules, even ones the config switches off (files that cannot be "
    "read are still reported).",
)
@click.option(
    "--ignore",
    callback=rule_list,
    metavar="RULE,...",
    help="Do not run these rules; beats --select and the config.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    help="Lowest severity that makes the exit code 1 (default: config's fail_on, else error).",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour text output; 'auto' colours only on a terminal and honours NO_COLOR.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Processes that read a large program's files (200 or more) in parallel; "
    "0: one per CPU, at most 4. More than 8 reads with 8, with a warning.",
)
@DEBUG_OPTION
def validate(
    root: str | None,
    output_format: str,
    junit_path: str | None,
    sarif_path: str | None,
    today: dt.date | None,
    config_path: str | None,
    select: frozenset[str] | None,
    ignore: frozenset[str] | None,
    fail_on: str | None,
    color: str,
    jobs: int,
    debug: bool,
) -> None:
    """Validate the SOC program under ROOT (default: the nearest directory upwards from the
    current one holding system.yaml, soccheck.yaml or a pyproject.toml with [tool.soccheck],
    not above the repository's top; when it holds only system.yaml, the directory up to that
    top whose configuration names that file as 'system', if any).

    Reads ROOT/system.yaml and the control files (controls/**/*.yaml and *.yml unless
    soccheck.yaml says otherwise), checks them against the JSON Schemas and every rule,
    and prints each finding with its file, line and column (relative to the current
    directory). --junit-xml and --sarif write report files in the same run, both or
    neither; they never change the exit code.
    """
    from soccheck.checks.checker import Options, check
    from soccheck.load.discovery import SetupError, program_root
    from soccheck.load.program import load_program
    from soccheck.output.registry import get_reporter
    from soccheck.support.fileio import STDOUT

    for option, path, fmt in (
        ("--junit-xml", junit_path, "junit"),
        ("--sarif", sarif_path, "sarif"),
    ):
        if path == STDOUT:
            raise click.BadParameter(
                f"standard output carries --format's output; use --format {fmt} to print "
                f"{'JUnit XML' if fmt == 'junit' else 'SARIF'} there",
                param_hint=option,
            )
    # The program's objects hold no reference cycles; the cyclic garbage collector would
    # only walk them again and again while the rules run (it is back on when we return).
    collecting = gc.isenabled()
    gc.disable()
    try:
        program = load_program(program_root(root), config_path, jobs=reading_jobs(jobs))
        options = Options(
            today=today or dt.date.today(),
            select=select,
            ignore=ignore or frozenset(),
            fail_on=fail_on,  # type: ignore[arg-type]
        )
        result = check(program, options)
        colored = use_color(color)
        output = get_reporter(output_format)(result, color=colored)
        # Both rendered before either is written, then written together: all or nothing.
        reports = [("junit", "JUnit XML", junit_path), ("sarif", "SARIF", sarif_path)]
        write_reports(
            [(path, label, get_reporter(name)(result)) for name, label, path in reports if path]
        )
    except SetupError as exc:
        fail_setup(str(exc), exc.details)
    except Exception as exc:
        internal_error(exc, debug)
    finally:
        if collecting:
            gc.enable()
    # click strips ANSI codes when stdout is not a terminal unless told otherwise.
    click.echo(output, nl=False, color=colored)
    sys.exit(result.exit_code)


@cli.command(context_settings=CONTEXT_SETTINGS)
@ROOT_ARGUMENT
@click.option(
    "-f",
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "html", "csv"]),
    default="text",
    show_default=True,
    help="text for a terminal, markdown for a pull request or wiki, html for a self-contained "
    "page, csv for the auditor's control matrix.",
)
@click.option(
    "-o",
    "--output",
    "output_path",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write the report to this file instead of standard output ('-'), atomically. Only "
    "a regular file is replaced (also through a symlink), keeping its permissions; a "
    "read-only file is refused.",
)
@click.option("--report", "report_id", metavar="ID", help="Only this report (default: all).")
@TODAY_OPTION
@CONFIG_OPTION
@DEBUG_OPTION
def report(
    root: str | None,
    output_format: str,
    output_path: str | None,
    report_id: str | None,
    today: dt.date | None,
    config_path: str | None,
    debug: bool,
) -> None:
    """Readiness report for the SOC program under ROOT: coverage, testing and findings.

    ROOT defaults to the nearest directory upwards from the current one holding system.yaml,
    soccheck.yaml or a pyproject.toml with [tool.soccheck], not above the repository's top;
    when it holds only system.yaml, the directory up to that top whose configuration names
    that file as 'system', if any.

    For each report in the system description: criteria (SOC 2) or objectives (SOC 1)
    covered and tested, controls tested, open findings by rule, and every criterion's status.
    csv is the control matrix (one row per control and test). When the program records the
    Type 2 audit trail, every format also shows each test's covers, phase, population
    source, reviewer and deviations with management's responses, and each control's
    evidence dates against the period (the HTML report draws them). Exit code 0 when the
    report was produced, whatever it shows; 2 on usage or setup errors.
    """
    from soccheck.checks.checker import Options, check
    from soccheck.load.discovery import SetupError, program_root
    from soccheck.load.program import load_program
    from soccheck.readiness.model import ReportError, build
    from soccheck.readiness.registry import get_renderer
    from soccheck.support.fileio import STDOUT

    when = today or dt.date.today()
    try:
        program = load_program(program_root(root, "soccheck report ROOT"), config_path)
        result = check(program, Options(today=when))
        model = build(result, when, report_id)
        output = get_renderer(output_format)(model)
    except (SetupError, ReportError) as exc:
        fail_setup(str(exc), getattr(exc, "details", ()))
    except Exception as exc:
        internal_error(exc, debug)
    if output_path is None or output_path == STDOUT:
        # Files meant for other programs go out as UTF-8 bytes, untouched by the locale or
        # newline translation (the CSV's CRLF line ends are part of its format).
        click.echo(output.encode("utf-8") if output_format in ("csv", "html") else output, nl=False)
        return
    try:
        write_reports([(output_path, output_format, output)], stdout="-o -")
    except SetupError as exc:
        fail_setup(str(exc), exc.details)
    click.echo(printable(f"wrote {output_path}"), err=True)
