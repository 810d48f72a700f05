"""Hostile and broken input: findings and non-zero exits, never tracebacks, hangs or writes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from soccheck.checks.findings import Place, compose, shorten
from soccheck.checks.rules.registry import RULES
from tests.conftest import (
    REPO,
    SYSTEM,
    TODAY,
    passing_test_block,
    run_cli,
    run_subprocess,
    validate_json,
)

CONTROL = (
    "controls:\n"
    "  - id: AC-01\n"
    "    title: Access review\n"
    "    description: Quarterly review of production access.\n"
    "    owner: alice\n"
    "    criteria: [CC6.1]\n"
    "    frequency: annual\n"
) + passing_test_block("T-AC-01")


def _snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    return {
        str(p): (p.stat().st_mtime_ns, p.read_bytes())
        for p in root.rglob("*")
        if p.is_file() and not p.is_symlink()
    }


def test_symlink_to_a_file_outside_the_root_is_not_read(
    program: Callable[..., Path], tmp_path: Path
) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text(CONTROL.replace("AC-01", "SECRET-01"))
    root = program()
    (root / "controls" / "leak.yaml").symlink_to(secret)
    run = validate_json(root)
    assert run.where("path-outside-root") == [("controls/leak.yaml", 1, 1, None)]
    assert "SECRET-01" not in run.stdout.replace("secret.yaml", "")
    assert run.exit_code == 1


def test_symlink_inside_the_root_is_read(program: Callable[..., Path]) -> None:
    root = program(extra={"shared/access.yaml": CONTROL})
    (root / "controls" / "access.yaml").symlink_to(root / "shared" / "access.yaml")
    run = validate_json(root)
    assert run.exit_code == 0, run.findings
    assert run.json["summary"]["controls"] == 2


def test_symlink_loops_do_not_hang(program: Callable[..., Path]) -> None:
    root = program()
    (root / "controls" / "loop").symlink_to(root / "controls")  # directory loop
    (root / "controls" / "a.yaml").symlink_to(root / "controls" / "b.yaml")
    (root / "controls" / "b.yaml").symlink_to(root / "controls" / "a.yaml")  # file loop
    run = validate_json(root)
    assert [(f["path"], f["rule"]) for f in run.findings] == [
        ("controls/a.yaml", "file-unreadable"),
        ("controls/b.yaml", "file-unreadable"),
    ]


def test_broken_symlink_is_a_finding(program: Callable[..., Path]) -> None:
    root = program()
    (root / "controls" / "gone.yaml").symlink_to(root / "controls" / "missing.yaml")
    run = validate_json(root)
    assert run.where("file-unreadable") == [("controls/gone.yaml", 1, 1, None)]


def test_fifo_is_not_opened(program: Callable[..., Path]) -> None:
    root = program()
    os.mkfifo(root / "controls" / "pipe.yaml")
    run = validate_json(root)  # opening the FIFO for reading would block forever
    assert run.where("file-unreadable") == [("controls/pipe.yaml", 1, 1, None)]


def test_permission_denied_is_a_finding(program: Callable[..., Path]) -> None:
    """Root ignores file modes, so run as a non-root user in a user namespace."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not available")
    root = program(controls={"locked.yaml": CONTROL})
    (root / "controls" / "locked.yaml").chmod(0)
    command = [sys.executable, "-m", "soccheck", "validate", str(root), "--format", "json"]
    if os.geteuid() == 0:
        command = ["unshare", "--user", "--map-user=1000", "--map-group=1000", *command]
    proc = subprocess.run(
        command,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    if os.geteuid() == 0 and "unshare" in proc.stderr:
        pytest.skip(f"user namespaces unavailable: {proc.stderr.strip()}")
    assert proc.returncode == 1, proc.stderr
    findings = json.loads(proc.stdout)["findings"]
    assert [(f["path"], f["rule"], f["message"]) for f in findings] == [
        ("controls/locked.yaml", "file-unreadable", "cannot be read: permission denied")
    ]


def test_size_limit_is_configurable(program: Callable[..., Path]) -> None:
    big = CONTROL + "# " + "x" * 2000 + "\n"
    root = program(
        controls={"big.yaml": big}, extra={"soccheck.yaml": "limits:\n  max_file_size: 1000\n"}
    )
    run = validate_json(root)
    [finding] = run.findings
    assert (finding["path"], finding["rule"]) == ("controls/big.yaml", "file-too-large")
    assert "1,000-byte limit" in finding["message"]


def test_depth_and_node_limits_are_configurable(program: Callable[..., Path]) -> None:
    """``limits`` in soccheck.yaml governs both YAML readers: the fast one gives these files
    up and the full one reports them, at the configured limits, not the defaults."""
    deep = "".join(f"{'  ' * i}k{i}:\n" for i in range(10)) + "  " * 10 + "leaf: 1\n"
    many = "items:\n" + "".join(f"  - {i}\n" for i in range(400))
    limits = "limits:\n  max_depth: 8\n  max_nodes: 300\n"
    root = program(controls={"deep.yaml": deep, "many.yaml": many}, extra={"soccheck.yaml": limits})
    run = validate_json(root)
    assert [(f["path"], f["rule"], f["message"]) for f in run.findings] == [
        ("controls/deep.yaml", "yaml-limits", "YAML nested more than 8 levels deep"),
        ("controls/many.yaml", "yaml-limits", "file has more than 300 YAML nodes; split it"),
    ]
    (root / "soccheck.yaml").unlink()  # the defaults read both files (and find them wrong)
    assert "yaml-limits" not in validate_json(root).rules()


def test_default_size_limit_is_5_mib(program: Callable[..., Path]) -> None:
    root = program()
    with open(root / "controls" / "huge.yaml", "w") as handle:
        handle.write("controls: []\n" + "#" * (5 * 1024 * 1024) + "\n")
    run = validate_json(root)
    assert run.rules() == ["file-too-large"]


def test_extremely_long_lines_and_strings(program: Callable[..., Path]) -> None:
    long_title = "t" * 1_000_000
    text = CONTROL.replace("title: Access review", f"title: {long_title}").replace(
        "owner: alice", "owner: " + "o" * 200_000
    )
    run = validate_json(program(controls={"long.yaml": text}))
    [finding] = run.findings
    assert finding["rule"] == "unknown-owner"
    assert len(finding["message"]) <= 1000  # long values are quoted only in part


HUGE_OWNER = "o" * 200_000


def _hostile_program(tmp_path: Path) -> Path:
    """A repository with a program in compliance/ whose AC-01 has a 200,000-character owner
    and whose waiver has a 200,000-character approver: two messages naming system.yaml."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    root = tmp_path / "repo" / "compliance"
    (root / "controls").mkdir(parents=True)
    (root / "system.yaml").write_text(SYSTEM, encoding="utf-8")
    control = CONTROL.replace("owner: alice", f"owner: {HUGE_OWNER}")
    (root / "controls" / "access.yaml").write_text(control, encoding="utf-8")
    (root / "soccheck.yaml").write_text(
        "waivers:\n"
        "  - rule: missing-owner\n"
        "    subject: AC-01\n"
        "    reason: Owner being appointed.\n"
        f"    approved_by: {'p' * 200_000}\n"
        "    expires: 2026-12-31\n",
        encoding="utf-8",
    )
    return root


OWNER_END = "' of control 'AC-01' is not a person or team defined in {}"
APPROVER_END = "' is not a person in {}; the waiver does not apply until this is fixed"


def test_a_long_message_keeps_the_places_it_names(tmp_path: Path) -> None:
    """A message cut to 1,000 characters loses the middle of the value it quotes, not the
    places it names: each output still shows those its own way."""
    root = _hostile_program(tmp_path)
    data = validate_json(root)
    messages = {f["rule"]: f["message"] for f in data.findings}
    owner, approver = messages["unknown-owner"], messages["waiver-approver"]
    assert len(owner) == len(approver) == 1000
    assert owner.startswith("owner 'ooo") and "o…o" in owner
    assert owner.endswith(OWNER_END.format("system.yaml"))
    assert approver.startswith("waiver of missing-owner for 'AC-01': approved_by 'ppp")
    assert "p…p" in approver
    assert approver.endswith(APPROVER_END.format("system.yaml"))
    text = run_subprocess("validate", "--today", TODAY, cwd=root / "controls")
    assert text.exit_code == 1, text.stderr
    lines = text.stdout.splitlines()
    assert next(line for line in lines if " unknown-owner " in line).endswith(
        OWNER_END.format("../system.yaml")
    )
    assert next(line for line in lines if " waiver-approver " in line).endswith(
        APPROVER_END.format("../system.yaml")
    )
    github = run_subprocess(
        "validate", "compliance", "--format", "github", "--today", TODAY, cwd=root.parent
    )
    assert OWNER_END.format("compliance/system.yaml") + "\n" in github.stdout


def test_shorten_cuts_the_longest_text_and_never_a_place() -> None:
    place = Place("controls/" + "d/" * 20 + "access.yaml", 7)
    parts = ("a" * 600, place, "b" * 300, Place("system.yaml"), "c" * 900)
    cut = shorten(parts, 1000)
    assert len(compose(cut)) == 1000
    assert cut[1] == place and cut[3] == Place("system.yaml")
    first, _, second, _, third = cut
    assert isinstance(first, str) and isinstance(second, str) and isinstance(third, str)
    assert (first, second) == ("a" * 600, "b" * 300)
    assert third.startswith("c") and third.endswith("c") and third.count("…") == 1
    # Places longer than the limit stay whole; every text part is cut to its mark.
    long_place = Place("p/" * 600 + "system.yaml")
    assert shorten(("x" * 50, long_place, "y" * 50), 1000) == ("…", long_place, "…")
    assert shorten(("short", place), 1000) == ("short", place)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- id: AC-01\n", "must be a mapping"),
        ("just a string\n", "must be a mapping"),
        ("null\n", "is empty"),
        ("42\n", "must be a mapping"),
    ],
)
def test_wrong_top_level_types(program: Callable[..., Path], text: str, message: str) -> None:
    for target in ("controls", "system"):
        if target == "controls":
            root = program(controls={"top.yaml": text})
        else:
            root = program(system=text)
        run = validate_json(root)
        assert run.exit_code == 1
        relevant = [f for f in run.findings if message in f["message"]]
        assert relevant, (target, run.findings)
        assert relevant[0]["line"] == 1


def test_unicode_ids_are_rejected_so_nfc_and_nfd_cannot_collide(
    program: Callable[..., Path],
) -> None:
    nfc = unicodedata.normalize("NFC", "ZUGRIFF-Ö1")
    nfd = unicodedata.normalize("NFD", "ZUGRIFF-Ö1")
    assert nfc != nfd
    second = CONTROL.split("\n", 1)[1].replace("T-AC-01", "T-AC-02")
    text = CONTROL.replace("id: AC-01", f"id: {nfc}") + second.replace("id: AC-01", f"id: {nfd}")
    run = validate_json(program(controls={"unicode.yaml": text}))
    ids = [f for f in run.findings if "is not a valid ID" in f["message"]]
    assert [f["line"] for f in ids] == [2, 18]
    assert run.exit_code == 1


def test_unicode_names_are_fine(program: Callable[..., Path]) -> None:
    text = CONTROL.replace("title: Access review", "title: Zugriffsprüfung — 四半期 🔐")
    run = validate_json(program(controls={"names.yaml": text}))
    assert run.exit_code == 0, run.findings


def test_system_path_outside_the_root_is_refused(program: Callable[..., Path]) -> None:
    root = program(extra={"soccheck.yaml": "system: ../../etc/passwd\n"})
    run = run_cli("validate", root)
    assert run.exit_code == 2
    assert "must be a path relative to the program root and inside it" in run.stderr


def test_control_globs_outside_the_root_are_ignored_with_a_finding(
    program: Callable[..., Path], tmp_path: Path
) -> None:
    (tmp_path / "outside.yaml").write_text(CONTROL.replace("AC-01", "OUT-01"))
    config = "controls:\n  - controls/**/*.yaml\n  - ../*.yaml\n"
    run = validate_json(program(extra={"soccheck.yaml": config}))
    assert run.where("config") == [("soccheck.yaml", 3, 5, None)]
    assert "OUT-01" not in run.stdout


def test_internal_errors_exit_2_with_one_line_naming_what_failed(
    program: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inject a fault into one rule: the run must fail safe, not print a traceback."""
    import dataclasses

    def explode(ctx: object) -> list[object]:
        raise ValueError("boom")

    broken = dataclasses.replace(RULES["missing-owner"], check=explode)
    monkeypatch.setitem(RULES, "missing-owner", broken)
    root = program(controls={"a.yaml": CONTROL})
    run = run_cli("validate", root)
    assert run.exit_code == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "internal error while running rule missing-owner: ValueError: boom" in lines[0]
    assert "Traceback" not in run.stderr
    debug = run_cli("validate", root, "--debug")
    assert debug.exit_code == 2
    assert "Traceback" in debug.stderr


def test_vanished_root_exits_2(tmp_path: Path) -> None:
    root = tmp_path / "gone"
    root.mkdir()
    shutil.rmtree(root)
    run = run_cli("validate", root)
    assert run.exit_code == 2
    assert "does not exist" in run.stderr


def test_validate_never_modifies_hostile_files(program: Callable[..., Path]) -> None:
    root = program(
        controls={
            "bad.yaml": "controls: [\n",
            "dup.yaml": "a: 1\na: 2\n",
            "tag.yaml": "a: !!python/object:os.system x\n",
        }
    )
    before = _snapshot(root)
    validate_json(root)
    assert _snapshot(root) == before
    assert sorted(p.name for p in (root / "controls").iterdir()) == [
        "_coverage.yaml",
        "bad.yaml",
        "dup.yaml",
        "tag.yaml",
    ]


def test_alias_bomb_memory_stays_bounded(program: Callable[..., Path]) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 12):
        prev, cur = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    root = program(controls={"bomb.yaml": "\n".join(lines) + "\n"})
    # The peak resident size the process reports itself (wait4's ru_maxrss would inherit
    # the size of this test process; see tests/hardening/test_limits.py).
    from tests.hardening.test_limits import _MEASURED

    proc = subprocess.run(
        [sys.executable, "-c", _MEASURED, "validate", str(root), "--today", TODAY],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=False,
    )
    stdout = proc.stdout
    peak_kib = int(proc.stderr.strip().splitlines()[-1].split()[1])
    assert proc.returncode == 1
    assert peak_kib < 300 * 1024
    assert "yaml-limits" in stdout
