"""SARIF 2.1.0 for GitHub code scanning and any other SARIF consumer.

- ``tool.driver.rules`` lists every registered rule, generated from its ``Rule`` object:
  ``shortDescription`` (summary), ``fullDescription`` (rationale), ``help`` (rationale plus the
  example that triggers it, as text and Markdown) and ``defaultConfiguration.level`` (its
  default severity). Results reference rules by ``ruleId`` and ``ruleIndex``.
- Each finding is a result with its actual level (after configuration), a message, and one
  physical location: an ``artifactLocation`` relative to ``%SRCROOT%`` (the directory soccheck
  ran in, normally the repository checkout) and a ``region`` with ``startLine`` and
  ``startColumn`` (columns count Unicode code points, as ``columnKind`` says).
- ``partialFingerprints`` identify a finding by rule, file, subject and message (with numbers
  blanked, so "42 days ago" does not churn), plus an occurrence number among identical
  findings: stable when unrelated lines move, so code scanning keeps the same alert open.
- Waived findings carry ``suppressions`` (kind ``external``: the waiver lives in
  soccheck.yaml) with the approver, expiry and reason as the justification.
- A file name that is not UTF-8 is named by its bytes in ``artifactLocation.uri`` (each byte
  that is not UTF-8 percent-encoded, ``controls/x%FF.yaml``, as URIs name bytes) and as
  ``controls/x\\xff.yaml`` in message texts, like every other output (``support.text``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from typing import TYPE_CHECKING, Any

from soccheck import _version
from soccheck._version import __version__
from soccheck.support.text import json_safe

if TYPE_CHECKING:
    from soccheck.checks.checker import Result
    from soccheck.checks.findings import Finding
    from soccheck.checks.rules.base import Rule
    from soccheck.output.locations import Locator

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = _version.REPOSITORY_URL
"""Where the rules are documented: the repository's README.md and docs/rules.md."""
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "soccheckFinding/v1"

_NUMBERS = re.compile(r"[0-9]+")
_WORDS = re.compile(r"[a-z0-9]+")


def _rule_name(rule_id: str) -> str | None:
    """SARIF's ``name`` is an identifier-like display name: 'missing-owner' -> 'MissingOwner'.

    None when it would only differ from the ID in case ('schema'): SARIF wants it omitted then.
    """
    name = "".join(part.capitalize() for part in _WORDS.findall(rule_id.lower()))
    return name if name and name.lower() != rule_id.lower() else None


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    example = rule.example.rstrip("\n")
    help_text = f"{_sentence(rule.rationale)}\n\nExample that triggers it:\n\n{example}\n"
    help_markdown = (
        f"{_sentence(rule.rationale)}\n\nExample that triggers it:\n\n```yaml\n{example}\n```\n\n"
        f"Run `soccheck explain {rule.id}` for details."
    )
    descriptor: dict[str, Any] = {"id": rule.id}
    name = _rule_name(rule.id)
    if name is not None:
        descriptor["name"] = name
    return descriptor | {
        "shortDescription": {"text": _sentence(rule.summary)},
        "fullDescription": {"text": _sentence(rule.rationale)},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": rule.severity},
        "properties": {"tags": ["compliance", "soc"], "precision": "very-high"},
    }


def _fingerprint(finding: Finding, path: str) -> str:
    message = _NUMBERS.sub("0", finding.message)
    key = "\0".join((finding.rule, path, finding.subject or "", message))
    # surrogatepass: a file name that is not UTF-8 still has a fingerprint (valid text
    # encodes exactly as with "strict").
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _suppression(finding: Finding) -> dict[str, Any]:
    waiver = finding.waived
    assert waiver is not None
    justification = (
        f"Waived until {waiver.expires}, approved by {waiver.approved_by}: {waiver.reason}"
    )
    if waiver.ticket:
        justification += f" ({waiver.ticket})"
    return {
        "kind": "external",
        "status": "accepted",
        "justification": justification,
        "properties": {
            "approvedBy": waiver.approved_by,
            "expires": waiver.expires,
            **({"ticket": waiver.ticket} if waiver.ticket else {}),
        },
    }


def _message(finding: Finding, locator: Locator) -> str:
    return _sentence(locator.ci_message(finding))


def as_dict(result: Result) -> dict[str, Any]:
    from soccheck.checks.rules.registry import RULES

    locator = result.locator
    artifacts = _Artifacts()
    program = result.program
    if program.config_path is not None:
        artifacts.index(locator.path(program.config_path), "policy")
    for path in program.files:
        artifacts.index(locator.path(path))
    results = _results(result, artifacts, {rule_id: index for index, rule_id in enumerate(RULES)})
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "soccheck",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [rule_descriptor(rule) for rule in RULES.values()],
            }
        },
        "invocations": [{"executionSuccessful": True}],
        "originalUriBaseIds": {SRCROOT: {"uri": locator.uri_base()}},
        **_version_control(),
        "artifacts": artifacts.items,
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {
            "failOn": result.fail_on,
            "errors": result.count("error"),
            "warnings": result.count("warning"),
            "waived": sum(1 for f in result.findings if f.waived is not None),
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


class _Artifacts:
    """Each file once, in the order first named; results refer to a file by its index."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self._index: dict[str, int] = {}

    def index(self, path: str, role: str = "analysisTarget") -> int:
        index = self._index.get(path)
        if index is None:
            index = self._index[path] = len(self.items)
            self.items.append({"location": _artifact_location(path), "roles": [role]})
        return index


def _results(
    result: Result, artifacts: _Artifacts, rule_index: dict[str, int]
) -> list[dict[str, Any]]:
    """One SARIF result per finding; identical findings are told apart by their occurrence
    number in the fingerprint."""
    locator = result.locator
    occurrences: dict[str, int] = {}
    results = []
    for finding in result.findings:
        path = locator.path(finding.path)
        base = _fingerprint(finding, path)
        occurrence = occurrences.get(base, 0) + 1
        occurrences[base] = occurrence
        location = _artifact_location(path)
        location["index"] = artifacts.index(path)
        item: dict[str, Any] = {
            "ruleId": finding.rule,
            "level": finding.severity,
            "message": {"text": _message(finding, locator)},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": location,
                        "region": {"startLine": finding.line, "startColumn": finding.column},
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT_KEY: f"{base}:{occurrence}"},
        }
        if finding.rule in rule_index:
            item["ruleIndex"] = rule_index[finding.rule]
        if finding.subject is not None:
            item["properties"] = {"subject": finding.subject}
        if finding.waived is not None:
            item["suppressions"] = [_suppression(finding)]
        results.append(item)
    return results


def _version_control() -> dict[str, Any]:
    """The commit analysed, when running in GitHub Actions (SARIF 3.14.15).

    Paths are reported relative to the working directory, which GitHub Actions makes the
    repository checkout, so the checkout maps to %SRCROOT%.
    """
    env = os.environ
    server, repository = env.get("GITHUB_SERVER_URL"), env.get("GITHUB_REPOSITORY")
    revision = env.get("GITHUB_SHA")
    if not (server and repository and revision):
        return {}
    provenance: dict[str, Any] = {
        "repositoryUri": f"{server.rstrip('/')}/{repository}",
        "revisionId": revision,
        "mappedTo": {"uriBaseId": SRCROOT},
    }
    ref = env.get("GITHUB_REF", "")
    if ref.startswith("refs/heads/"):
        provenance["branch"] = ref.removeprefix("refs/heads/")
    return {"versionControlProvenance": [provenance]}


def _artifact_location(path: str) -> dict[str, Any]:
    if path.startswith("/"):
        from pathlib import Path

        return {"uri": Path(path).as_uri()}
    from urllib.parse import quote

    # surrogateescape: the bytes of a file name that is not UTF-8, percent-encoded.
    uri = quote(path, safe="/-._~!$&'()*+,;=:@", errors="surrogateescape")
    return {"uri": uri, "uriBaseId": SRCROOT}


def render(result: Result, *, color: bool = False) -> str:
    return json_safe(json.dumps(as_dict(result), indent=2, ensure_ascii=False)) + "\n"
