"""Find and read the program's files safely.

Reading untrusted repositories means: never follow a symlink out of the root, never descend
into symlinked directories (so loops cannot hang us), never open FIFOs or devices (they block),
and never read more than the size limit.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Rule
from soccheck.checks.rules.file_too_large import RULE as FILE_TOO_LARGE
from soccheck.checks.rules.file_unreadable import RULE as FILE_UNREADABLE
from soccheck.checks.rules.path_outside_root import RULE as PATH_OUTSIDE_ROOT


class SetupError(Exception):
    """The run cannot start (no system description, unreadable root): exit code 2.

    ``details`` are further lines for the user (files listed, a hint), kept apart from the
    message so each line can be shown, sanitised, on a line of its own."""

    def __init__(self, message: str, details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.details = details


# ------------------------------------------------------------------------ the program root

PROGRAM_MARKERS = ("system.yaml", "soccheck.yaml")
"""Files whose presence makes a directory a program root (besides a pyproject.toml with a
[tool.soccheck] table, which configures the program in its directory)."""


def _configures_soccheck(pyproject: Path) -> bool:
    """Whether a pyproject.toml has a [tool.soccheck] table. One that is not valid TOML
    counts when it mentions the table: a typo must end the search in its directory (where
    the run then reports it), not send it on to a different program further up."""
    import tomllib

    try:
        with open(pyproject, "rb") as handle:
            text = handle.read(1024 * 1024).decode("utf-8-sig", errors="replace")
    except OSError:
        return False
    try:
        table = tomllib.loads(text).get("tool")
    except tomllib.TOMLDecodeError:
        return "tool.soccheck" in text
    return isinstance(table, dict) and "soccheck" in table


def has_configuration(directory: Path) -> bool:
    """Whether the directory configures a program: a soccheck.yaml, or a pyproject.toml with
    a [tool.soccheck] table."""
    if (directory / "soccheck.yaml").is_file():
        return True
    pyproject = directory / "pyproject.toml"
    return pyproject.is_file() and _configures_soccheck(pyproject)


def is_program_root(directory: Path) -> bool:
    return (directory / "system.yaml").is_file() or has_configuration(directory)


def _is_repository_top(directory: Path) -> bool:
    return os.path.lexists(directory / ".git")


def _claims(directory: Path, system_file: Path) -> bool:
    """Whether the configuration in ``directory`` names ``system_file`` as its system
    description. It is read exactly as a run from ``directory`` would read it, so the answer
    is the program that run would check; a broken configuration falls back to the default
    ``system.yaml`` there, and so claims nothing below it."""
    from soccheck.load.config import load_config, normalize_path

    system = normalize_path(load_config(directory).config.system)
    if system is None:
        return False
    try:
        return os.path.samefile(directory / system, system_file)
    except OSError:  # the configured file does not exist
        return False


def _configured_from_above(found: Path) -> Path:
    """The directory whose configuration names ``found``'s system.yaml, or ``found`` itself.

    A repository keeping its program in ``compliance/`` and configuring it at the top
    (``system = "compliance/system.yaml"`` in pyproject.toml, or the same in soccheck.yaml)
    must give the same result from ``compliance/`` as from the top: stopping at the system
    file would silently drop the waivers, severities and globs configured there. Only a root
    with no configuration of its own is looked past, only up to the top of the repository,
    and only directories holding a configuration are read on the way.
    """
    if has_configuration(found) or _is_repository_top(found):
        return found
    system_file = found / "system.yaml"
    for candidate in found.parents:
        try:
            if has_configuration(candidate) and _claims(candidate, system_file):
                return candidate
            if _is_repository_top(candidate):
                break
        except OSError:  # an unreadable directory on the way up ends the search
            break
    return found


def find_program_root(start: Path) -> Path | None:
    """The nearest directory at or above ``start`` that is a program root, or None.

    Like git and ruff, a command run anywhere inside a program finds it. The search stops at
    the top of the repository ``start`` is in (the directory holding ``.git``, a directory or,
    in worktrees and submodules, a file), so a program in an enclosing repository, or
    somewhere above the user's checkout, is never picked up by accident. A root found by its
    system.yaml alone belongs to a configuration further up that names that file as its
    ``system``, if there is one (see :func:`_configured_from_above`). Directories are
    walked as written (``os.path.abspath``), not with symlinks resolved; the current
    directory is always a physical path.
    """
    directory = Path(os.path.abspath(start))
    for candidate in (directory, *directory.parents):
        try:
            if is_program_root(candidate):
                return _configured_from_above(candidate)
            if _is_repository_top(candidate):
                return None
        except OSError:  # an unreadable directory on the way up ends the search
            return None
    return None


def program_root(root: str | None, root_hint: str = "soccheck validate ROOT") -> str | Path:
    """The program root a command works on: ROOT as given (never searched from), or else
    the one :func:`find_program_root` finds from the current directory. ``root_hint`` is how
    the command's user gives the root (``--root DIR``), for the error when none is found."""
    if root is not None:
        return root
    try:
        here = Path.cwd()
    except OSError as exc:
        raise SetupError(
            f"cannot search for the program from the current directory: {exc.strerror or exc} "
            f"(was it deleted?); pass the program's root ({root_hint})"
        ) from None
    found = find_program_root(here)
    if found is None:
        top = next((d for d in (here, *here.parents) if os.path.lexists(d / ".git")), None)
        if top == here:
            where = f"in {here} (the top of its repository)"
        elif top is not None:
            where = f"in {here} or a directory above it up to the repository's top, {top}"
        else:
            where = f"in {here} or any directory above it"
        raise SetupError(
            f"no {', '.join(PROGRAM_MARKERS)} or pyproject.toml with [tool.soccheck] {where}; "
            "run soccheck inside a SOC program, "
            f"pass its root ({root_hint}), or run 'soccheck init' to start one"
        )
    return found


@cache
def glob_regex(pattern: str) -> re.Pattern[str]:
    """Translate a root-relative glob (``*``, ``?``, ``[...]``, ``**``) into a regex.

    ``**`` as a whole path segment matches zero or more directories, like git and pre-commit.
    """
    out: list[str] = []
    segments = pattern.strip("/").split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "**":
            out.append(".*" if last else "(?:[^/]+/)*")
            continue
        i = 0
        while i < len(segment):
            char = segment[i]
            if char == "*":
                out.append("[^/]*")
            elif char == "?":
                out.append("[^/]")
            elif char == "[":
                end = segment.find("]", i + 1)
                if end == -1:
                    out.append(re.escape(char))
                else:
                    body = segment[i + 1 : end].replace("\\", "\\\\")
                    if body.startswith("!"):
                        body = "^" + body[1:]
                    out.append(f"[{body}]")
                    i = end
            else:
                out.append(re.escape(char))
            i += 1
        if not last:
            out.append("/")
    return re.compile("".join(out) + r"\Z")


def is_inside(relative: str) -> bool:
    """Whether a configured path or glob stays inside the root (no absolute paths, no '..')."""
    if relative.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", relative):
        return False
    return ".." not in relative.replace("\\", "/").split("/")


def matches(path: str, patterns: list[str]) -> bool:
    return any(glob_regex(p).match(path) for p in patterns)


def excluded(path: str, patterns: list[str]) -> bool:
    """Whether an ``exclude`` pattern matches the path or one of its directories, so that
    ``controls/drafts`` excludes everything below it (as in .gitignore)."""
    if not patterns:
        return False
    parts = path.split("/")
    return any(matches("/".join(parts[:n]), patterns) for n in range(1, len(parts) + 1))


def _literal_prefix(pattern: str) -> str:
    """The directory part of a glob before its first wildcard: where walking starts."""
    parts: list[str] = []
    for segment in pattern.strip("/").split("/")[:-1]:
        if any(c in segment for c in "*?["):
            break
        parts.append(segment)
    return "/".join(parts)


MAX_DIRECTORY_DEPTH = 100
"""Directories nested deeper than this below the program root are not searched for control
files: a finding says so. Real programs nest a few levels; a hostile tree thousands deep
would otherwise cost a walk as long as its paths (which the system refuses past 4,096
bytes anyway)."""


def find_files(
    root: Path, patterns: list[str], exclude: list[str]
) -> tuple[list[str], list[Finding]]:
    """Root-relative POSIX paths of files matching ``patterns`` and no ``exclude`` pattern,
    and findings for directories that could hold such files but were not searched.

    Patterns must already be root-relative and normalized (the configuration loader rejects
    absolute ones and ones with ``..``). Symlinked directories are not entered; symlinked files
    are returned (and checked when read). Excluded directories are not walked at all, nor
    directories deeper than any pattern reaches. The walk is iterative (``os.walk`` recurses
    once per level, and a tree a thousand deep ended the run with a RecursionError), and a
    directory that cannot be listed (permission denied, a path too long) or is nested more
    than ``MAX_DIRECTORY_DEPTH`` deep is a ``file-unreadable`` finding, so the controls it
    may hold are never skipped silently.
    """
    found: set[str] = set()
    problems: dict[str, Finding] = {}
    patterns = [p for p in patterns if is_inside(p)]
    reach = max((_reach(p) for p in patterns), default=0)
    for start in sorted({_literal_prefix(p) for p in patterns}):
        if start == ".." or start.startswith("../"):
            continue
        top = root / start if start else root
        if not top.is_dir() or top.is_symlink() or (start and excluded(start, exclude)):
            continue
        stack = [start]
        while stack:
            rel_dir = stack.pop()
            prefix = f"{rel_dir}/" if rel_dir else ""
            try:
                with os.scandir(root / rel_dir if rel_dir else root) as listing:
                    entries = list(listing)
            except OSError as exc:
                problems[rel_dir] = FILE_UNREADABLE.finding(
                    rel_dir or ".",
                    1,
                    1,
                    f"is a directory that cannot be searched for control files: "
                    f"{exc.strerror or exc}",
                )
                continue
            depth = prefix.count("/") + 1  # of the directories in this one
            for entry in entries:
                rel = prefix + entry.name
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if not is_dir:
                    if matches(rel, patterns) and not matches(rel, exclude):
                        found.add(rel)
                elif entry.is_symlink() or depth > reach or matches(rel, exclude):
                    continue
                elif depth > MAX_DIRECTORY_DEPTH:
                    problems[rel] = FILE_UNREADABLE.finding(
                        rel,
                        1,
                        1,
                        f"is a directory nested more than {MAX_DIRECTORY_DEPTH} levels below "
                        "the program root; soccheck does not search it for control files",
                    )
                else:
                    stack.append(rel)
    return sorted(found), [problems[rel] for rel in sorted(problems)]


def _reach(pattern: str) -> int:
    """How many directories deep below the root a pattern can match a file (any with '**')."""
    segments = pattern.strip("/").split("/")
    return MAX_DIRECTORY_DEPTH + 1 if "**" in segments else len(segments) - 1


@dataclass(frozen=True, slots=True)
class ReadResult:
    data: bytes | None
    finding: Finding | None


def _unreadable(rel: str, message: str, rule: Rule = FILE_UNREADABLE) -> ReadResult:
    return ReadResult(None, rule.finding(rel, 1, 1, message))


def read_file(root: Path, rel: str, max_size: int) -> ReadResult:
    """Read a program file, or explain (as a finding) why it was not read."""
    path = root / rel
    try:
        if path.is_symlink():
            target = path.resolve(strict=True)
            try:
                target.relative_to(root.resolve())
            except ValueError:
                return _unreadable(
                    rel,
                    f"is a symlink to {target}, outside the program root; not read",
                    PATH_OUTSIDE_ROOT,
                )
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return _unreadable(rel, "is not a regular file (a FIFO, socket or device?); not read")
        if info.st_size > max_size:
            return _unreadable(
                rel,
                f"is {info.st_size:,} bytes, over the {max_size:,}-byte limit "
                "(limits.max_file_size in soccheck.yaml); not read",
                FILE_TOO_LARGE,
            )
        with open(path, "rb") as handle:
            data = handle.read(max_size + 1)
    except FileNotFoundError:
        return _unreadable(rel, "disappeared or is a broken symlink; not read")
    except PermissionError:
        return _unreadable(rel, "cannot be read: permission denied")
    except RuntimeError as exc:  # symlink loop in Path.resolve
        return _unreadable(rel, f"cannot be read: {exc}")
    except OSError as exc:
        return _unreadable(rel, f"cannot be read: {exc.strerror or exc}")
    if len(data) > max_size:
        return _unreadable(rel, f"grew past the {max_size:,}-byte limit while being read")
    return ReadResult(data, None)
