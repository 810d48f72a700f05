"""The loaded program and ``load_program``: files -> documents -> validated models.

Invalid nodes are dropped before the models are built (one bad value costs one finding, the rest
of the program is still checked). When a dropped value was required, its whole object goes;
the schema finding already explains why.
"""

from __future__ import annotations

import gc
import sys
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, Union

from pydantic import BaseModel, ValidationError

from soccheck import activity
from soccheck.config import LoadedConfig, load_config, loader_limits, normalize_path
from soccheck.discovery import SetupError, find_files, glob_regex, read_file
from soccheck.findings import Finding
from soccheck.loader import Document, KeyPath, Limits, load_bytes
from soccheck.models import (
    Config,
    Control,
    ControlFile,
    Model,
    Source,
    SystemDescription,
    set_source,
)
from soccheck.schemas import SchemaName
from soccheck.validation import validate_document

M = TypeVar("M", bound=Model)
_DROP = object()


@dataclass
class Program:
    """A SOC program as read from disk, plus what went wrong while reading it."""

    root: Path
    config: Config
    config_path: str | None
    system: SystemDescription | None
    system_path: str
    controls: list[Control]
    documents: dict[str, Document] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    load_findings: list[Finding] = field(default_factory=list)

    def position(self, source: Source | None, *subpath: str | int) -> tuple[str, int, int]:
        """(file, line, column) of a node below an object, or of the nearest ancestor."""
        if source is None:
            return (self.system_path, 1, 1)
        doc = self.documents.get(source.file)
        if doc is None:
            return (source.file, 1, 1)
        line, column = doc.position((*source.path, *subpath))
        return (source.file, line, column)

    def key_position(self, source: Source | None, key: str) -> tuple[str, int, int]:
        """(file, line, column) of a key of an object (its value may be a whole list)."""
        if source is None:
            return (self.system_path, 1, 1)
        doc = self.documents.get(source.file)
        if doc is None:
            return (source.file, 1, 1)
        line, column = doc.key_position((*source.path, key))
        return (source.file, line, column)


# ------------------------------------------------------------------ building models from data


def _unwrap(annotation: Any) -> Any:
    """list[X] / X | None / Annotated[X, ...] -> X (the model class a nested path leads to)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (list, Union, types.UnionType):
        for arg in typing.get_args(annotation):
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
        return None
    return annotation


@cache
def _model_at(model: type[BaseModel], path: tuple[str, ...]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for name in path:
        if current is None or name not in current.model_fields:
            return None
        inner = _unwrap(current.model_fields[name].annotation)
        current = inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None
    return current


def _escalate(model: type[BaseModel], invalid: set[KeyPath]) -> set[KeyPath]:
    """A dropped required value invalidates its object; repeat up the tree."""
    result: set[KeyPath] = set()
    for path in invalid:
        while path and isinstance(path[-1], str):
            parent = path[:-1]
            owner = _model_at(model, tuple(p for p in parent if isinstance(p, str)))
            field_info = owner.model_fields.get(path[-1]) if owner is not None else None
            if field_info is None or not field_info.is_required():
                break
            path = parent
        result.add(path)
    return result


def _clean(value: Any, path: KeyPath, invalid: set[KeyPath]) -> Any:
    if path in invalid:
        return _DROP
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            cleaned = _clean(item, (*path, key), invalid)
            if cleaned is not _DROP:
                out[key] = cleaned
        return out
    if isinstance(value, list):
        return [
            c for i, v in enumerate(value) if (c := _clean(v, (*path, i), invalid)) is not _DROP
        ]
    return value


_NESTED: dict[type[BaseModel], tuple[str, ...]] = {}


def _nested_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """Fields of a model that can hold models (the only ones that need sources)."""
    names = _NESTED.get(model)
    if names is None:
        names = tuple(
            name
            for name, info in model.model_fields.items()
            if isinstance(inner := _unwrap(info.annotation), type) and issubclass(inner, BaseModel)
        )
        _NESTED[model] = names
    return names


def _attach_sources(obj: Model, raw: Any, source: Source, invalid: set[KeyPath]) -> None:
    """Give ``obj`` and every model inside it its ``source``. ``raw`` is the data ``obj`` was
    built from, before the nodes in ``invalid`` (absolute paths) were dropped."""
    set_source(obj, source)
    fields = _nested_fields(type(obj))
    if not fields or not isinstance(raw, dict):
        return
    file, base = source.file, source.path
    values = obj.__dict__
    for name in fields:
        value = values[name]
        raw_value = raw.get(name)
        path = (*base, name)
        if isinstance(value, Model):
            _attach_sources(value, raw_value, Source(file, path), invalid)
        elif isinstance(value, list) and value and isinstance(raw_value, list):
            if not invalid and not _nested_fields(type(value[0])):
                # The common case (evidence, tests, people...): a clean list of leaf models.
                for index, item in enumerate(value):
                    set_source(item, Source(file, (*path, index)))
                continue
            # The model's list is the file's list minus the invalid items, in order.
            kept = (
                [i for i in range(len(raw_value)) if (*path, i) not in invalid]
                if invalid
                else range(len(raw_value))
            )
            for index, item in zip(kept, value, strict=False):
                if isinstance(item, Model):
                    _attach_sources(item, raw_value[index], Source(file, (*path, index)), invalid)


def _report_model_errors(doc: Document, path: KeyPath, exc: ValidationError) -> set[KeyPath]:
    """Safety net for the rare value the JSON Schema allows but the model does not (JSON
    Schema counts 2.0 as an integer): never drop an object without saying why.

    Returns the offending paths so the object can be rebuilt without them."""
    paths: set[KeyPath] = set()
    for error in exc.errors():
        loc = tuple(p for p in error["loc"] if isinstance(p, (str, int)))
        where = (*path, *loc)
        paths.add(where)
        line, column = doc.position(where)
        field_name = next((p for p in reversed(loc) if isinstance(p, str)), "value")
        doc.findings.append(
            Finding(
                "schema",
                "error",
                doc.path,
                line,
                column,
                f"{field_name}: {error['msg'][0].lower()}{error['msg'][1:]}",
            )
        )
    return paths


def build_model(
    model: type[M], doc: Document, path: KeyPath, invalid: set[KeyPath], data: Any = _DROP
) -> M | None:
    """Validate the object at ``path`` of ``doc`` into ``model``, skipping invalid nodes."""
    raw = doc.data if data is _DROP else data
    relative = {p[len(path) :] for p in invalid if p[: len(path)] == path}
    relative = _escalate(model, relative) if relative else relative
    if () in relative:
        return None
    cleaned = _clean(raw, (), relative) if relative else raw
    try:
        obj = model.model_validate(cleaned)
    except ValidationError as exc:
        rejected = _report_model_errors(doc, path, exc)
        if relative:
            # Indices in the errors refer to the cleaned data; do not guess.
            return None
        return build_model(model, doc, path, invalid | rejected, data=raw)
    absolute = {(*path, *p) for p in relative}
    _attach_sources(obj, raw, Source(doc.path, path), absolute)
    return obj


# -------------------------------------------------------------------------------- loading


def _fast_validate(doc: Document, schema: SchemaName) -> Model | None:
    """The common case: a file the models accept as a whole needs no schema walk at all.

    The models and the generated schema accept the same documents, except around nulls and
    floats (``Document.lossy``) and nodes the loader already rejected; those, and any file
    the models reject, take the detailed path, which explains every problem.
    """
    data = doc.data
    if doc.lossy or doc.bad_paths or not isinstance(data, dict):
        return None
    model: type[Model]
    if schema == "system":
        model = SystemDescription
    elif schema == "control":
        model = ControlFile if "controls" in data else Control
    else:
        return None
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


def _read(root: Path, rel: str, limits: Limits, fast: bool) -> Document:
    """Read and parse one file; problems become findings on the document."""
    result = read_file(root, rel, limits.max_file_size)
    if result.data is None:
        doc = Document(rel)
        if result.finding is not None:
            doc.findings.append(result.finding)
        return doc
    return load_bytes(rel, result.data, limits, fast=fast)


def _read_job(job: tuple[Path, str, Limits, bool]) -> tuple[str, Document | None, str | None]:
    """``_read`` in a worker process: (file, document, or a description of an internal
    error, which the parent raises with the file named)."""
    root, rel, limits, fast = job
    try:
        return rel, _read(root, rel, limits, fast), None
    except Exception as exc:  # re-raised by the parent, which knows the file
        return rel, None, f"{type(exc).__name__}: {exc}"


PARALLEL_MIN_FILES = 200
"""Below this many control files, starting worker processes costs more than it saves."""


def _read_all(
    root: Path, files: list[str], limits: Limits, fast: bool, jobs: int
) -> Iterator[Document]:
    """The documents of ``files`` in order, read by ``jobs`` forked processes when that
    pays (many files, a platform that forks cheaply), else one by one here.

    If the workers cannot be started (no /dev/shm in some containers) or one dies (killed
    for memory), the files not yet received are read here: a run never hangs or fails for
    want of parallelism.
    """
    done = 0
    if jobs > 1 and len(files) >= PARALLEL_MIN_FILES and sys.platform.startswith("linux"):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        work = [(root, rel, limits, fast) for rel in files]
        chunk = max(1, min(32, len(files) // (jobs * 8)))
        executor = None
        try:
            executor = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
            for rel, doc, error in executor.map(_read_job, work, chunksize=chunk):
                activity.doing(f"reading {rel}")
                if doc is None:
                    raise RuntimeError(error)
                done += 1
                yield doc
            return
        except (BrokenProcessPool, OSError):
            pass  # read the rest here
        finally:
            if executor is not None:
                executor.shutdown(wait=False, cancel_futures=True)
    for rel in files[done:]:
        activity.doing(f"reading {rel}")
        yield _read(root, rel, limits, fast)


def _load(
    program: Program, rel: str, schema: SchemaName, fast: bool, doc: Document | None = None
) -> tuple[Document, set[KeyPath], Model | None]:
    activity.doing(f"reading {rel}")
    if doc is None:
        doc = _read(program.root, rel, loader_limits(program.config), fast)
    program.documents[rel] = doc
    invalid: set[KeyPath] = set()
    validated = _fast_validate(doc, schema) if fast else None
    if validated is not None:
        _attach_sources(validated, doc.data, Source(rel, ()), invalid)
    elif doc.data is not None:
        invalid = validate_document(doc, schema)
    elif doc.empty:
        what = "system description" if schema == "system" else "control file"
        doc.findings.append(
            Finding("empty-file", "error", rel, 1, 1, f"the {what} is empty (or only comments)")
        )
    return doc, invalid, validated


def _controls_in(
    doc: Document, invalid: set[KeyPath], validated: Model | None
) -> Iterator[Control]:
    if isinstance(validated, ControlFile):
        yield from validated.controls
        return
    if isinstance(validated, Control):
        yield validated
        return
    data = doc.data
    if isinstance(data, dict) and "controls" in data:
        items = data["controls"]
        if not isinstance(items, list) or ("controls",) in invalid:
            return
        for index, item in enumerate(items):
            path = ("controls", index)
            if path not in invalid:
                control = build_model(Control, doc, path, invalid, item)
                if control is not None:
                    yield control
    elif isinstance(data, dict):
        control = build_model(Control, doc, (), invalid)
        if control is not None:
            yield control


def load_program(
    root: str | Path, config: str | None = None, *, fast: bool = True, jobs: int = 1
) -> Program:
    """Read the program under ``root``; problems in its files become ``load_findings``.

    ``fast=False`` is the reference path the tests compare the fast path against: every file
    is read by the full YAML loader (never :mod:`soccheck.fastload`) and validated with the
    JSON Schema even when the models accept it.

    ``jobs > 1`` reads and parses large programs (``PARALLEL_MIN_FILES`` control files or
    more) in that many forked worker processes, on Linux; everything else happens here, in
    file order, so the result is the same as with one job.

    Raises SetupError when there is nothing to check (no root, no system description).
    """
    # Reading builds millions of small objects that hold no reference cycles; the cyclic
    # garbage collector would walk all of them again and again (a fifth of the time for
    # 10,000 controls), so it waits until the program is read.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_program(root, config, fast, jobs)
    finally:
        if enabled:
            gc.enable()


def _load_program(root: str | Path, config: str | None, fast: bool, jobs: int) -> Program:
    root_path = Path(root)
    if not root_path.exists():
        raise SetupError(f"{root} does not exist")
    if not root_path.is_dir():
        raise SetupError(f"{root} is not a directory")
    try:
        root_path = root_path.resolve(strict=True)
        next(iter(root_path.iterdir()), None)
    except OSError as exc:
        raise SetupError(f"cannot read {root}: {exc.strerror or exc}") from None

    loaded: LoadedConfig = load_config(root_path, config)
    cfg = loaded.config
    system_rel = _system_path(cfg, loaded)
    if not (root_path / system_rel).exists() and not (root_path / system_rel).is_symlink():
        if "system" in cfg.model_fields_set:
            raise SetupError(
                f"the system description {system_rel} (set by 'system' in {loaded.path}) "
                f"does not exist under {root}"
            )
        raise SetupError(
            f"no {system_rel} under {root}; is this the root of a SOC program? "
            "(run 'soccheck init' to start one)"
        )

    program = Program(
        root=root_path,
        config=cfg,
        config_path=loaded.path,
        system=None,
        system_path=system_rel,
        controls=[],
    )
    program.load_findings.extend(loaded.findings)
    if loaded.document is not None and loaded.path is not None:
        program.documents[loaded.path] = loaded.document

    doc, invalid, validated = _load(program, system_rel, "system", fast)
    program.files.append(system_rel)
    if isinstance(validated, SystemDescription):
        program.system = validated
    elif doc.data is not None:
        program.system = build_model(SystemDescription, doc, (), invalid)
    program.load_findings.extend(doc.findings)

    # The system description and the configuration file are never control files, whatever
    # the globs say (``controls: ['**/*.yaml']`` is a reasonable thing to write).
    never = [system_rel] if loaded.path is None else [system_rel, loaded.path]
    control_files = find_files(root_path, cfg.controls, [*cfg.exclude, *never])
    limits = loader_limits(cfg)
    for rel, read in zip(
        control_files, _read_all(root_path, control_files, limits, fast, jobs), strict=True
    ):
        doc, invalid, validated = _load(program, rel, "control", fast, read)
        program.files.append(rel)
        program.controls.extend(_controls_in(doc, invalid, validated))
        program.load_findings.extend(doc.findings)
    program.load_findings.extend(_unmatched_patterns(loaded, control_files))
    activity.done()
    return program


def _system_path(cfg: Config, loaded: LoadedConfig) -> str:
    system_rel = normalize_path(cfg.system)
    if system_rel is None:
        raise SetupError(
            f"'system' in {loaded.path} must be a path relative to the program root and "
            f"inside it; got '{cfg.system}'"
        )
    return system_rel


def _unmatched_patterns(loaded: LoadedConfig, found: list[str]) -> Iterator[Finding]:
    """A configured ``controls`` pattern that matches no file is almost always a typo, and it
    would otherwise pass silently with fewer controls than the program has."""
    cfg, doc = loaded.config, loaded.document
    if "controls" not in cfg.model_fields_set or doc is None or loaded.path is None:
        return
    defaults = Config().controls  # written out explicitly, the defaults are not a typo
    raw = doc.data.get("controls") if isinstance(doc.data, dict) else None
    for index, pattern in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(pattern, str):
            continue
        normalized = normalize_path(pattern)
        if normalized is None or normalized in defaults:
            continue
        if any(glob_regex(normalized).match(f) for f in found):
            continue
        line, column = doc.position(("controls", index))
        yield Finding(
            "config",
            "warning",
            loaded.path,
            line,
            column,
            f"controls pattern '{pattern}' matches no file (after 'exclude'); check the "
            "spelling, or remove the pattern",
        )


__all__ = ["Program", "SetupError", "build_model", "load_program"]
