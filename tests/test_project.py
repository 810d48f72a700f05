"""One definition of where soccheck is published: every document and generated file agrees.

Publishing under another address (or cutting the next version) must be one edit in
soccheck/_version.py plus regenerating; these tests name every file that was left behind.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from soccheck import _version
from tests.conftest import REPO, run_cli

NAME = _version.REPOSITORY.split("/", 1)[1]
OURS = rf"(?:soccheck|{re.escape(NAME)})"
MAJOR = "v" + _version.__version__.split(".", 1)[0]

REPOSITORY_URL = re.compile(rf"https?://github\.com/[\w.-]+/{OURS}(?![\w.-])")
"""Our repository's address, wherever it appears (pre-commit ``repo:``, pip ``git+``, links)."""
ACTION_REF = re.compile(rf"uses:\s*([\w.-]+/{OURS})@([^\s`'\"]+)")
SCHEMA_URL = re.compile(r"https?://[\w.-]+(?:/[\w.-]+)*/schemas/v\d+/")
"""The directory part of a schema ``$id`` (``https://soccheck.dev/schemas/v1/``)."""
YOUR_COPY = "your-org/"
"""The owner docs use for a reader's own fork or mirror: never our address, never stale."""
VERSION_TAG = re.compile(r"(?<![\w.])v\d+\.\d+\.\d+(?![\w.])")
VERSION_FIELD = re.compile(r"\"version\": \"(\d+\.\d+\.\d+)\"")
"""A quoted version as in JSON output (README's example of ``--format json``)."""


@dataclass(frozen=True)
class Stale:
    file: str
    line: int
    found: str
    expected: str


def _listing(stale: list[Stale]) -> str:
    return "\n".join(f"{s.file}:{s.line}: {s.found} (expected {s.expected})" for s in stale)


def scan(path: Path, label: str) -> list[Stale]:
    """Every reference in ``path`` that disagrees with soccheck/_version.py."""
    stale: list[Stale] = []
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):

        def check(found: str, allowed: tuple[str, ...], line: int = number) -> None:
            if found not in allowed:
                stale.append(Stale(label, line, found, " or ".join(allowed)))

        for match in REPOSITORY_URL.finditer(line):
            if YOUR_COPY in match.group(0):
                continue
            check(match.group(0), (_version.REPOSITORY_URL,))
        for match in ACTION_REF.finditer(line):
            if match.group(1).startswith(YOUR_COPY):
                continue
            check(match.group(1), (_version.REPOSITORY,))
            check(match.group(2), (MAJOR, f"v{_version.__version__}"))
        for match in SCHEMA_URL.finditer(line):
            check(match.group(0), (_version.SCHEMA_BASE_URL,))
        for match in VERSION_TAG.finditer(line):
            check(match.group(0), (f"v{_version.__version__}",))
        for match in VERSION_FIELD.finditer(line):
            check(match.group(1), (_version.__version__,))
    return stale


def _count(path: Path, pattern: re.Pattern[str]) -> int:
    return len(pattern.findall(path.read_text(encoding="utf-8")))


def published_files() -> list[Path]:
    """Documents and committed generated files that name the repository, version or host."""
    files = [
        REPO / "README.md",
        REPO / "RELEASING.md",
        REPO / "action.yml",
        REPO / ".pre-commit-hooks.yaml",
        *sorted((REPO / "docs").glob("*.md")),
        *sorted((REPO / ".github" / "workflows").glob("*.yml")),
        *sorted((REPO / "schemas").glob("*.json")),
        *sorted((REPO / "soccheck" / "format" / "schemas").glob("*.json")),
    ]
    files += sorted(
        p
        for p in (REPO / "examples").rglob("*")
        if p.is_file() and p.suffix in {".md", ".yaml", ".yml", ".json"}
    )
    return files


def _init(target: Path, *args: str) -> list[Path]:
    run = run_cli(
        "init",
        target,
        "--no-input",
        "--period-start",
        "2027-01-01",
        "--period-end",
        "2027-06-30",
        *args,
    )
    assert run.exit_code == 0, run.stdout + run.stderr
    return sorted(p for p in target.rglob("*") if p.is_file())


def test_documents_and_committed_files_agree_with_the_one_definition() -> None:
    stale = [s for path in published_files() for s in scan(path, str(path.relative_to(REPO)))]
    assert stale == [], _listing(stale)


def test_files_init_writes_agree_with_the_one_definition(tmp_path: Path) -> None:
    files = _init(tmp_path / "local") + _init(tmp_path / "url", "--schemas", "url")
    stale = [s for path in files for s in scan(path, str(path.relative_to(tmp_path)))]
    assert stale == [], _listing(stale)
    texts = "".join(path.read_text(encoding="utf-8") for path in files)
    # Not vacuous: init does write the address, the release tag and the schema host.
    assert f"repo: {_version.REPOSITORY_URL}\n" in texts
    assert f"git+{_version.REPOSITORY_URL}@v{_version.__version__}" in texts
    assert f"$schema={_version.SCHEMA_BASE_URL}control.schema.json" in texts


def test_the_scan_finds_what_it_guards() -> None:
    """Each kind of reference really occurs, so the agreement test is not vacuous."""
    assert _count(REPO / "docs" / "ci.md", REPOSITORY_URL) > 0
    assert _count(REPO / "examples" / "github" / "soccheck.yml", ACTION_REF) > 0
    assert _count(REPO / "schemas" / "control.schema.json", SCHEMA_URL) == 1
    assert _count(REPO / "README.md", VERSION_TAG) > 0
    assert _count(REPO / "README.md", VERSION_FIELD) == 1


def test_the_scan_names_each_stale_reference(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(
        "see https://github.com/old-owner/soccheck for details\n"
        "  - repo: https://github.com/soccheck/soccheck\n"
        "    rev: v9.9.9\n"
        "        uses: old-owner/soccheck@v0\n"
        "        uses: your-org/soccheck@<commit-sha> or git+https://github.com/your-org/soccheck\n"
        "        uses: actions/checkout@v4\n"
        "# $schema=https://old.example/schemas/v1/control.schema.json\n"
        '{"tool": {"name": "soccheck", "version": "9.9.9"}}\n',
        encoding="utf-8",
    )
    found = [(s.line, s.found) for s in scan(doc, "doc.md")]
    assert found == [
        (1, "https://github.com/old-owner/soccheck"),
        (3, "v9.9.9"),
        (4, "old-owner/soccheck"),
        (7, "https://old.example/schemas/v1/"),
        (8, "9.9.9"),
    ]


def test_schema_ids_come_from_the_one_definition() -> None:
    from soccheck.format.schema import SCHEMA_FILES, load_schema

    for name, file_name in SCHEMA_FILES.items():
        assert load_schema(name)["$id"] == _version.SCHEMA_BASE_URL + file_name


def test_pyproject_urls_name_the_repository() -> None:
    """TOML cannot import _version.py, so the copies in pyproject.toml are compared here."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    urls = project["urls"]
    assert urls["Homepage"] == _version.REPOSITORY_URL
    assert urls["Source"] == _version.REPOSITORY_URL
    assert urls["Issues"] == f"{_version.REPOSITORY_URL}/issues"
    assert urls["Changelog"] == f"{_version.REPOSITORY_URL}/blob/main/CHANGELOG.md"
    assert project["dynamic"] == ["version"]


def test_readme_says_whether_the_version_is_published() -> None:
    """Before the first release the docs must not pretend one exists; cutting it means
    changing CHANGELOG's '(unreleased)' and README's install note together (RELEASING.md)."""
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    version = _version.__version__
    heading = re.search(rf"^## {re.escape(version)}\b.*$", changelog, re.M)
    assert heading is not None, f"CHANGELOG.md has no entry for {version}"
    unreleased = heading.group(0).endswith("(unreleased)")
    assert (f"soccheck {version} is not yet published" in readme) is unreleased
    assert _version.PUBLISHED is not unreleased


@pytest.mark.parametrize("published", [False, True])
def test_init_says_how_to_use_an_unpublished_version(
    published: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What init writes names the release; before it exists, the files say so."""
    from soccheck.authoring import scaffold

    monkeypatch.setattr(scaffold, "PUBLISHED", published)
    root = tmp_path / "prog"
    assert run_cli("init", root, "--today", "2026-11-20").exit_code == 0
    note = f"# NOTE: soccheck v{_version.__version__} is not published yet"
    for generated in (".pre-commit-config.yaml", ".github/workflows/soccheck.yml"):
        text = (root / generated).read_text(encoding="utf-8")
        assert (note in text) is not published, generated
