"""Paths as their readers resolve them, worked out once per run from the current directory.

Findings carry paths relative to the program root (the JSON contract). Everything else shows
paths from where soccheck was started, in one of two ways:

- ``display`` is for people at a terminal (text output): relative to the current
  directory, so that ``soccheck validate compliance`` from the repository root prints
  ``compliance/controls/hr.yaml:15:12:``, which editors and terminals open with one click.
  Run inside the program (in ``controls/``), paths that lie above the current directory
  start with ``../``; paths in no relation to it (a program elsewhere) are absolute.
- ``path`` is for CI systems (GitHub annotations, code scanning, test-report actions), which
  resolve paths against the repository checkout, the working directory of every workflow
  step and pre-commit hook: relative to the current directory when the program is inside
  it, else relative to the program root. Never ``../``, which those consumers reject. The
  Markdown and HTML readiness reports use it too: they are read by other people, elsewhere,
  where the current directory means nothing and an absolute path would expose a local one.

Both agree whenever the program lies inside the current directory, as in CI.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from soccheck.checks.checker import Result
    from soccheck.checks.findings import Finding


@dataclass(frozen=True)
class Locator:
    """Turns root-relative finding paths into paths for the people and tools reading them."""

    base: Path
    """Absolute directory ``path`` is relative to: the working directory when the program
    root is inside it, else the program root itself."""
    prefix: str
    """POSIX path of the program root relative to ``base`` ('' when they are the same)."""
    root: Path
    """The program root, absolute, symlinks resolved."""
    cwd: Path
    """The working directory, absolute, symlinks resolved (as the OS reports it)."""

    @classmethod
    def for_root(cls, root: Path, cwd: Path | None = None) -> Locator:
        root = Path(root).resolve()
        if cwd is None:
            try:
                cwd = Path.cwd()
            except OSError:  # the working directory was deleted: show paths from the root
                cwd = root
        here = cwd.resolve()
        try:
            relative = root.relative_to(here)
        except ValueError:
            return cls(root, "", root, here)
        prefix = relative.as_posix()
        return cls(here, "" if prefix == "." else prefix, root, here)

    @classmethod
    def for_result(cls, result: Result, cwd: Path | None = None) -> Locator:
        return cls.for_root(result.program.root, cwd)

    def path(self, finding_path: str) -> str:
        """The path for CI consumers: base-relative and POSIX, or absolute when it lies
        outside the base."""
        if os.path.isabs(finding_path):
            absolute = Path(finding_path)
            try:
                return absolute.resolve().relative_to(self.base).as_posix()
            except ValueError:
                return absolute.as_posix()
        joined = PurePosixPath(self.prefix, finding_path) if self.prefix else None
        text = joined.as_posix() if joined is not None else finding_path
        normal = os.path.normpath(text).replace(os.sep, "/")
        if normal.startswith("../"):
            # A --config file outside the base directory: report where it really is.
            return (self.base / normal).resolve().as_posix()
        return normal

    def display(self, finding_path: str) -> str:
        """The path for people: relative to the current directory when the file is below it,
        or inside the program the current directory is in (``../system.yaml``); else
        absolute."""
        absolute = Path(os.path.normpath(self.root / finding_path))
        if _is_below(absolute, self.cwd) or (
            _is_below(self.cwd, self.root) and _is_below(absolute, self.root)
        ):
            return Path(os.path.relpath(absolute, self.cwd)).as_posix()
        return absolute.as_posix()

    def message(self, finding: Finding) -> str:
        """The finding's message with the places it names shown as ``display`` shows paths."""
        return finding.message_with(self.display)

    def ci_message(self, finding: Finding) -> str:
        """The finding's message with the places it names shown as ``path`` shows paths."""
        return finding.message_with(self.path)

    def uri_base(self) -> str:
        """``file://`` URI of ``base``, ending with '/' as SARIF requires of base URIs."""
        uri = self.base.as_uri()
        return uri if uri.endswith("/") else uri + "/"


def _is_below(path: Path, directory: Path) -> bool:
    try:
        path.relative_to(directory)
    except ValueError:
        return False
    return True
