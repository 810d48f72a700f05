"""The loaded program and ``load_program``: files -> documents -> records.

Most files are read by the fast reader and accepted whole by the generated checks; only a
file with a problem is validated against the JSON Schema (which explains every problem) and
built without its invalid nodes (:mod:`soccheck.load.build`). Which reader and which checks
do this is the strategy's choice (:mod:`soccheck.load.strategy`).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from soccheck.checks.findings import Finding
from soccheck.checks.rules.config import RULE as CONFIG
from soccheck.checks.rules.empty_file import RULE as EMPTY_FILE
from soccheck.checks.rules.yaml_limits import RULE as YAML_LIMITS
from soccheck.format.record_base import Record, Source
from soccheck.format.records import Config, Control, ControlFile, SystemDescription
from soccheck.format.schema import SchemaName
from soccheck.load.build import build_record
from soccheck.load.config import LoadedConfig, load_config, normalize_path
from soccheck.load.discovery import SetupError, find_files, glob_regex, read_file
from soccheck.load.limits import Limits
from soccheck.load.strategy import DEFAULT, LoadStrategy
from soccheck.load.validation import validate_document
from soccheck.load.yaml_reader import Document, KeyPath, load_bytes, load_text, node_count
from soccheck.support import activity


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
    read_again: Callable[[], Program] | None = field(default=None, repr=False, compare=False)
    """Loads the same program with the full YAML reader for every file (None when it was)."""

    def authoritative(self) -> Program:
        """This program, or, if the fast reader and the full one turned out to disagree
        about a file while positions were composed (a fast-reader bug), the program read
        again with the full reader, which is the authority: the checks then judge what it
        reads, and no disagreement ever reaches the user as an error."""
        if self.read_again is None or not any(d.disagreed for d in self.documents.values()):
            return self
        return self.read_again()

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


# -------------------------------------------------------------------------------- loading


def _whole(doc: Document, schema: SchemaName, strategy: LoadStrategy) -> Record | None:
    """The file built whole, when the strategy can (see ``build.build_whole``)."""
    if schema == "system":
        return strategy.build_whole(SystemDescription, doc)
    wrapped = isinstance(doc.data, dict) and "controls" in doc.data
    return strategy.build_whole(ControlFile if wrapped else Control, doc)


def _read(root: Path, rel: str, limits: Limits, strategy: LoadStrategy) -> Document:
    """Read and parse one file; problems become findings on the document."""
    result = read_file(root, rel, limits.max_file_size)
    if result.data is None:
        doc = Document(rel)
        if result.finding is not None:
            doc.findings.append(result.finding)
        return doc
    return load_bytes(rel, result.data, limits, strategy.read)


PARALLEL_MIN_FILES = 200
"""Below this many control files, starting worker processes costs more than it saves."""


def _read_all(
    root: Path, files: list[str], limits: Limits, strategy: LoadStrategy, jobs: int
) -> Generator[Document, None, None]:
    """The documents of ``files`` in order, read by ``jobs`` forked processes when that
    pays (many files, a platform that forks cheaply), else one by one here.

    The workers come from :func:`soccheck.support.pool.ordered_map`, which ends every one
    of them before this returns, however it returns (an early stop, an error, an
    interrupt). They inherit ``strategy`` with the rest of this process. If they cannot be
    started (no processes left) or one dies (killed for memory) or fails, the files not yet
    received are read here: a run never hangs or fails for want of parallelism, and a
    failure a file causes is raised here, with the file named.
    """
    done = 0
    if jobs > 1 and len(files) >= PARALLEL_MIN_FILES and sys.platform.startswith("linux"):
        from soccheck.support import pool

        def read(rel: str) -> Document:
            return _read(root, rel, limits, strategy)

        chunk = max(1, min(32, len(files) // (pool.usable_jobs(jobs) * 8)))
        try:
            with closing(pool.ordered_map(read, files, jobs, chunk)) as documents:
                for doc in documents:
                    activity.doing(f"reading {files[done]}")
                    done += 1
                    yield doc
            return
        except pool.WorkerFailure:
            pass  # read the rest here
    for rel in files[done:]:
        activity.doing(f"reading {rel}")
        yield _read(root, rel, limits, strategy)


def _load(
    program: Program,
    rel: str,
    schema: SchemaName,
    strategy: LoadStrategy,
    doc: Document | None = None,
) -> tuple[Document, set[KeyPath], Record | None]:
    activity.doing(f"reading {rel}")
    if doc is None:
        doc = _read(program.root, rel, Limits.configured(program.config.limits), strategy)
    program.documents[rel] = doc
    invalid: set[KeyPath] = set()
    validated = _whole(doc, schema, strategy)
    if validated is None and doc.data is not None:
        invalid = validate_document(doc, schema)
    elif doc.empty:
        what = "system description" if schema == "system" else "control file"
        doc.findings.append(
            EMPTY_FILE.finding(rel, 1, 1, f"the {what} is empty (or only comments)")
        )
    return doc, invalid, validated


def _controls_in(
    doc: Document, invalid: set[KeyPath], validated: Record | None, strategy: LoadStrategy
) -> Iterator[Control]:
    if isinstance(validated, ControlFile):
        yield from validated.controls
        return
    if isinstance(validated, Control):
        yield validated
        return
    if () in invalid:
        return  # the whole file (too many problems to check it further)
    data = doc.data
    if isinstance(data, dict) and "controls" in data:
        items = data["controls"]
        if not isinstance(items, list) or ("controls",) in invalid:
            return
        for index, item in enumerate(items):
            path = ("controls", index)
            if path not in invalid:
                control = build_record(
                    Control, doc, path, invalid, item, builder_for=strategy.builder_for
                )
                if control is not None:
                    yield control
    elif isinstance(data, dict):
        control = build_record(Control, doc, (), invalid, builder_for=strategy.builder_for)
        if control is not None:
            yield control


def load_program(
    root: str | Path,
    config: str | None = None,
    *,
    jobs: int = 1,
    strategy: LoadStrategy = DEFAULT,
) -> Program:
    """Read the program under ``root``; problems in its files become ``load_findings``.

    ``strategy`` chooses the reader and the checks that build records
    (:mod:`soccheck.load.strategy`); the tests pass the reference path's to compare the two.

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
        program = _load_program(root, config, jobs, strategy)
    finally:
        if enabled:
            gc.enable()
    if strategy.read is not load_text:
        full = replace(strategy, read=load_text)
        program.read_again = partial(load_program, root, config, jobs=jobs, strategy=full)
    return program


def _load_program(
    root: str | Path, config: str | None, jobs: int, strategy: LoadStrategy
) -> Program:
    root_path = _readable_root(root)
    loaded: LoadedConfig = load_config(root_path, config, strategy=strategy)
    cfg = loaded.config
    system_rel = _system_path(cfg, loaded, root_path, root)
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

    doc, invalid, validated = _load(program, system_rel, "system", strategy)
    program.files.append(system_rel)
    if isinstance(validated, SystemDescription):
        program.system = validated
    elif doc.data is not None:
        program.system = build_record(
            SystemDescription, doc, (), invalid, builder_for=strategy.builder_for
        )
    program.load_findings.extend(doc.findings)

    # The system description and the configuration file are never control files, whatever
    # the globs say (``controls: ['**/*.yaml']`` is a reasonable thing to write).
    never = [system_rel] if loaded.path is None else [system_rel, loaded.path]
    control_files, unsearched = find_files(root_path, cfg.controls, [*cfg.exclude, *never])
    program.load_findings.extend(unsearched)
    limits = Limits.configured(cfg.limits)
    budget = _Budget(cfg.limits.max_program_size, cfg.limits.max_program_nodes)
    budget.admit(doc)
    reads = _read_all(root_path, control_files, limits, strategy, jobs)
    with closing(reads):  # on a break, ends the workers now rather than when collected
        for index, (rel, read) in enumerate(zip(control_files, reads, strict=True)):
            over = budget.admit(read)
            if over is not None:
                after = len(control_files) - index - 1
                program.load_findings.append(_over_budget(rel, over, after))
                break  # nothing after this file is kept or read further
            doc, invalid, validated = _load(program, rel, "control", strategy, read)
            program.files.append(rel)
            program.controls.extend(_controls_in(doc, invalid, validated, strategy))
            program.load_findings.extend(doc.findings)
    program.load_findings.extend(_unmatched_patterns(loaded, control_files))
    activity.done()
    return program


class _Budget:
    """What a run may keep of the files it reads: ``limits.max_program_size`` bytes and
    ``limits.max_program_nodes`` nodes over the system description and the control files,
    in the order they are read. Per-file limits bound one file; a run keeps the data of
    every file it accepts (the rules need it), so only a program-wide budget bounds a run
    of many large files (200 files at the per-file limits would keep several gigabytes).

    The fast reader charges an upper bound of a file's nodes; the exact counts are taken
    only when the bounds come near the budget, so a normal run counts nothing and a file is
    refused only when the exact total is over.
    """

    def __init__(self, max_size: int, max_nodes: int) -> None:
        self.max_size = max_size
        self.max_nodes = max_nodes
        self.size = 0
        self.nodes = 0
        self.estimated: list[Document] = []

    def admit(self, doc: Document) -> str | None:
        """Charge ``doc``; the limit it would exceed (and charge nothing) if any."""
        if doc.data is None:
            return None  # nothing of it is kept
        if self.size + doc.size > self.max_size:
            return f"limits.max_program_size ({self.max_size:,} bytes)"
        if self.nodes + doc.nodes > self.max_nodes and not (doc.nodes_exact and not self.estimated):
            self._count_exactly(doc)
        if self.nodes + doc.nodes > self.max_nodes:
            return f"limits.max_program_nodes ({self.max_nodes:,} YAML nodes)"
        self.size += doc.size
        self.nodes += doc.nodes
        if not doc.nodes_exact:
            self.estimated.append(doc)
        return None

    def _count_exactly(self, doc: Document) -> None:
        for counted in [*self.estimated, doc]:
            exact = node_count(counted.data)
            if counted is not doc:
                self.nodes -= counted.nodes - exact
            counted.nodes = exact
            counted.nodes_exact = True
        self.estimated.clear()


def _over_budget(rel: str, limit: str, after: int) -> Finding:
    if after:
        unread = f"it and the {after:,} control file{'s' if after != 1 else ''} after it were"
    else:
        unread = "it was"
    return YAML_LIMITS.finding(
        rel,
        1,
        1,
        f"the program's files come to more than {limit} at this file, so {unread} not "
        "read; split the program, or raise the limit in soccheck.yaml",
    )


def _readable_root(root: str | Path) -> Path:
    """The resolved root, or a ``SetupError`` saying in one line why there is nothing to read."""
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
    return root_path


def _system_path(cfg: Config, loaded: LoadedConfig, root_path: Path, root: str | Path) -> str:
    """The system description's path under the root, which must exist (or be a symlink,
    which reading then judges): without it there is no program to check."""
    system_rel = normalize_path(cfg.system)
    if system_rel is None:
        raise SetupError(
            f"'system' in {loaded.path} must be a path relative to the program root and "
            f"inside it; got '{cfg.system}'"
        )
    path = root_path / system_rel
    if not path.exists() and not path.is_symlink():
        if "system" in loaded.given:
            raise SetupError(
                f"the system description {system_rel} (set by 'system' in {loaded.path}) "
                f"does not exist under {root}"
            )
        raise SetupError(
            f"no {system_rel} under {root}; is this the root of a SOC program? "
            "(run 'soccheck init' to start one)"
        )
    return system_rel


def _unmatched_patterns(loaded: LoadedConfig, found: list[str]) -> Iterator[Finding]:
    """A configured ``controls`` pattern that matches no file is almost always a typo, and it
    would otherwise pass silently with fewer controls than the program has."""
    doc = loaded.document
    if "controls" not in loaded.given or doc is None or loaded.path is None:
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
        yield CONFIG.finding(
            loaded.path,
            line,
            column,
            f"controls pattern '{pattern}' matches no file (after 'exclude'); check the "
            "spelling, or remove the pattern",
            severity="warning",
        )


__all__ = ["Program", "SetupError", "load_program"]
