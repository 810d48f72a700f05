"""Paths as CI systems need them: relative to the directory soccheck was started in.

Findings carry paths relative to the program root (the JSON contract). GitHub annotations,
code scanning and test-report actions resolve paths against the repository checkout, which is
the working directory of every workflow step and pre-commit hook. When the program lives in a
subdirectory (``soccheck validate compliance/``), ``controls/access.yaml`` must therefore be
reported as ``compliance/controls/access.yaml``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from soccheck.checker import Result


@dataclass(frozen=True)
class Locator:
    """Turns root-relative finding paths into paths relative to ``base``."""

    base: Path
    """Absolute directory the reported paths are relative to: the working directory when the
    program root is inside it, else the program root itself."""
    prefix: str
    """POSIX path of the program root relative to ``base`` ('' when they are the same)."""

    @classmethod
    def for_result(cls, result: Result, cwd: Path | None = None) -> Locator:
        root = Path(result.program.root).resolve()
        here = (cwd or Path.cwd()).resolve()
        try:
            relative = root.relative_to(here)
        except ValueError:
            return cls(root, "")
        prefix = relative.as_posix()
        return cls(here, "" if prefix == "." else prefix)

    def path(self, finding_path: str) -> str:
        """The path to report: base-relative and POSIX, or absolute when it lies outside."""
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

    def uri_base(self) -> str:
        """``file://`` URI of ``base``, ending with '/' as SARIF requires of base URIs."""
        uri = self.base.as_uri()
        return uri if uri.endswith("/") else uri + "/"
