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
    debug: bool,
) -> None:
    """Validate the SOC program under ROOT (default: the current directory).

    Reads ROOT/system.yaml and the control files (controls/**/*.yaml and *.yml unless
    soccheck.yaml says otherwise), checks them against the JSON Schemas and every rule,
    and prints each finding with its file, line and column. --junit-xml and --sarif write
    report files in the same run; they never change the exit code.
    """
    from soccheck.checker import Options, check
    from soccheck.discovery import SetupError
    from soccheck.program import load_program
    from soccheck.reporters import get_reporter

    try:
        program = load_program(root, config_path)
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
    # click strips ANSI codes when stdout is not a terminal unless told otherwise.
    click.echo(output, nl=False, color=use_color)
    sys.exit(result.exit_code)


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


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("root", default=".", type=click.Path(file_okay=True, dir_okay=True))
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
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report to this file (atomically) instead of standard output.",
)
@click.option("--report", "report_id", metavar="ID", help="Only this report (default: all).")
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
    help="Configuration file (default: ROOT/soccheck.yaml, else [tool.soccheck] in "
    "ROOT/pyproject.toml).",
)
@click.option("--debug", is_flag=True, help="Show a traceback on internal errors.")
def report(
    root: str,
    output_format: str,
    output_path: str | None,
    report_id: str | None,
    today: dt.date | None,
    config_path: str | None,
    debug: bool,
) -> None:
    """Readiness report for the SOC program under ROOT: coverage, testing and findings.

    For each report in the system description: criteria (SOC 2) or objectives (SOC 1)
    covered and tested, controls tested, open findings by rule, and every criterion's status.
    csv is the control matrix (one row per control and test). Exit code 0 when the report
    was produced, whatever it shows; 2 on usage or setup errors.
    """
    from soccheck.checker import Options, check
    from soccheck.discovery import SetupError
    from soccheck.program import load_program
    from soccheck.report import get_renderer
    from soccheck.report.model import ReportError, build

    when = today or dt.date.today()
    try:
        program = load_program(root, config_path)
        result = check(program, Options(today=when))
        model = build(result, when, report_id)
        output = get_renderer(output_format)(model)
    except (SetupError, ReportError) as exc:
        _fail_setup(str(exc))
    except Exception as exc:
        _internal_error(exc, debug)
    if output_path is None:
        # Files meant for other programs go out as UTF-8 bytes, untouched by the locale or
        # newline translation (the CSV's CRLF line ends are part of its format).
        click.echo(output.encode("utf-8") if output_format in ("csv", "html") else output, nl=False)
        return
    try:
        _write_report(output_path, output_format, output)
    except SetupError as exc:
        _fail_setup(str(exc))
    click.echo(f"wrote {output_path}", err=True)


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


# ------------------------------------------------------------------------- init and new control

CATEGORIES = ("security", "availability", "processing_integrity", "confidentiality", "privacy")
FREQUENCIES = (
    "continuous",
    "multiple-daily",
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "semi-annual",
    "annual",
    "as-needed",
)
NATURES = ("preventive", "detective", "corrective")
AUTOMATIONS = ("manual", "automated", "it-dependent-manual")
ID_RE = r"^[A-Za-z0-9][A-Za-z0-9._:-]*$"


def _categories(value: str) -> tuple[str, ...]:
    """'availability, processing-integrity' -> ('security', 'availability', ...), catalog order."""
    import difflib

    chosen = {"security"}
    for part in value.split(","):
        name = part.strip().lower().replace("-", "_").replace(" ", "_")
        if not name:
            continue
        if name not in CATEGORIES:
            close = difflib.get_close_matches(name, CATEGORIES, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise click.BadParameter(
                f"unknown category '{part.strip()}'{hint}; choose from {', '.join(CATEGORIES)}"
            )
        chosen.add(name)
    return tuple(c for c in CATEGORIES if c in chosen)


def _categories_option(_ctx: Any, _param: Any, value: str | None) -> tuple[str, ...] | None:
    return None if value is None else _categories(value)


def _id_option(_ctx: Any, _param: Any, value: str | None) -> str | None:
    import re

    if value is not None and (not re.match(ID_RE, value) or len(value) > 128):
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
    parsed = _parse_date(None, None, value.strip())
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
    "processing_integrity, confidentiality, privacy.",
)
@click.option("--period-start", callback=_parse_date, metavar="YYYY-MM-DD", help="Type 2 period.")
@click.option(
    "--period-end",
    callback=_parse_date,
    metavar="YYYY-MM-DD",
    help="Type 2 period.  [default: six months from the first day of next month]",
)
@click.option(
    "--as-of",
    callback=_parse_date,
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
    callback=_parse_date,
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

    from soccheck import scaffold

    if force and skip_existing:
        raise click.UsageError("--force and --skip-existing cannot be used together")
    if owner_name is not None and owner is None:
        raise click.UsageError("--owner-name needs --owner (the person's ID)")
    root = Path(directory)
    if root.exists() and not root.is_dir():
        _fail_setup(f"{directory} exists and is not a directory")
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
        shown = "\n".join(f"  {path}" for path in existing[:10])
        more = f"\n  ... and {len(existing) - 10} more" if len(existing) > 10 else ""
        _fail_setup(
            f"{len(existing)} of the files to write already "
            f"{'exists' if len(existing) == 1 else 'exist'} in {directory}; nothing was "
            f"written:\n{shown}{more}\n"
            "Use --skip-existing to keep them and write the rest, or --force to overwrite them."
        )
    try:
        written = scaffold.write(plan, root, set(existing) if skip_existing else None)
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        _fail_setup(f"cannot write{where}: {exc.strerror or exc}")
    _report_init(opts, plan, written, existing if skip_existing else [], directory, now)


def _report_init(
    opts: Any, plan: Any, written: list[Any], kept: list[str], directory: str, today: dt.date
) -> None:
    from soccheck import scaffold

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
        steps.append(
            "Turn on the checks: commit the program, then 'pip install pre-commit && pre-commit "
            "install'; the GitHub workflow runs on your next pull request."
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
            textwrap.fill(step, width=92, initial_indent=f"  {number}. ", subsequent_indent="     ")
        )


def _report_first_check(root: Any, directory: str, today: dt.date) -> None:
    """Run the checks once on the new program and say what is left to do."""
    from soccheck import scaffold
    from soccheck.discovery import SetupError

    try:
        counts = scaffold.initial_findings(root, today)
    except SetupError as exc:
        click.echo(f"\nThe first check could not run: {exc}")
        return
    total = sum(counts.values())
    if not total:
        click.echo(f"\n'soccheck validate {directory}' reports no findings.")
        return
    click.echo(
        f"\n'soccheck validate {directory}' reports {total} finding"
        f"{'s' if total > 1 else ''}, as expected for a program nobody has operated yet:"
    )
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

    from soccheck.catalog import load_catalog
    from soccheck.newcontrol import NewControl, add_control
    from soccheck.yamledit import EditError

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
        _fail_setup(f"{file_path}: {exc}")
    except OSError as exc:
        _fail_setup(f"{file_path}: {exc.strerror or exc}")
    for warning in added.warnings:
        click.echo(f"soccheck: warning: {warning}", err=True)
    verb = "created" if added.created else "appended to"
    click.echo(f"Added control {control_id}: {verb} {file_path} (line {added.line}).")
    click.echo(
        "Rewrite its title and description, set its owner, criteria and evidence, then run "
        "'soccheck validate'."
    )


def main(argv: Sequence[str] | None = None) -> int:
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="soccheck")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_SETUP)
    return EXIT_OK
