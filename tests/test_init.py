"""``soccheck init`` end to end: init through the real CLI, then validate the result.

A new program must validate with only the findings a program nobody has operated yet honestly
has. Other rules land on other branches, so the assertions name the set of rules allowed to fire
rather than today's exact output; YAML, schema and file findings are never allowed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soccheck.authoring import scaffold, starter, yamledit
from soccheck.format.catalog import load_catalog
from soccheck.format.schema import SCHEMA_FILES, schema_id
from soccheck.load.validation import validate_document
from soccheck.load.yaml_reader import load_text
from tests.conftest import REPO, TODAY, Run, run_cli, run_subprocess, validate_json
from tests.test_library import check_jsonschema

HONEST_RULES = {"untested-control", "unknown-owner", "missing-owner"}
"""What a freshly initialised program may report: controls not yet tested (Type 2) and owners
not yet assigned. Anything else (schema, YAML, references, coverage) would be init's bug."""

CATALOG = load_catalog()


def init(root: Path, *args: str) -> Run:
    return run_cli("init", root, "--today", TODAY, *args)


def yaml_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def load(path: Path) -> Any:
    doc = load_text(path.name, path.read_text(encoding="utf-8"))
    assert doc.findings == [], doc.findings
    return doc.data


def program_controls(root: Path) -> list[dict[str, Any]]:
    return [c for f in sorted((root / "controls").glob("*.yaml")) for c in load(f)["controls"]]


SCENARIOS: dict[str, tuple[str, ...]] = {
    "soc2-type2-defaults": (),
    "soc2-type1": ("--type", "1", "--categories", "availability,confidentiality"),
    "soc1-type2": (
        "--framework",
        "soc1",
        "--period-start",
        "2027-01-01",
        "--period-end",
        "2027-12-31",
    ),
    "soc1-type1": ("--framework", "soc1", "--as-of", "2027-03-31"),
    "both-type2-all-categories": (
        "--framework",
        "both",
        "--categories",
        "availability,processing_integrity,confidentiality,privacy",
    ),
    "both-type1-owner": (
        "--framework",
        "both",
        "--type",
        "1",
        "--categories",
        "privacy",
        "--owner",
        "jane.doe",
        "--owner-name",
        "Jane Doe",
    ),
}


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], tuple[Path, Run]]:
    """Scenario name -> (root, init run); each scenario is initialised once per module."""
    cache: dict[str, tuple[Path, Run]] = {}

    def get(name: str) -> tuple[Path, Run]:
        if name not in cache:
            root = tmp_path_factory.mktemp(name) / "program"
            cache[name] = (root, init(root, *SCENARIOS[name]))
        return cache[name]

    return get


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_new_program_validates_with_only_honest_findings(
    scenario: str, initialised: Callable[[str], tuple[Path, Run]]
) -> None:
    root, run = initialised(scenario)
    assert run.exit_code == 0, run.stdout + run.stderr
    result = validate_json(root)
    rules = {f["rule"] for f in result.findings}
    assert rules <= HONEST_RULES, [f for f in result.findings if f["rule"] not in HONEST_RULES]
    assert result.exit_code == (1 if any(f["severity"] == "error" for f in result.findings) else 0)
    controls = program_controls(root)
    assert result.json["summary"]["controls"] == len(controls) > 0
    owned = "--owner" in SCENARIOS[scenario]
    unknown = sorted(subject for *_, subject in result.where("unknown-owner"))
    assert unknown == ([] if owned else sorted(c["id"] for c in controls))


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_new_program_maps_exactly_its_scope(
    scenario: str, initialised: Callable[[str], tuple[Path, Run]]
) -> None:
    root, _run = initialised(scenario)
    system = load(root / "system.yaml")
    reports = system["reports"]
    frameworks = {r["framework"] for r in reports}
    controls = program_controls(root)
    mapped = starter.criteria_of(controls)
    objectives_mapped = {o for c in controls for o in c.get("objectives", [])}
    if "soc2" in frameworks:
        [soc2] = [r for r in reports if r["framework"] == "soc2"]
        categories = set(soc2["categories"])
        assert "security" in categories
        in_scope = {c.id for c in CATALOG.criteria.values() if c.category in categories}
        assert mapped == in_scope
    else:
        assert mapped == set()
        assert not (root / "controls" / "privacy.yaml").exists()
    defined = {o["id"] for o in system.get("control_objectives", [])}
    if "soc1" in frameworks:
        assert defined and objectives_mapped == defined
        assert {c["id"] for c in system["cuecs"]} >= {"CUEC-01"}
        assert (root / "controls" / "payroll.yaml").is_file()
    else:
        assert defined == set() and objectives_mapped == set()
        assert not (root / "controls" / "payroll.yaml").exists()
    for control in controls:
        assert control.get("criteria") or control.get("objectives"), control["id"]


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_every_evidence_reference_resolves_to_a_folder_with_a_readme(
    scenario: str, initialised: Callable[[str], tuple[Path, Run]]
) -> None:
    root, _run = initialised(scenario)
    paths = {e["path"] for c in program_controls(root) for e in c["evidence"]}
    assert paths
    for path in paths:
        readme = root / path / "README.md"
        assert readme.is_file(), path
        assert f"# Evidence: {path}" in readme.read_text(encoding="utf-8")
    on_disk = {
        p.parent.relative_to(root).as_posix() for p in (root / "evidence").rglob("README.md")
    }
    assert on_disk == paths


def test_reports_and_dates(initialised: Callable[[str], tuple[Path, Run]]) -> None:
    root, _ = initialised("soc2-type2-defaults")
    system = load(root / "system.yaml")
    assert system["name"] == "program"
    assert system["reports"] == [
        {
            "id": "soc2-2027",
            "framework": "soc2",
            "type": 2,
            "title": "SOC 2 Type 2 examination of program",
            "period": {"start": "2026-12-01", "end": "2027-05-31"},
            "categories": ["security"],
        }
    ]
    root, _ = initialised("soc2-type1")
    [report] = load(root / "system.yaml")["reports"]
    assert report["as_of"] == "2027-02-28" and "period" not in report
    assert report["categories"] == ["security", "availability", "confidentiality"]
    root, _ = initialised("soc1-type1")
    [report] = load(root / "system.yaml")["reports"]
    assert report == {
        "id": "soc1-2027",
        "framework": "soc1",
        "type": 1,
        "title": "SOC 1 Type 1 examination of program",
        "as_of": "2027-03-31",
    }
    root, _ = initialised("both-type1-owner")
    system = load(root / "system.yaml")
    assert [r["id"] for r in system["reports"]] == ["soc1-2027", "soc2-2027"]
    assert system["people"] == [{"id": "jane.doe", "name": "Jane Doe"}]
    assert {c["owner"] for c in program_controls(root)} == {"jane.doe"}


def test_default_dates() -> None:
    today = dt.date(2026, 11, 20)
    assert scaffold.default_period(today) == (dt.date(2026, 12, 1), dt.date(2027, 5, 31))
    assert scaffold.default_as_of(today) == dt.date(2027, 2, 28)
    assert scaffold.default_period(dt.date(2026, 12, 31)) == (
        dt.date(2027, 1, 1),
        dt.date(2027, 6, 30),
    )
    assert scaffold.period_end_for(dt.date(2027, 3, 31)) == dt.date(2027, 9, 29)
    assert scaffold.period_start_for(dt.date(2027, 6, 30)) == dt.date(2027, 1, 1)
    assert scaffold.add_months(dt.date(2027, 8, 31), -6) == dt.date(2027, 2, 28)


def test_only_the_end_of_the_period_given(tmp_path: Path) -> None:
    root = tmp_path / "p"
    assert init(root, "--period-end", "2027-06-30", "--no-ci").exit_code == 0
    [report] = load(root / "system.yaml")["reports"]
    assert report["period"] == {"start": "2027-01-01", "end": "2027-06-30"}


def test_output_lists_files_findings_and_next_steps(
    initialised: Callable[[str], tuple[Path, Run]],
) -> None:
    root, run = initialised("soc2-type2-defaults")
    out = run.stdout
    assert out.startswith(f"Created a SOC 2 Type 2 (Security) program in {root}:\n")
    for line in (
        "  system.yaml ",
        "  soccheck.yaml ",
        "  controls/access.yaml ",
        "  evidence/ ",
        "  .soccheck/schemas/ ",
        "  .pre-commit-config.yaml ",
        "  .github/workflows/soccheck.yml ",
    ):
        assert line in out, line
    assert "controls/privacy.yaml" not in out
    count = len(program_controls(root))
    # Honest findings of a new program: every control still has the placeholder owner. The
    # default period starts next month, so untested-control does not judge it yet.
    assert f"reports {count} findings" in out
    assert f"  unknown-owner  {count}" in out
    assert "Next steps:" in out and "replace OWNER" in out
    assert run.stderr == ""


def test_modelines_point_at_the_shipped_schemas(
    initialised: Callable[[str], tuple[Path, Run]],
) -> None:
    root, _ = initialised("both-type2-all-categories")
    expected = {"system.yaml": "system", "soccheck.yaml": "config"}
    for path in yaml_files(root):
        rel = path.relative_to(root).as_posix()
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith(yamledit.MODELINE_PREFIX), rel
        target = first.removeprefix(yamledit.MODELINE_PREFIX)
        if rel.startswith("controls/") or rel in expected:
            name = "control" if rel.startswith("controls/") else expected[rel]
            schema = (path.parent / target).resolve()
            assert schema == (root / ".soccheck" / "schemas" / SCHEMA_FILES[name]).resolve()
            assert json.loads(schema.read_text(encoding="utf-8"))["$id"] == schema_id(name)
        else:
            assert target.startswith("https://json.schemastore.org/"), rel


def test_schemas_by_url(tmp_path: Path) -> None:
    root = tmp_path / "p"
    assert init(root, "--schemas", "url", "--no-ci").exit_code == 0
    assert not (root / ".soccheck").exists()
    assert not (root / ".pre-commit-config.yaml").exists()
    assert not (root / ".github").exists()
    first = (root / "controls" / "access.yaml").read_text(encoding="utf-8").split("\n", 1)[0]
    assert first == yamledit.MODELINE_PREFIX + schema_id("control")


@pytest.mark.slow
def test_generated_files_pass_independent_validators(
    initialised: Callable[[str], tuple[Path, Run]],
) -> None:
    root, _ = initialised("both-type2-all-categories")
    schemas = root / ".soccheck" / "schemas"
    checks = [
        (schemas / "system.schema.json", [root / "system.yaml"]),
        (schemas / "config.schema.json", [root / "soccheck.yaml"]),
        (schemas / "control.schema.json", sorted((root / "controls").glob("*.yaml"))),
    ]
    for schema, files in checks:
        result = check_jsonschema("--schemafile", schema, *files)
        assert result.returncode == 0, result.stdout + result.stderr
    workflow = root / ".github" / "workflows" / "soccheck.yml"
    for builtin in ("vendor.github-workflows", "custom.github-workflows-require-timeout"):
        result = check_jsonschema("--builtin-schema", builtin, workflow)
        assert result.returncode == 0, result.stdout + result.stderr
    pre_commit = Path(sys.executable).parent / "pre-commit"
    result = subprocess.run(
        [str(pre_commit), "validate-config", ".pre-commit-config.yaml"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_files(initialised: Callable[[str], tuple[Path, Run]]) -> None:
    root, _ = initialised("soc2-type2-defaults")
    version = __import__("soccheck").__version__
    hook = load(root / ".pre-commit-config.yaml")
    assert hook == {
        "repos": [
            {
                "repo": "https://github.com/soccheck/soccheck",
                "rev": f"v{version}",
                "hooks": [{"id": "soccheck-validate"}],
            }
        ]
    }
    workflow = load(root / ".github" / "workflows" / "soccheck.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    steps = workflow["jobs"]["validate"]["steps"]
    assert steps[-2]["run"] == (
        f'python -m pip install "soccheck @ git+https://github.com/soccheck/soccheck@v{version}"'
    )
    assert steps[-1]["run"] == "soccheck validate ."


def test_program_in_a_subdirectory_of_a_repository(tmp_path: Path) -> None:
    repo = tmp_path / "infra"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/trunk\n", encoding="utf-8")
    root = repo / "compliance" / "soc2"
    run = init(root)
    assert run.exit_code == 0, run.stderr
    assert f"inside the git repository at {repo}" in " ".join(run.stdout.split())
    hook = load(root / ".pre-commit-config.yaml")["repos"][0]["hooks"][0]
    assert hook == {
        "id": "soccheck-validate",
        "args": ["compliance/soc2"],
        "files": "^compliance/soc2/",
    }
    workflow = load(root / ".github" / "workflows" / "soccheck.yml")
    assert workflow["on"]["push"] == {
        "branches": ["trunk"],
        "paths": ["compliance/soc2/**", ".github/workflows/soccheck.yml"],
    }
    assert workflow["jobs"]["validate"]["steps"][-1]["run"] == "soccheck validate compliance/soc2"
    result = check_jsonschema(
        "--builtin-schema", "vendor.github-workflows", root / ".github/workflows/soccheck.yml"
    )
    assert result.returncode == 0, result.stdout
    assert not (repo / ".pre-commit-config.yaml").exists(), "init writes only inside DIR"


def test_program_at_the_root_of_a_repository(tmp_path: Path) -> None:
    root = tmp_path / "compliance"
    (root / ".git").mkdir(parents=True)
    (root / ".git" / "HEAD").write_text("ref: refs/heads/master\n", encoding="utf-8")
    run = init(root)
    assert run.exit_code == 0, run.stderr
    assert "Note:" not in run.stdout
    assert load(root / ".pre-commit-config.yaml")["repos"][0]["hooks"] == [
        {"id": "soccheck-validate"}
    ]
    workflow = load(root / ".github" / "workflows" / "soccheck.yml")
    assert workflow["on"]["push"] == {"branches": ["master"]}


def test_write_failure_is_a_setup_error(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file where a directory is needed\n", encoding="utf-8")
    run = init(tmp_path / "blocker" / "program", "--no-ci")
    assert run.exit_code == 2
    assert "soccheck: error: cannot write" in run.stderr and "Not a directory" in run.stderr


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "p"
    assert init(root).exit_code == 0
    (root / "controls" / "hr.yaml").write_text("controls: []\n", encoding="utf-8")
    before = _snapshot(root)
    run = init(root, "--framework", "both")
    assert run.exit_code == 2
    assert "already exist in" in run.stderr and "  system.yaml\n" in run.stderr
    assert "nothing was written" in run.stderr and "--force" in run.stderr
    assert _snapshot(root) == before
    assert not [p for p in root.rglob("*.tmp")]


def test_force_overwrites(tmp_path: Path) -> None:
    root = tmp_path / "p"
    assert init(root, "--no-ci").exit_code == 0
    generated = (root / "controls" / "hr.yaml").read_text(encoding="utf-8")
    (root / "controls" / "hr.yaml").write_text("controls: []\n", encoding="utf-8")
    assert init(root, "--no-ci", "--force").exit_code == 0
    assert (root / "controls" / "hr.yaml").read_text(encoding="utf-8") == generated


def test_skip_existing_keeps_the_users_files(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    mine = "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.6.0\n"
    (root / ".pre-commit-config.yaml").write_text(mine, encoding="utf-8")
    assert init(root).exit_code == 2
    run = init(root, "--skip-existing")
    assert run.exit_code == 0, run.stderr
    assert (root / ".pre-commit-config.yaml").read_text(encoding="utf-8") == mine
    assert (root / "system.yaml").is_file() and (root / ".github/workflows/soccheck.yml").is_file()
    assert "Kept 1 existing file:\n  .pre-commit-config.yaml\n" in run.stdout
    assert "hook id soccheck-validate" in run.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--force", "--skip-existing"), "cannot be used together"),
        (("--framework", "soc1", "--categories", "privacy"), "applies to SOC 2 only"),
        (("--categories", "availabilty"), "did you mean 'availability'?"),
        (("--type", "2", "--as-of", "2027-01-31"), "Type 2 report has a period"),
        (("--type", "1", "--period-start", "2027-01-01"), "Type 1 report has an --as-of"),
        (("--as-of", "2027-01-31", "--period-end", "2027-06-30"), "use --as-of (Type 1) or"),
        (("--period-start", "2027-06-01", "--period-end", "2027-01-01"), "ends (2027-01-01)"),
        (("--period-start", "2027-6-1"), "not a date written YYYY-MM-DD"),
        (("--owner", "Jane Doe"), "not a valid ID"),
        (("--owner-name", "Jane Doe"), "--owner-name needs --owner"),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    root = tmp_path / "p"
    run = init(root, *args)
    assert run.exit_code == 2
    assert message in " ".join(run.stderr.split())
    assert not root.exists()


def test_directory_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "p").write_text("", encoding="utf-8")
    run = init(tmp_path / "p")
    assert run.exit_code == 2 and "is a file" in run.stderr


def test_directory_that_is_neither_file_nor_directory(tmp_path: Path) -> None:
    """click lets a named pipe through (it only refuses regular files); init does not."""
    os.mkfifo(tmp_path / "p")
    run = init(tmp_path / "p", "--no-ci")
    assert run.exit_code == 2
    assert run.stderr == f"soccheck: error: {tmp_path / 'p'} exists and is not a directory\n"


def test_categories_accept_spellings_and_always_include_security(tmp_path: Path) -> None:
    root = tmp_path / "p"
    assert init(root, "--categories", " Privacy , processing-integrity,", "--no-ci").exit_code == 0
    [report] = load(root / "system.yaml")["reports"]
    assert report["categories"] == ["security", "processing_integrity", "privacy"]


def test_real_process_end_to_end(tmp_path: Path) -> None:
    """As a user's shell runs it: a separate `python -m soccheck` process, relative paths."""
    run = run_subprocess("init", "acme", "--framework", "both", "--today", TODAY, cwd=tmp_path)
    assert run.exit_code == 0, run.stderr
    check = run_subprocess("validate", "acme", "--format", "json", "--today", TODAY, cwd=tmp_path)
    assert {f["rule"] for f in check.json["findings"]} <= HONEST_RULES


names = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85\u2028\u2029"
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() == s and s)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=names, owner_name=names)
def test_any_system_name_is_written_as_valid_yaml(name: str, owner_name: str) -> None:
    opts = scaffold.InitOptions(
        root=Path("p"),
        name=name,
        frameworks=("soc2",),
        report_type=2,
        categories=("security",),
        period=(dt.date(2027, 1, 1), dt.date(2027, 6, 30)),
        owner="jane.doe",
        owner_name=owner_name,
    )
    doc = load_text("system.yaml", scaffold.render_system(opts))
    assert doc.findings == []
    assert validate_document(doc, "system") == set()
    assert doc.data["name"] == name
    assert doc.data["people"][0]["name"] == owner_name
    assert doc.data["reports"][0]["title"] == f"SOC 2 Type 2 examination of {name}"


# ---------------------------------------------------------------------------- terminal prompts


class Terminal:
    """A real pseudo-terminal around `python -m soccheck`, so stdin.isatty() is true."""

    def __init__(self, cwd: Path, *args: str) -> None:
        master, slave = pty.openpty()
        env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200", "TERM": "dumb"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "soccheck", *args],
            cwd=cwd,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.output = ""

    def expect(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{text!r} not seen; output so far:\n{self.output}")
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"{text!r} not seen before exit:\n{self.output}")
                self.output += chunk.decode("utf-8", "replace").replace("\r\n", "\n")

    def send(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\n")

    def finish(self, timeout: float = 60) -> int:
        try:
            while True:
                ready, _, _ = select.select([self.master], [], [], timeout)
                if not ready:
                    break
                chunk = os.read(self.master, 4096)
                if not chunk:
                    break
                self.output += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        except OSError:
            pass
        finally:
            os.close(self.master)
        return self.proc.wait(timeout=timeout)


def test_prompts_for_missing_options_on_a_terminal(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "init", "prog", "--today", TODAY, "--no-ci")
    term.expect("Framework (soc2, soc1, both) [soc2]: ")
    term.send("both")
    term.expect("privacy): ")
    term.send("availabilty")  # a typo is explained and asked again
    term.expect("did you mean 'availability'?")
    term.expect("privacy): ")
    term.send("availability")
    term.expect("Report type (1, 2) [2]: ")
    term.send("")
    term.expect("Period start [2026-12-01]: ")
    term.send("2027-01-01")
    term.expect("Period end [2027-06-30]: ")
    term.send("")
    term.expect("System name [prog]: ")
    term.send("Acme Payroll: Cloud")
    term.expect("empty to assign later): ")
    term.send("jane.doe")
    term.expect("Full name of jane.doe [jane.doe]: ")
    term.send("Jane Doe")
    assert term.finish() == 0, term.output
    assert "Created a SOC 1 and SOC 2 Type 2 (Security, Availability) program" in term.output
    system = load(tmp_path / "prog" / "system.yaml")
    assert system["name"] == "Acme Payroll: Cloud"
    assert system["people"] == [{"id": "jane.doe", "name": "Jane Doe"}]
    assert [r["period"] for r in system["reports"]] == [
        {"start": "2027-01-01", "end": "2027-06-30"}
    ] * 2


def test_no_input_never_prompts_even_on_a_terminal(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "init", "prog", "--today", TODAY, "--no-input", "--no-ci")
    assert term.finish() == 0, term.output
    assert "Framework" not in term.output
    assert "Created a SOC 2 Type 2 (Security) program in prog:" in term.output


# --------------------------------------------------------------------- the closing message


def _closing(run: Run) -> str:
    """init's output after the file list: the first check, before the next steps."""
    return run.stdout.split("\n\n'soccheck validate", 1)[1].split("\nNext steps:", 1)[0]


def _counts(root: Path, today: str) -> dict[str, int]:
    findings = run_cli("validate", root, "--format", "json", "--today", today).findings
    counts: dict[str, int] = {}
    for finding in findings:
        counts[str(finding["rule"])] = counts.get(str(finding["rule"]), 0) + 1
    return counts


def test_a_clean_new_program_says_why_it_is_clean_and_what_comes_when(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # init prints the directory as given
    root = tmp_path / "acme"
    run = init(Path("acme"), "--owner", "jane.doe", "--categories", "availability")
    assert run.exit_code == 0
    assert _counts(root, TODAY) == {}  # the period starts next month: nothing judged yet
    preview = _counts(root, "2026-12-01")
    assert preview == {"untested-control": 69}
    assert " ".join(_closing(run).split()) == (
        "acme' reports no findings yet: the period of report soc2-2027 starts on 2026-12-01, "
        "and soccheck does not judge testing before a period begins. From that day every "
        "control in scope needs an operating test performed in the period; if nothing is "
        "recorded by then, it will report 69 findings: untested-control 69 "
        "Preview that day with 'soccheck validate acme --today 2026-12-01'."
    )
    assert "\n  untested-control  69\n" in run.stdout


def test_findings_today_and_a_period_to_come_are_both_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # init prints the directory as given
    root = tmp_path / "acme"
    run = init(Path("acme"), "--framework", "both")
    assert run.exit_code == 0
    today, preview = _counts(root, TODAY), _counts(root, "2026-12-01")
    assert today == {"unknown-owner": 87}
    assert preview == {"unknown-owner": 87, "untested-control": 100}
    closing = _closing(run)
    assert closing.startswith(
        " acme' reports 87 findings, as expected for a program nobody has operated yet:\n"
        "  unknown-owner  87\n\n"
        "Testing is not judged yet: the periods of reports soc1-2027 and soc2-2027 start on\n"
        "2026-12-01."
    )
    assert "it will report 187 findings:\n  untested-control  100\n  unknown-owner     87\n" in (
        closing
    )


def test_a_period_under_way_is_judged_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # init prints the directory as given
    root = tmp_path / "acme"
    run = init(Path("acme"), "--owner", "jane.doe", "--period-start", "2026-06-01")
    assert run.exit_code == 0
    assert _counts(root, TODAY) == {"untested-control": 66}
    assert _closing(run) == (
        " acme' reports 66 findings, as expected for a program nobody has operated yet:\n"
        "  untested-control  66\n"
    )
