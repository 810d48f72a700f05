"""Every command the docs show with its output prints exactly that output.

A transcript is a ```console block (``$ command`` lines, each followed by what it prints) or a
```sh block followed directly by a ```text block holding the output of its soccheck commands.
The test runs the soccheck and ``cd`` commands of each transcript in a scratch directory
holding a copy of examples/ (setup steps such as ``pip install`` are the reader's, not ours)
and compares. In the expected output ``...`` stands for any text within a line, and a line of
only ``...`` for any number of lines. Every judged command pins ``--today``: a documented
result must not change with the day it is read.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO

DOCUMENTS = sorted(
    {
        REPO / "README.md",
        *(REPO / "docs").glob("*.md"),
        *EXAMPLES.glob("*/README.md"),
    }
    - {REPO / "docs" / "rules.md"}  # generated from the rules, no transcripts
)
DATED = ("validate", "report", "init")
"""Commands whose result depends on the evaluation date."""


@dataclass(frozen=True)
class Step:
    command: str
    expected: str | None
    """What the command prints; None when the docs show no output for it (``cd``, or a
    soccheck command of a sh block other than the last)."""


@dataclass(frozen=True)
class Transcript:
    document: str
    line: int
    steps: tuple[Step, ...]

    def __str__(self) -> str:
        return f"{self.document}:{self.line}"


_FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)


def transcripts(path: Path) -> list[Transcript]:
    text = path.read_text(encoding="utf-8")
    name = path.relative_to(REPO).as_posix()
    found: list[Transcript] = []
    blocks = list(_FENCE.finditer(text))
    for index, block in enumerate(blocks):
        language, body = block.group(1), block.group(2)
        line = text.count("\n", 0, block.start()) + 1
        if language == "console":
            steps = []
            for chunk in re.split(r"^\$ ", body, flags=re.M)[1:]:
                command, _, output = chunk.partition("\n")
                shown = None if command.startswith("cd ") else output
                steps.append(Step(command, shown))
            found.append(Transcript(name, line, tuple(steps)))
        elif language == "sh" and index + 1 < len(blocks):
            following = blocks[index + 1]
            if following.group(1) == "text" and text[block.end() : following.start()].strip() == "":
                parts = [part.strip() for part in re.split(r"&&|\n", body)]
                kept = [p for p in parts if p.startswith(("soccheck ", "cd "))]
                steps = [Step(command, None) for command in kept[:-1]]
                steps.append(Step(kept[-1], following.group(2)))
                found.append(Transcript(name, line, tuple(steps)))
    return found


def _pattern(expected: str) -> re.Pattern[str]:
    parts = []
    for line in expected.rstrip("\n").split("\n"):
        if line.strip() == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append(".*?".join(re.escape(piece) for piece in line.split("...")) + r"\n")
    return re.compile("".join(parts))


def _run(transcript: Transcript, workspace: Path) -> list[str]:
    """Run a transcript from the workspace's top; the mismatches between docs and output."""
    cwd = workspace
    problems = []
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    for step in transcript.steps:
        argv = shlex.split(step.command, comments=True)
        if argv[0] == "cd":
            cwd = (cwd / argv[1]).resolve()
            continue
        assert argv[0] == "soccheck", f"{transcript}: cannot run {step.command!r}"
        if argv[1] in DATED:
            assert "--today" in argv, f"{transcript}: {step.command!r} must pin --today"
        printed = subprocess.run(
            [sys.executable, "-m", "soccheck", *argv[1:]],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=120,
        ).stdout
        if step.expected is not None and not _pattern(step.expected).fullmatch(
            printed.rstrip("\n") + "\n"
        ):
            problems.append(
                f"{transcript}: '$ {step.command}' is shown printing:\n{step.expected}\n"
                f"but prints:\n{printed}"
            )
    return problems


WITH_TRANSCRIPTS = [document for document in DOCUMENTS if transcripts(document)]


@pytest.mark.parametrize("document", WITH_TRANSCRIPTS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_documented_output_is_what_the_commands_print(document: Path, tmp_path: Path) -> None:
    """One scratch directory per document: its transcripts build on each other (init in one
    block, validate in the next), each starting from the top of the scratch directory."""
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    problems = [problem for t in transcripts(document) for problem in _run(t, tmp_path)]
    assert problems == []


def test_the_docs_have_transcripts_and_the_matcher_can_fail() -> None:
    documents = {p.relative_to(REPO).as_posix() for p in WITH_TRANSCRIPTS}
    assert {"README.md", "docs/getting-started.md"} <= documents
    assert _pattern("a ... c\n...\nz\n").fullmatch("a b c\nx\ny\nz\n")
    assert not _pattern("a ... c\nz\n").fullmatch("a b c\nx\nz\n")
    assert not _pattern("OK: 0 errors\n").fullmatch("failed: 1 error\n")


def test_every_documented_command_on_an_example_pins_the_date() -> None:
    """Commands the reader copies, with or without output shown: a command on a bundled
    example must give the same result on any day."""
    command = re.compile(r"soccheck (?:validate|report)\b[^\n`]*examples/[^\n`]*")
    unpinned = []
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        for block in _FENCE.finditer(text):
            for match in command.finditer(block.group(2)):
                if "--today" not in match.group(0):
                    unpinned.append(f"{document.relative_to(REPO)}: {match.group(0)}")
    assert unpinned == []
