"""Output formats for ``soccheck validate``: each is a function from a result to text.

Formats are looked up by name and imported on demand, so a plain text run never imports the
JUnit or SARIF machinery.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from soccheck.checks.checker import Result


class Reporter(Protocol):
    def __call__(self, result: Result, *, color: bool = False) -> str: ...


FORMATS: dict[str, str] = {
    "text": "soccheck.output.text",
    "json": "soccheck.output.json_report",
    "github": "soccheck.output.github",
    "junit": "soccheck.output.junit",
    "sarif": "soccheck.output.sarif",
}


def get_reporter(name: str) -> Reporter:
    module = importlib.import_module(FORMATS[name])
    reporter: Reporter = module.render
    return reporter
