"""Readiness reports (``soccheck report``): one model, four renderings.

``model.build`` turns a checked program into a ``ReadinessReport``; each format is a function
from that model to text, looked up by name and imported on demand.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from soccheck.readiness.model import ReadinessReport


class Renderer(Protocol):
    def __call__(self, report: ReadinessReport) -> str: ...


FORMATS: dict[str, str] = {
    "text": "soccheck.readiness.text",
    "markdown": "soccheck.readiness.markdown",
    "csv": "soccheck.readiness.csv_matrix",
    "html": "soccheck.readiness.html_report",
}


def get_renderer(name: str) -> Renderer:
    module = importlib.import_module(FORMATS[name])
    renderer: Renderer = module.render
    return renderer
