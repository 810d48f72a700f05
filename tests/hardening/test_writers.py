"""Every command that writes goes through one writer: regular files only, symlinks written
through (never out of the program), permissions kept, read-only files refused, and files
written together all or nothing.

Before, the atomic rename replaced whatever was at the path: ``report -o /dev/stdout`` (as
root) replaced the device with a regular file and printed nothing, a dangling symlink became a
regular file, and ``new control --file`` on a symlink to a file outside the program copied
that file into the repository. A JUnit report stayed written when the SARIF one failed.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, TODAY, dedent, run_cli, run_subprocess, write_program

SAAS = EXAMPLES / "saas"

ACCESS = dedent(
    """
    controls:
      - id: AC-01
        title: Access review
        description: Quarterly review of production access.
        owner: alice
        criteria: [CC6.1]
    """
)


def _one_line(stderr: str, *parts: str) -> None:
    assert stderr.count("\n") == 1 and stderr.startswith("soccheck: error: "), stderr
    for part in parts:
        assert part in stderr, stderr


def report(*args: str | Path) -> tuple[int, str, str]:
    run = run_cli("report", SAAS, "--today", TODAY, *args)
    return run.exit_code, run.stdout, run.stderr


# ------------------------------------------------------------------ what a destination may be


def test_dash_is_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = report("-f", "markdown", "-o", "-")
    assert (code, err) == (0, "")
    assert out.startswith("# Readiness report:")
    assert list(tmp_path.iterdir()) == []


def test_dash_for_validate_report_files_is_a_usage_error(program: Callable[..., Path]) -> None:
    run = run_cli("validate", program(), "--today", TODAY, "--sarif", "-")
    assert run.exit_code == 2
    assert "use --format sarif to print SARIF there" in " ".join(run.stderr.split())


def test_a_link_like_dev_stdout_to_a_pipe_is_refused_with_a_pointer_to_dash(
    tmp_path: Path,
) -> None:
    """What ``-o /dev/stdout`` is when the output goes to a pipe, made in the test's own
    directory (run on the code before this writer, the test would replace the machine's
    /dev/stdout with a regular file, as the issue found)."""
    stdout = tmp_path / "stdout"
    stdout.symlink_to("/proc/self/fd/1")
    run = run_subprocess("report", SAAS, "--today", TODAY, "-o", stdout)
    assert run.exit_code == 2
    _one_line(run.stderr, "it is a FIFO (named pipe)", "(for standard output, use -o -)")
    assert stdout.is_symlink()


def test_a_device_is_refused_not_replaced(tmp_path: Path) -> None:
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    except PermissionError:
        pytest.skip("creating a device node needs root")
    code, _, err = report("-o", device)
    assert code == 2
    _one_line(
        err,
        f"{device}: it is a character device; soccheck writes only regular files (for "
        "standard output, use -o -)",
    )
    assert stat.S_ISCHR(device.lstat().st_mode)


def test_a_fifo_is_refused_not_replaced_in_a_real_process(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for args in (("report", SAAS, "-o", fifo), ("validate", SAAS, "--junit-xml", fifo)):
        run = run_subprocess(*args, "--today", TODAY)
        assert run.exit_code == 2
        _one_line(run.stderr, f"{fifo}: it is a FIFO (named pipe)")
        assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_directory_given_as_a_report_file_is_refused(tmp_path: Path) -> None:
    run = run_cli("validate", SAAS, "--today", TODAY, "--sarif", tmp_path)
    assert run.exit_code == 2
    _one_line(run.stderr, "it is a directory")


def test_a_dangling_symlink_is_refused_and_stays_a_link(tmp_path: Path) -> None:
    link = tmp_path / "out.xml"
    link.symlink_to(tmp_path / "elsewhere" / "nothing.xml")
    for args in (("report", SAAS, "-o", link), ("validate", SAAS, "--junit-xml", link)):
        run = run_cli(*args, "--today", TODAY)
        assert run.exit_code == 2
        _one_line(run.stderr, "it is a symlink to a file that does not exist")
        assert link.is_symlink() and not (tmp_path / "elsewhere").exists()


def test_a_symlink_to_a_file_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "reports" / "readiness.md"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "latest.md"
    link.symlink_to(real)
    code, _, err = report("-f", "markdown", "-o", link)
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8").startswith("# Readiness report:")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


# -------------------------------------------------------------------------- read-only files


def test_a_read_only_report_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "readiness.txt"
    target.write_text("kept\n", encoding="utf-8")
    target.chmod(0o444)
    code, _, err = report("-o", target)
    assert code == 2
    _one_line(err, "it is read-only; make it writable (chmod u+w) to have soccheck replace it")
    assert target.read_text(encoding="utf-8") == "kept\n"


def test_init_replaces_a_read_only_file_only_with_force_and_keeps_its_mode(
    tmp_path: Path,
) -> None:
    root = tmp_path / "p"
    assert run_cli("init", root, "--today", TODAY, "--no-ci").exit_code == 0
    system = root / "system.yaml"
    system.write_text("name: mine\n", encoding="utf-8")
    system.chmod(0o444)
    assert run_cli("init", root, "--today", TODAY, "--no-ci").exit_code == 2
    run = run_cli("init", root, "--today", TODAY, "--no-ci", "--force")
    assert run.exit_code == 0, run.stderr
    assert system.read_text(encoding="utf-8").startswith("# yaml-language-server")
    assert stat.S_IMODE(system.stat().st_mode) == 0o444


def test_new_control_and_new_test_refuse_a_read_only_control_file(tmp_path: Path) -> None:
    root = write_program(tmp_path / "p", controls={"access.yaml": ACCESS})
    access = root / "controls" / "access.yaml"
    access.chmod(0o444)
    run = run_cli("new", "control", "AC-02", "--file", access)
    assert run.exit_code == 2
    _one_line(run.stderr, f"{access}: it is read-only; make it writable (chmod u+w)")
    run = run_cli("new", "test", "AC-01", "--root", root, "--today", TODAY)
    assert run.exit_code == 2
    _one_line(run.stderr, "access.yaml: it is read-only")
    assert access.read_text(encoding="utf-8") == ACCESS


# ------------------------------------------------------------------ symlinks in the program


def test_new_control_never_writes_through_a_symlink_out_of_the_program(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(ACCESS.replace("AC-01", "SECRET-01"), encoding="utf-8")
    root = write_program(tmp_path / "p")
    link = root / "controls" / "ext.yaml"
    link.symlink_to(outside)
    run = run_subprocess("new", "control", "AC-02", "--file", "controls/ext.yaml", cwd=root)
    assert run.exit_code == 2
    _one_line(run.stderr, "controls/ext.yaml: it leads outside the program root through a symlink")
    assert link.is_symlink()
    assert outside.read_text(encoding="utf-8") == ACCESS.replace("AC-01", "SECRET-01")
    written = [p for p in root.rglob("*.yaml") if not p.is_symlink()]
    assert "SECRET-01" not in "".join(p.read_text("utf-8") for p in written)


def test_new_control_never_creates_a_file_through_a_directory_link_out_of_the_program(
    tmp_path: Path,
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = write_program(tmp_path / "p")
    (root / "controls" / "shared").symlink_to(outside)
    run = run_cli("new", "control", "AC-02", "--file", root / "controls" / "shared" / "x.yaml")
    assert run.exit_code == 2
    _one_line(run.stderr, "it leads outside the program root")
    assert list(outside.iterdir()) == []


def test_new_control_writes_through_a_symlink_inside_the_program(tmp_path: Path) -> None:
    root = write_program(tmp_path / "p", extra={"shared/access.yaml": ACCESS})
    link = root / "controls" / "access.yaml"
    link.symlink_to(root / "shared" / "access.yaml")
    run = run_cli("new", "control", "AC-02", "--file", link)
    assert run.exit_code == 0, run.stderr
    assert link.is_symlink()
    assert "id: AC-02" in (root / "shared" / "access.yaml").read_text(encoding="utf-8")


def test_a_planted_lock_file_link_is_refused(tmp_path: Path) -> None:
    """The lock file is opened without following links: a link committed as .soccheck.lock
    cannot make soccheck create or open a file elsewhere."""
    root = write_program(tmp_path / "p", controls={"access.yaml": ACCESS})
    (root / ".soccheck.lock").symlink_to(tmp_path / "created-outside")
    run = run_cli("new", "control", "AC-02", "--file", root / "controls" / "access.yaml")
    assert run.exit_code == 2
    _one_line(run.stderr, ".soccheck.lock: it is a symlink; remove it")
    assert not (tmp_path / "created-outside").exists()


# ----------------------------------------------------------- report files: all or nothing


@pytest.mark.parametrize("existing", [False, True], ids=["new-junit", "existing-junit"])
def test_junit_is_not_written_when_sarif_fails(tmp_path: Path, existing: bool) -> None:
    """docs/ci.md: nothing is written on exit 2. The SARIF path cannot be written (its
    directory is a file), so the JUnit report, rendered and staged first, is not kept; an
    old one stays as it was, and directories created for it are removed."""
    junit = tmp_path / "reports" / "new" / "junit.xml"
    if existing:
        junit.parent.mkdir(parents=True)
        junit.write_text("previous run\n", encoding="utf-8")
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    run = run_subprocess(
        "validate", SAAS, "--today", TODAY, "--junit-xml", junit, "--sarif", blocker / "x.sarif"
    )
    assert run.exit_code == 2
    _one_line(run.stderr, "cannot write the SARIF report to", "no report was written")
    assert run.stdout == ""
    if existing:
        assert junit.read_text(encoding="utf-8") == "previous run\n"
    else:
        assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]


def test_sarif_is_not_written_when_junit_is_refused(tmp_path: Path) -> None:
    junit = tmp_path / "junit.xml"
    junit.write_text("read-only\n", encoding="utf-8")
    junit.chmod(0o444)
    sarif = tmp_path / "out.sarif"
    run = run_cli("validate", SAAS, "--today", TODAY, "--junit-xml", junit, "--sarif", sarif)
    assert run.exit_code == 2
    _one_line(run.stderr, "cannot write the JUnit XML report to", "it is read-only")
    assert not sarif.exists()
