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
