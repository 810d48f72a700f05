"""Project configuration: ``soccheck.yaml`` or ``[tool.soccheck]`` in ``pyproject.toml``.

Where the configuration comes from, highest first:

1. ``--config PATH``: that file only (YAML, or a ``.toml`` file with a ``[tool.soccheck]``
   table); ``soccheck.yaml`` and ``pyproject.toml`` in the root are not read.
2. ``ROOT/soccheck.yaml``. If ``ROOT/pyproject.toml`` also has a ``[tool.soccheck]`` table, that
   table is ignored and a ``config`` warning at its header says so.
3. ``[tool.soccheck]`` in ``ROOT/pyproject.toml``.
4. Built-in defaults.

A broken configuration is reported as findings in the config file (exit 1), and the valid parts
of it still apply; only an explicitly named ``--config`` file that does not exist (or a TOML
file without ``[tool.soccheck]``) is a setup error (exit 2), because then the user's intent is
unknowable. Paths in the configuration (``system``, ``controls``, ``exclude``) are relative to
the program root, wherever the configuration file is.

Findings in ``pyproject.toml`` point at the right line and column: TOML has no position-aware
loader, so :mod:`soccheck.load.toml_positions` walks the text a second time to find them.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from soccheck.checks.findings import Finding
from soccheck.checks.rules.config import RULE as CONFIG
from soccheck.format.records import Config
from soccheck.load.build import build_record
from soccheck.load.discovery import SetupError, read_file
from soccheck.load.limits import Limits
from soccheck.load.strategy import DEFAULT, LoadStrategy
from soccheck.load.yaml_reader import Document, KeyPath, load_bytes

CONFIG_FILE = "soccheck.yaml"
PYPROJECT = "pyproject.toml"
TOOL_TABLE = ("tool", "soccheck")
BOOTSTRAP_MAX_SIZE = 1024 * 1024

_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass
class LoadedConfig:
    config: Config
    path: str | None = None
    """Root-relative (or, for a ``--config`` outside the root, absolute) path of the file the
    configuration came from; None when the defaults are used."""
    document: Document | None = None
    findings: list[Finding] = field(default_factory=list)
    invalid: set[KeyPath] = field(default_factory=set)

    @property
    def given(self) -> frozenset[str]:
        """The settings the file gives validly: the rest are defaults."""
        data = self.document.data if self.document is not None else None
        if not isinstance(data, dict):
            return frozenset()
        return frozenset(k for k in data if isinstance(k, str) and (k,) not in self.invalid)


# ------------------------------------------------------------------------------ paths


def normalize_path(path: str) -> str | None:
    """A root-relative POSIX path (or glob) with ``.`` and ``..`` resolved, or None when it is
    absolute or leaves the root."""
    if path.startswith(("/", "\\")) or _DRIVE.match(path):
        return None
    normalized = posixpath.normpath(path.replace("\\", "/"))
    if normalized == ".." or normalized.startswith("../"):
        return None
    return normalized


def _check_paths(loaded: LoadedConfig) -> None:
    """Patterns must stay inside the root: a hostile repository must not make soccheck read
    files elsewhere. Bad patterns are reported and dropped; good ones are normalized."""
    config, doc = loaded.config, loaded.document
    for key in ("controls", "exclude"):
        patterns: list[str] = getattr(config, key)
        kept = []
        for index, pattern in enumerate(patterns):
            normalized = normalize_path(pattern)
            if normalized is None or normalized == ".":
                line, column = doc.position((key, index)) if doc else (1, 1)
                loaded.findings.append(
                    CONFIG.finding(
                        loaded.path or CONFIG_FILE,
                        line,
                        column,
                        f"{key} pattern '{pattern}' must be a path relative to the program "
                        "root and stay inside it; the pattern is ignored",
                    )
                )
                continue
            kept.append(normalized)
        setattr(config, key, kept)


# ------------------------------------------------------------------------------ loading


def _jsonable(value: Any) -> Any:
    """TOML dates are date objects; the schema (like YAML loading) expects ISO strings."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _tool_table(text: str) -> Any:
    import tomllib

    table: Any = tomllib.loads(text)
    for name in TOOL_TABLE:
        if not isinstance(table, dict):
            return None
        table = table.get(name)
    return table


_TOML_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def _toml_error(rel: str, exc: Exception) -> Finding:
    """A TOML syntax error at its line and column (tomllib puts them in the message)."""
    text = str(exc)
    match = _TOML_WHERE.search(text)
    line, column = (int(match[1]), int(match[2])) if match else (1, 1)
    problem = text[: match.start()] if match else text
    return CONFIG.finding(rel, line, column, f"{rel} is not valid TOML: {problem}")


def _from_toml(
    rel: str, raw: bytes | None, finding: Finding | None, strategy: LoadStrategy
) -> LoadedConfig | None:
    """The ``[tool.soccheck]`` table of a TOML file; None when there is no such table."""
    import tomllib

    from soccheck.load.toml_positions import toml_positions

    if raw is None:
        return LoadedConfig(Config(), rel, findings=[finding] if finding else [])
    try:
        text = raw.decode("utf-8-sig")
        section = _tool_table(text)
    except UnicodeDecodeError as exc:
        message = f"{rel} is not valid UTF-8 (byte offset {exc.start}); save it as UTF-8"
        problem = CONFIG.finding(rel, 1, 1, message)
        return LoadedConfig(Config(), rel, findings=[problem])
    except tomllib.TOMLDecodeError as exc:
        return LoadedConfig(Config(), rel, findings=[_toml_error(rel, exc)])
    if section is None:
        return None
    positions, key_positions = toml_positions(text, TOOL_TABLE)
    doc = Document(rel, data=_jsonable(section), positions=positions, key_positions=key_positions)
    return _validated(doc, strategy)


def _from_yaml(
    rel: str, raw: bytes | None, finding: Finding | None, strategy: LoadStrategy
) -> LoadedConfig:
    if raw is None:
        return LoadedConfig(Config(), rel, findings=[finding] if finding else [])
    doc = load_bytes(rel, raw, Limits(max_file_size=BOOTSTRAP_MAX_SIZE))
    if doc.data is None:
        # Empty or unreadable: the loader's findings (if any) say why; defaults apply.
        return LoadedConfig(Config(), rel, doc, list(doc.findings))
    return _validated(doc, strategy)


def _validated(doc: Document, strategy: LoadStrategy) -> LoadedConfig:
    """The configuration in ``doc``; only a file the strategy cannot build whole (one the
    checks reject, or any file on the reference path) pays for the JSON Schema walk that
    explains its problems."""
    invalid: set[KeyPath] = set()
    config = strategy.build_whole(Config, doc)
    if config is None:
        from soccheck.load.validation import validate_document

        invalid = validate_document(doc, "config")
        built = build_record(Config, doc, (), invalid, builder_for=strategy.builder_for)
        config = built or Config()
    loaded = LoadedConfig(config, doc.path, doc, list(doc.findings), invalid)
    _check_paths(loaded)
    return loaded


def _display_path(root: Path, path: Path) -> str:
    """Root-relative when the file is inside the root, else absolute: findings' paths are
    relative to the root, and a path relative to anything else would be misread."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return Path(os.path.abspath(path)).as_posix()


def _explicit(root: Path, given: str, strategy: LoadStrategy) -> LoadedConfig:
    path = Path(given)
    if not path.is_absolute():
        path = Path.cwd() / path
    if not path.is_file():
        raise SetupError(f"config file {given} does not exist")
    rel = _display_path(root, path)
    data = read_file(path.parent, path.name, BOOTSTRAP_MAX_SIZE)
    if path.suffix.lower() == ".toml":
        loaded = _from_toml(rel, data.data, data.finding, strategy)
        if loaded is None:
            raise SetupError(f"config file {given} has no [tool.soccheck] table")
        return loaded
    return _from_yaml(rel, data.data, data.finding, strategy)


def _pyproject_header(root: Path) -> tuple[int, int] | None:
    """Position of ``[tool.soccheck]`` in ROOT/pyproject.toml, or None when it has none (or
    cannot be read: soccheck.yaml is in charge then, so pyproject's problems are not ours)."""
    import tomllib

    from soccheck.load.toml_positions import toml_positions

    result = read_file(root, PYPROJECT, BOOTSTRAP_MAX_SIZE)
    if result.data is None:
        return None
    try:
        text = result.data.decode("utf-8-sig")
        if _tool_table(text) is None:
            return None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None
    positions, _ = toml_positions(text, TOOL_TABLE)
    return positions.get((), (1, 1))


def load_config(
    root: Path, explicit: str | None = None, *, strategy: LoadStrategy = DEFAULT
) -> LoadedConfig:
    """Find and load the configuration for ``root`` (see the module docstring for the order).

    The configuration file is always read by the full reader (it is one small file);
    ``strategy`` decides how it is validated and built, as for the program's other files."""
    if explicit is not None:
        return _explicit(root, explicit, strategy)

    pyproject = (root / PYPROJECT).is_file()
    if not (root / CONFIG_FILE).exists():
        if pyproject:
            data = read_file(root, PYPROJECT, BOOTSTRAP_MAX_SIZE)
            from_pyproject = _from_toml(PYPROJECT, data.data, data.finding, strategy)
            if from_pyproject is not None:
                return from_pyproject
        return LoadedConfig(Config())

    data = read_file(root, CONFIG_FILE, BOOTSTRAP_MAX_SIZE)
    loaded = _from_yaml(CONFIG_FILE, data.data, data.finding, strategy)
    header = _pyproject_header(root) if pyproject else None
    if header is not None:
        loaded.findings.append(
            CONFIG.finding(
                PYPROJECT,
                header[0],
                header[1],
                "both soccheck.yaml and [tool.soccheck] in pyproject.toml exist; soccheck.yaml "
                "wins and this table is ignored: merge it into soccheck.yaml and delete it",
                severity="warning",
            )
        )
    return loaded
