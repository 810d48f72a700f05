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

from soccheck.findings import Finding


class SetupError(Exception):
    """The run cannot start (no system description, unreadable root): exit code 2."""


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


def is_program_root(directory: Path) -> bool:
    if any((directory / marker).is_file() for marker in PROGRAM_MARKERS):
        return True
    pyproject = directory / "pyproject.toml"
    return pyproject.is_file() and _configures_soccheck(pyproject)


def find_program_root(start: Path) -> Path | None:
    """The nearest directory at or above ``start`` that is a program root, or None.

    Like git and ruff, a command run anywhere inside a program finds it. The search stops at
    the top of the repository ``start`` is in (the directory holding ``.git``, a directory or,
    in worktrees and submodules, a file), so a program in an enclosing repository, or
    somewhere above the user's checkout, is never picked up by accident. Directories are
    walked as written (``os.path.abspath``), not with symlinks resolved; the current
    directory is always a physical path.
    """
    directory = Path(os.path.abspath(start))
    for candidate in (directory, *directory.parents):
        try:
            if is_program_root(candidate):
                return candidate
            if os.path.lexists(candidate / ".git"):
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


def find_files(root: Path, patterns: list[str], exclude: list[str]) -> list[str]:
    """Root-relative POSIX paths of files matching ``patterns`` and no ``exclude`` pattern.

    Patterns must already be root-relative and normalized (the configuration loader rejects
    absolute ones and ones with ``..``). Symlinked directories are not entered; symlinked files
    are returned (and checked when read). Excluded directories are not walked at all.
    """
    found: set[str] = set()
    patterns = [p for p in patterns if is_inside(p)]
    for start in sorted({_literal_prefix(p) for p in patterns}):
        if start == ".." or start.startswith("../"):
            continue
        top = root / start if start else root
        if not top.is_dir() or top.is_symlink() or (start and excluded(start, exclude)):
            continue
        for dirpath, dirnames, filenames in os.walk(top, followlinks=False, onerror=None):
            rel_dir = Path(dirpath).relative_to(root).as_posix()
            prefix = "" if rel_dir == "." else f"{rel_dir}/"
            dirnames[:] = sorted(d for d in dirnames if not matches(prefix + d, exclude))
            for name in filenames:
                rel = prefix + name
                if matches(rel, patterns) and not matches(rel, exclude):
                    found.add(rel)
    return sorted(found)


@dataclass(frozen=True, slots=True)
class ReadResult:
    data: bytes | None
    finding: Finding | None


def _unreadable(rel: str, message: str, rule: str = "file-unreadable") -> ReadResult:
    return ReadResult(None, Finding(rule, "error", rel, 1, 1, message))


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
                    "path-outside-root",
                )
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return _unreadable(rel, "is not a regular file (a FIFO, socket or device?); not read")
        if info.st_size > max_size:
            return _unreadable(
                rel,
                f"is {info.st_size:,} bytes, over the {max_size:,}-byte limit "
                "(limits.max_file_size in soccheck.yaml); not read",
                "file-too-large",
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
