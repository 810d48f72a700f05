"""Project configuration: ``soccheck.yaml`` or ``[tool.soccheck]`` in ``pyproject.toml``.

A broken configuration is reported as findings in the config file (exit 1), and the valid parts
of it still apply; only an explicitly named ``--config`` file that does not exist is a setup
error (exit 2), because then the user's intent is unknowable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from soccheck.discovery import SetupError, read_file
from soccheck.findings import Finding
from soccheck.loader import Document, KeyPath, Limits, load_bytes
from soccheck.models import Config
from soccheck.validation import validate_document

CONFIG_FILE = "soccheck.yaml"
PYPROJECT = "pyproject.toml"
BOOTSTRAP_MAX_SIZE = 1024 * 1024


@dataclass
class LoadedConfig:
    config: Config
    path: str | None = None
    """Root-relative (or as given) path of the file the config came from, if any."""
    document: Document | None = None
    findings: list[Finding] = field(default_factory=list)
    invalid: set[KeyPath] = field(default_factory=set)


def _from_pyproject(root: Path, rel: str) -> LoadedConfig | None:
    import tomllib

    result = read_file(root, rel, BOOTSTRAP_MAX_SIZE)
    if result.data is None:
        return LoadedConfig(Config(), rel, findings=[result.finding] if result.finding else [])
    try:
        table = tomllib.loads(result.data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        finding = Finding("config", "error", rel, 1, 1, f"pyproject.toml is not valid TOML: {exc}")
        return LoadedConfig(Config(), rel, findings=[finding])
    section = table.get("tool", {}).get("soccheck")
    if section is None:
        return None
    doc = Document(rel, data=_jsonable(section))
    return _validated(doc)


def _jsonable(value: Any) -> Any:
    """TOML dates are date objects; the schema (like YAML loading) expects ISO strings."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _validated(doc: Document) -> LoadedConfig:
    from soccheck.program import build_model

    invalid = validate_document(doc, "config")
    config = build_model(Config, doc, (), invalid) or Config()
    return LoadedConfig(config, doc.path, doc, list(doc.findings), invalid)


def load_config(root: Path, explicit: str | None = None) -> LoadedConfig:
    """Find and load the configuration for ``root``.

    Precedence: ``--config PATH`` > ``soccheck.yaml`` > ``[tool.soccheck]`` in pyproject.toml.
    """
    if explicit is not None:
        path = Path(explicit)
        if not path.is_absolute():
            path = Path.cwd() / path
        if not path.is_file():
            raise SetupError(f"config file {explicit} does not exist")
        data = read_file(path.parent, path.name, BOOTSTRAP_MAX_SIZE)
        return _from_yaml(explicit, data.data, data.finding)

    yaml_exists = (root / CONFIG_FILE).exists()
    from_pyproject = _from_pyproject(root, PYPROJECT) if (root / PYPROJECT).is_file() else None
    if not yaml_exists:
        return from_pyproject or LoadedConfig(Config())
    data = read_file(root, CONFIG_FILE, BOOTSTRAP_MAX_SIZE)
    loaded = _from_yaml(CONFIG_FILE, data.data, data.finding)
    if from_pyproject is not None:
        loaded.findings.append(
            Finding(
                "config",
                "warning",
                PYPROJECT,
                1,
                1,
                "both soccheck.yaml and [tool.soccheck] in pyproject.toml exist; soccheck.yaml "
                "wins and [tool.soccheck] is ignored",
            )
        )
    return loaded


def _from_yaml(rel: str, raw: bytes | None, finding: Finding | None) -> LoadedConfig:
    if raw is None:
        return LoadedConfig(Config(), rel, findings=[finding] if finding else [])
    doc = load_bytes(rel, raw, Limits(max_file_size=BOOTSTRAP_MAX_SIZE))
    if doc.data is None:
        return LoadedConfig(Config(), rel, doc, list(doc.findings))
    return _validated(doc)


def loader_limits(config: Config) -> Limits:
    return Limits(
        max_file_size=config.limits.max_file_size,
        max_depth=config.limits.max_depth,
        max_nodes=config.limits.max_nodes,
    )
