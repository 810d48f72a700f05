"""Classify evidence paths for missing-evidence and evidence-outside-repo.

An evidence path comes from an untrusted repository. It is checked lexically first (absolute,
or climbing out with '..'), then resolved through symlinks without reading anything; only a
path that stays inside the program root is ever stat()ed. Nothing here opens a file.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from soccheck.checks.rules.base import Context
from soccheck.format.records import Control, Evidence

_ABSOLUTE_RE = re.compile(r"[/\\]|[A-Za-z]:[/\\]?")
"""'/x', '\\x', '//server/share', 'C:\\x', 'C:x': absolute (or drive-relative) on POSIX or
Windows. Evidence paths must work on every machine that checks out the repository."""

_SEPARATORS_RE = re.compile(r"[/\\]")

NOT_FOUND = "does not exist under the program root"


@dataclass(frozen=True, slots=True)
class PathCheck:
    outside: str | None = None
    """Why the path leaves the program root (evidence-outside-repo), or None."""
    missing: str | None = None
    """Why the path does not name an existing file or directory (missing-evidence), or None."""


def _climbs_out(text: str) -> bool:
    """Whether '..' takes the path above its starting directory at any point.

    Backslashes count as separators too: on Windows '..\\x' climbs out.
    """
    if ".." not in text:
        return False
    depth = 0
    for part in _SEPARATORS_RE.split(text):
        if part == "..":
            depth -= 1
            if depth < 0:
                return True
        elif part not in ("", "."):
            depth += 1
    return False


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


class PathChecker:
    """Classifies evidence paths relative to the (already resolved) program root.

    Resolved parent directories are cached, and a directory that many paths point into is
    listed once, so checking thousands of paths in a few directories costs a few directory
    listings; anything unusual is looked at path by path.
    """

    LIST_AFTER = 8
    """Look paths up one by one until this many point into the same directory, then list it."""
    MAX_LISTING = 20_000
    """Directories with more entries than this are not listed (lstat() per path instead)."""

    def __init__(self, root: Path) -> None:
        self.root = str(root)
        self._parents: dict[str, str] = {}
        self._lookups: dict[str, int] = {}
        # real directory -> {name: is a symlink}, or None when not listed (too big, unreadable)
        self._listings: dict[str, dict[str, bool] | None] = {}

    def _realpath(self, text: str) -> str:
        """os.path.realpath(root/text) (non-strict: resolves every symlink that exists,
        never raises for missing parts or loops, and reads no file contents)."""
        parent, name = os.path.split(text)
        if name in ("", ".", ".."):
            return os.path.realpath(os.path.join(self.root, text))
        candidate = os.path.join(self._real_parent(parent), name)
        # realpath(P/name) is P/name when P is resolved and name is not a symlink.
        return os.path.realpath(candidate) if os.path.islink(candidate) else candidate

    def _real_parent(self, parent: str) -> str:
        real_parent = self._parents.get(parent)
        if real_parent is None:
            real_parent = os.path.realpath(os.path.join(self.root, parent))
            self._parents[parent] = real_parent
        return real_parent

    def _plainly_there(self, text: str) -> bool:
        """The common case in one lstat(): an existing file or directory, not a symlink, in a
        directory whose real path is inside the root. Anything else (including every problem)
        takes the careful way in ``check``, which words the finding."""
        parent, name = os.path.split(text)
        if name in ("", ".", ".."):
            return False
        try:
            real_parent = self._real_parent(parent)
            candidate = os.path.join(real_parent, name)
            if not _inside(candidate, self.root):
                return False
            listing = self._listing(real_parent)
            if listing is not None and name in listing:
                return not listing[name]
            return not stat.S_ISLNK(os.lstat(candidate).st_mode)
        except (OSError, ValueError):
            return False

    def _listing(self, directory: str) -> dict[str, bool] | None:
        if directory in self._listings:
            return self._listings[directory]
        seen = self._lookups.get(directory, 0) + 1
        self._lookups[directory] = seen
        if seen < self.LIST_AFTER:
            return None
        names: dict[str, bool] = {}
        listing: dict[str, bool] | None = names
        try:
            with os.scandir(directory) as entries:
                for entry in entries:
                    names[entry.name] = entry.is_symlink()
                    if len(names) > self.MAX_LISTING:
                        listing = None
                        break
        except OSError:
            listing = None
        self._listings[directory] = listing
        return listing

    def _link_out(self, text: str) -> str | None:
        """The symlink through which ``text`` leaves the root, as part of ``text``
        ('evidence/dir-link' of 'evidence/dir-link/q1.pdf'): the shortest leading part that
        resolves outside. The finding names it rather than its target, which would disclose
        a path on the machine running soccheck (``/proc/self/exe`` -> the interpreter)."""
        parts = [part for part in text.split("/") if part]
        for count in range(1, len(parts) + 1):
            prefix = "/".join(parts[:count])
            if not _inside(os.path.realpath(os.path.join(self.root, prefix)), self.root):
                return prefix
        return None

    def check(self, text: str) -> PathCheck:
        if not text.strip():
            return PathCheck(missing="is empty")
        if "\0" in text:
            return PathCheck(missing="contains a NUL character, so it cannot name a file")
        if _ABSOLUTE_RE.match(text):
            return PathCheck(outside="is absolute; evidence paths are relative to the program root")
        if _climbs_out(text):
            return PathCheck(outside="climbs out of the program root with '..'")
        if self._plainly_there(text):
            return PathCheck()
        try:
            resolved = self._realpath(text)
        except (OSError, ValueError) as exc:
            return PathCheck(missing=f"cannot be resolved ({exc})")
        if not _inside(resolved, self.root):
            link = self._link_out(text)
            if link is None or link == text.rstrip("/"):
                return PathCheck(outside="is a symlink that leads outside the program root")
            return PathCheck(outside=f"leads outside the program root through the symlink '{link}'")
        try:
            os.stat(resolved)
        except FileNotFoundError:
            if os.path.lexists(os.path.join(self.root, text)):
                return PathCheck(missing="is a broken symlink (its target does not exist)")
            return PathCheck(missing=NOT_FOUND)
        except NotADirectoryError:
            return PathCheck(missing="does not exist (a part of it is a file, not a directory)")
        except PermissionError:
            return PathCheck(missing="cannot be checked: permission denied")
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return PathCheck(missing="is a symlink loop")
            return PathCheck(missing=f"cannot be checked: {exc.strerror or exc}")
        return PathCheck()


class Suggester:
    """'; did you mean 'evidence/q1.pdf'?' for a typo in the last part of a missing path.

    Bounded, because a program can have thousands of missing paths (evidence never committed,
    or kept in Git LFS) in directories of thousands of files: each directory is listed once,
    directories with more than ``MAX_ENTRIES`` entries are not searched, and after
    ``MAX_LOOKUPS`` searches no more hints are given.
    """

    MAX_ENTRIES = 1000
    MAX_LOOKUPS = 100

    def __init__(self, root: Path) -> None:
        self.root = str(root)
        self.listings: dict[str, list[str] | None] = {}
        self.lookups = 0

    def _listing(self, directory: str) -> list[str] | None:
        if directory not in self.listings:
            names: list[str] | None = None
            if _inside(directory, self.root):
                try:
                    with os.scandir(directory) as entries:
                        names = []
                        for entry in entries:
                            names.append(entry.name)
                            if len(names) > self.MAX_ENTRIES:
                                names = None
                                break
                except OSError:
                    names = None
            self.listings[directory] = names
        return self.listings[directory]

    def __call__(self, text: str) -> str:
        parent, _, name = text.rstrip("/").rpartition("/")
        if not name or self.lookups >= self.MAX_LOOKUPS:
            return ""
        directory = os.path.realpath(os.path.join(self.root, parent)) if parent else self.root
        names = self._listing(directory)
        if not names:
            return ""
        self.lookups += 1
        close = difflib.get_close_matches(name, names, n=1)
        if not close:
            return ""
        return f"; did you mean '{parent + '/' if parent else ''}{close[0]}'?"


def evidence_paths(ctx: Context) -> Iterator[tuple[Control, Evidence, str]]:
    """(control, evidence, path) for every evidence item given by path."""
    for control in ctx.controls:
        for evidence in control.evidence:
            if evidence.path is not None:
                yield control, evidence, evidence.path


def checked_evidence(ctx: Context) -> list[tuple[Control, Evidence, str, PathCheck]]:
    """Every evidence path with its classification, computed once for both rules that use it
    (thousands of paths, each a file-system lookup)."""

    def build() -> list[tuple[Control, Evidence, str, PathCheck]]:
        checker = PathChecker(ctx.program.root)
        return [(c, e, path, checker.check(path)) for c, e, path in evidence_paths(ctx)]

    return ctx.shared("evidence-paths", build)
