"""rules, explain, catalog, schema: what soccheck knows, printed."""

from __future__ import annotations

from typing import Any

import click

from soccheck.cli._common import (
    CONTEXT_SETTINGS,
    fail_setup,
    parse_category,
)
from soccheck.cli.main import cli
from soccheck.format.vocabulary import CATEGORY_SPELLINGS
from soccheck.support.text import printable


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    help="markdown prints the full reference (the text of docs/rules.md).",
)
def rules(output_format: str) -> None:
    """List every rule: ID, default severity and summary."""
    from soccheck.checks.rules.registry import RULES

    if output_format == "markdown":
        from soccheck.checks.rules.docs import markdown

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
    """Explain a rule: why it exists, how to fix it, an example that triggers it and the
    same example written so that it does not."""
    import textwrap

    from soccheck.checks.checker import unknown_rule_ids
    from soccheck.checks.rules.registry import RULES

    rule = RULES.get(rule_id)
    if rule is None:
        fail_setup(unknown_rule_ids([rule_id])[0])
    click.echo(f"{rule.id} ({rule.severity})")
    click.echo(f"  {rule.summary}\n")
    click.echo(textwrap.fill(rule.rationale, width=88, initial_indent="  ", subsequent_indent="  "))
    click.echo("\nExample that triggers it:\n")
    click.echo(textwrap.indent(rule.example.rstrip("\n"), "    "))
    click.echo("\nInstead (does not trigger it):\n")
    click.echo(textwrap.indent(rule.passing.rstrip("\n"), "    "))


def _category_option(_ctx: Any, _param: Any, value: str | None) -> str | None:
    return None if value is None else parse_category(value)


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.option(
    "--category",
    callback=_category_option,
    metavar="CATEGORY",
    help=f"Only this category's criteria: {CATEGORY_SPELLINGS}.",
)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def catalog(category: str | None, output_format: str) -> None:
    """Print the built-in Trust Services Criteria catalog (tsc-2017)."""
    from soccheck.format.catalog import load_catalog

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

    The schemas are generated from soccheck's models; in soccheck's repository, 'python -m
    soccheck.format.codegen' rewrites the copies under schemas/ and inside the package.
    """
    from pathlib import Path

    from soccheck.format.schema import SCHEMA_FILES
    from soccheck.format.schemagen import generate, render

    schemas = generate()
    if write_dir is not None:
        from soccheck.support.fileio import write_atomic

        directory = Path(write_dir)
        directory.mkdir(parents=True, exist_ok=True)
        for file_name, body in schemas.items():
            write_atomic(directory / file_name, render(body))
            click.echo(printable(f"wrote {directory / file_name}"))
        return
    click.echo(render(schemas[SCHEMA_FILES[name or "control"]]), nl=False)  # type: ignore[index]
