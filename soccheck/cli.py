"""The ``soccheck`` command line: parse options, call the library, map results to exit codes.

Exit codes (public API): 0 no failing findings, 1 failing findings, 2 usage, setup or internal
error. Heavy modules are imported inside commands so ``--version`` and ``--help`` stay fast.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from soccheck._version import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_SETUP = 0, 1, 2
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _fail_setup(message: str) -> NoReturn:
    click.echo(f"soccheck: error: {message}", err=True)
    sys.exit(EXIT_SETUP)


def _parse_date(_ctx: Any, _param: Any, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date written YYYY-MM-DD") from None


def _rule_list(_ctx: Any, _param: Any, value: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    ids = frozenset(part.strip() for part in value.split(",") if part.strip())
    from soccheck.checker import unknown_rule_ids

    problems = unknown_rule_ids(sorted(ids))
    if problems:
        raise click.BadParameter("; ".join(problems))
    return ids


def _use_color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR", "") != "":
        return False
    return sys.stdout.isatty()


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="soccheck")
def cli() -> None:
    """Check a SOC 1 / SOC 2 program kept as YAML: system description and controls.

    Start with 'soccheck validate' in the program's root directory. Exit codes: 0 clean,
    1 findings, 2 usage or setup error.
    """


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("root", default=".", type=click.Path(file_okay=True, dir_okay=True))
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
@click.option(
    "--today",
    callback=_parse_date,
    metavar="YYYY-MM-DD",
    help="Evaluate as of this date (default: today), for reproducible results.",
)
@click.option(
    "--config",
    "config_path",
    metavar="PATH",
    help="Configuration file: YAML, or TOML with a [tool.soccheck] table (default: "
    "ROOT/soccheck.yaml, else [tool.soccheck] in ROOT/pyproject.toml).",
)
@click.option(
    "--select",
    callback=_rule_list,
    metavar="RULE,...",
    help="Run only these rules, even ones the config switches off (files that cannot be "
    "read are still reported).",
)
@click.option(
    "--ignore",
    callback=_rule_list,
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
    "0: one per CPU, at most 4.",
)
@click.option("--debug", is_flag=True, help="Show a traceback on internal errors.")
def validate(
    root: str,
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
    """Validate the SOC program under ROOT (default: the current directory).

    Reads ROOT/system.yaml and the control files (controls/**/*.yaml and *.yml unless
    soccheck.yaml says otherwise), checks them against the JSON Schemas and every rule,
    and prints each finding with its file, line and column. --junit-xml and --sarif write
    report files in the same run; they never change the exit code.
    """
    import gc

    from soccheck.checker import Options, check
    from soccheck.discovery import SetupError
    from soccheck.program import load_program
    from soccheck.reporters import get_reporter

    # The program's objects hold no reference cycles; the cyclic garbage collector would
    # only walk them again and again while the rules run (it is back on when we return).
    collecting = gc.isenabled()
    gc.disable()
    try:
        program = load_program(root, config_path, jobs=jobs or _default_jobs())
        options = Options(
            today=today or dt.date.today(),
            select=select,
            ignore=ignore or frozenset(),
            fail_on=fail_on,  # type: ignore[arg-type]
        )
        result = check(program, options)
        use_color = _use_color(color)
        output = get_reporter(output_format)(result, color=use_color)
        reports = [("junit", "JUnit XML", junit_path), ("sarif", "SARIF", sarif_path)]
        for name, label, path in reports:
            if path is not None:
                _write_report(path, label, get_reporter(name)(result))
    except SetupError as exc:
        _fail_setup(str(exc))
    except Exception as exc:
        _internal_error(exc, debug)
    finally:
        if collecting:
            gc.enable()
    # click strips ANSI codes when stdout is not a terminal unless told otherwise.
    click.echo(output, nl=False, color=use_color)
    sys.exit(result.exit_code)


def _default_jobs() -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 4))


def _write_report(path: str, label: str, text: str) -> None:
    """Write a report file atomically (CI never reads half a report), creating its directory."""
    from pathlib import Path

    from soccheck.discovery import SetupError
    from soccheck.fileio import write_atomic

    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text)
    except OSError as exc:
        raise SetupError(
            f"cannot write the {label} report to {path}: {exc.strerror or exc}"
        ) from exc


def _internal_error(exc: BaseException, debug: bool) -> NoReturn:
    from soccheck import program as program_module

    current = program_module.current_file()
    where = f" while reading {current}" if current else ""
    if debug:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    click.echo(
        f"soccheck: internal error{where}: {type(exc).__name__}: {exc} "
        "(run with --debug for details, and please report it)",
        err=True,
    )
    sys.exit(EXIT_SETUP)


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    help="markdown prints the full reference (docs/rules.md is generated this way).",
)
def rules(output_format: str) -> None:
    """List every rule: ID, default severity and summary."""
    from soccheck.rules import RULES

    if output_format == "markdown":
        from soccheck.rules.docs import markdown

        click.echo(markdown(), nl=False)
        return
    if output_format == "json":
        import json

        data = [{"id": r.id, "severity": r.severity, "summary": r.summary} for r in RULES.values()]
        click.echo(json.dumps(data, indent=2))
        return
    width = max(len(rule_id) for rule_id in RULES)
    for rule in RULES.values():
        click.echo(f"{rule.id:<{width}}  {rule.severity:<7}  {rule.summary}")


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("rule_id", metavar="RULE")
def explain(rule_id: str) -> None:
    """Explain a rule: why it exists, an example that triggers it, and how to fix it."""
    import textwrap

    from soccheck.checker import unknown_rule_ids
    from soccheck.rules import RULES

    rule = RULES.get(rule_id)
    if rule is None:
        _fail_setup(unknown_rule_ids([rule_id])[0])
    click.echo(f"{rule.id} ({rule.severity})")
    click.echo(f"  {rule.summary}\n")
    click.echo(textwrap.fill(rule.rationale, width=88, initial_indent="  ", subsequent_indent="  "))
    click.echo("\nExample that triggers it:\n")
    click.echo(textwrap.indent(rule.example.rstrip("\n"), "    "))


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.option(
    "--category",
    type=click.Choice(
        ["security", "availability", "processing_integrity", "confidentiality", "privacy"]
    ),
    help="Only this category's criteria.",
)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def catalog(category: str | None, output_format: str) -> None:
    """Print the built-in Trust Services Criteria catalog (tsc-2017)."""
    from soccheck.catalog import load_catalog

    cat = load_catalog()
    criteria = [c for c in cat.criteria.values() if category is None or c.category == category]
    if output_format == "json":
        import json

        data = {
            "catalog": cat.id,
            "criteria": [
                {"id": c.id, "category": c.category, "series": c.series, "title": c.title}
                for c in criteria
            ],
        }
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"{cat.name} [{cat.id}]: {len(criteria)} criteria")
    current = None
    for criterion in criteria:
        if criterion.series != current:
            current = criterion.series
            click.echo(f"\n{current}  {cat.series_names[current]}")
        click.echo(f"  {criterion.id:<7} {criterion.title}")


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("name", required=False, type=click.Choice(["system", "control", "config"]))
@click.option(
    "--write",
    "write_dir",
    type=click.Path(file_okay=False),
    help="Regenerate all schema files into this directory instead of printing.",
)
def schema(name: str | None, write_dir: str | None) -> None:
    """Print a JSON Schema (system, control or config), or regenerate them all with --write.

    The schemas are generated from soccheck's models; the copies under schemas/ and inside
    the package are written by 'soccheck schema --write schemas' (and its package twin).
    """
    from pathlib import Path

    from soccheck.schemagen import generate, render
    from soccheck.schemas import SCHEMA_FILES

    schemas = generate()
    if write_dir is not None:
        from soccheck.fileio import write_atomic

        directory = Path(write_dir)
        directory.mkdir(parents=True, exist_ok=True)
        for file_name, body in schemas.items():
            write_atomic(directory / file_name, render(body))
            click.echo(f"wrote {directory / file_name}")
        return
    click.echo(render(schemas[SCHEMA_FILES[name or "control"]]), nl=False)  # type: ignore[index]


def main(argv: Sequence[str] | None = None) -> int:
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="soccheck")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_SETUP)
    return EXIT_OK


def run() -> NoReturn:
    """The ``soccheck`` command (and ``python -m soccheck``): ``main()``, then exit at once.

    Tearing the interpreter down frees a large program object by object and runs a last
    garbage collection over all of them, a tenth of the run for 10,000 controls; the
    process is ending, so output is flushed and it exits without that. Reports are
    written and closed before ``main()`` returns.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe (soccheck validate | head)
        pass
    os._exit(code)
