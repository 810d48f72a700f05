"""The JSON contract (public API): see README "JSON output".

Shape: {"tool": {"name", "version"}, "findings": [{"rule", "severity", "path", "line",
"column", "message", "subject"[, "waived"]}], "summary": {"errors", "warnings", "files",
"controls"[, "waived"]}}. Counts exclude waived findings.

The text is valid UTF-8 whatever the file names: a byte of a name that is not UTF-8 is
written as the four characters ``\\xNN`` (see ``soccheck.support.text``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from soccheck._version import __version__
from soccheck.support.text import json_safe

if TYPE_CHECKING:
    from soccheck.checks.checker import Result


def as_dict(result: Result) -> dict[str, Any]:
    findings = []
    for f in result.findings:
        item: dict[str, Any] = {
            "rule": f.rule,
            "severity": f.severity,
            "path": f.path,
            "line": f.line,
            "column": f.column,
            "message": f.message,
            "subject": f.subject,
        }
        if f.waived is not None:
            item["waived"] = {
                "reason": f.waived.reason,
                "approved_by": f.waived.approved_by,
                "expires": f.waived.expires,
            }
            if f.waived.ticket:
                item["waived"]["ticket"] = f.waived.ticket
        findings.append(item)
    summary: dict[str, Any] = {
        "errors": result.count("error"),
        "warnings": result.count("warning"),
        "files": len(result.program.files),
        "controls": len(result.program.controls),
    }
    waived = sum(1 for f in result.findings if f.waived is not None)
    if waived:
        summary["waived"] = waived
    return {
        "tool": {"name": "soccheck", "version": __version__},
        "findings": findings,
        "summary": summary,
    }


def render(result: Result, *, color: bool = False) -> str:
    return json_safe(json.dumps(as_dict(result), indent=2, ensure_ascii=False)) + "\n"
