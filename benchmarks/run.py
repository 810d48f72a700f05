"""Benchmark 'soccheck validate' against check-jsonschema on generated programs.

    python benchmarks/run.py                      # N = 100, 1,000, 10,000; 5 runs each
    python benchmarks/run.py --sizes 100,1000 --runs 3 --no-write

For each size N, a program with N controls is generated (benchmarks/generate.py, seed 1) and
two whole processes are timed, alternately, after one warm-up run each:

- ``python -m soccheck validate ROOT --today 2026-11-20`` (every rule, text output), and
- ``check-jsonschema --schemafile schemas/control.schema.json <the control files>``
  (schema validation only, no cross-file rules), from the same environment.

Reported: the median wall time and the median peak RSS of each (the RSS of that process
alone, from wait4()), their ratio, and the growth from one size to the next. The import
time of ``soccheck.cli.main`` (``python -X importtime``) and the wall time of
``python -m soccheck --version`` are measured too. Results are printed and written to
benchmarks/RESULTS.md with the machine described (CPU, cores, Python, load average), since
timings on a shared machine vary: rerun whenever a change could matter.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import itertools
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

TODAY = "2026-11-20"
TARGETS = {
    "small_wall": 0.2,  # N = 100: seconds
    "small_ratio": 0.6,  # N = 100: x check-jsonschema
    "large_wall": 3.0,  # N = 10,000: seconds
    "large_ratio": 0.35,  # N = 10,000: x check-jsonschema
    "large_rss": 400.0,  # N = 10,000: MB
    "growth": 11.0,  # 10x the controls: at most this many times the time
}


@dataclass
class Sample:
    wall: float
    rss_mb: float
    code: int


@dataclass
class Measured:
    size: int
    files: int
    soccheck: list[Sample]
    cjs: list[Sample]
    tree_rss: float | None = None
    """Peak RSS of soccheck with its worker processes (sampled)."""

    @staticmethod
    def median(samples: list[Sample], attr: str) -> float:
        return statistics.median(getattr(s, attr) for s in samples)

    @property
    def soccheck_wall(self) -> float:
        return self.median(self.soccheck, "wall")

    @property
    def cjs_wall(self) -> float:
        return self.median(self.cjs, "wall")


CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""Both tools run as installed, with their bytecode (pip compiles it at install time; some
sandboxes set PYTHONDONTWRITEBYTECODE, which would make every run compile soccheck anew)."""


def run_once(command: list[str], cwd: Path) -> Sample:
    """Run a command to completion; its wall time and its own peak RSS (wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=CHILD_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Sample(wall, rss, process.returncode)


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text(encoding="utf-8")
            except OSError:
                continue
            # pid (comm) state ppid ...: comm may hold spaces, so split after the ')'.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def tree_peak_rss(command: list[str], cwd: Path) -> float | None:
    """Peak of the summed RSS (MB) of a process and its worker processes, sampled from /proc
    every 20 ms (Linux only; None elsewhere). Shared pages count once per process."""
    if not Path("/proc/self/status").exists():
        return None
    process = subprocess.Popen(
        command, cwd=cwd, env=CHILD_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = 0
    while process.poll() is None:
        pids = [process.pid, *_children(process.pid)]
        peak = max(peak, sum(_rss_kib(pid) for pid in pids))
        time.sleep(0.02)
    return peak / 1024


def soccheck_command(root: Path) -> list[str]:
    return [sys.executable, "-m", "soccheck", "validate", str(root), "--today", TODAY]


def cjs_command(root: Path) -> list[str]:
    executable = Path(sys.executable).parent / "check-jsonschema"
    if not executable.exists():
        found = shutil.which("check-jsonschema")
        if found is None:
            raise SystemExit("check-jsonschema is not installed (pip install check-jsonschema)")
        executable = Path(found)
    files = sorted(str(p) for p in (root / "controls").rglob("*.yaml"))
    schema = REPO / "schemas" / "control.schema.json"
    return [str(executable), "--schemafile", str(schema), *files]


def measure(size: int, workdir: Path, runs: int) -> Measured:
    root = workdir / f"program-{size}"
    marker = root / ".generated"
    if not marker.exists():
        generate(size, root)
        marker.write_text(f"{size}\n", encoding="utf-8")
    files = sum(1 for _ in (root / "controls").rglob("*.yaml"))
    ours, theirs = soccheck_command(root), cjs_command(root)
    for command in (ours, theirs):  # warm-up: page cache, bytecode
        sample = run_once(command, REPO)
        if sample.code != 0:
            raise SystemExit(f"{command[:4]} exited {sample.code} on a clean program")
    result = Measured(size, files, [], [])
    for _ in range(runs):
        result.soccheck.append(run_once(ours, REPO))
        result.cjs.append(run_once(theirs, REPO))
    result.tree_rss = tree_peak_rss(ours, REPO)
    return result


def import_time() -> tuple[float, float]:
    """(cumulative import time of soccheck.cli.main in s, median wall time of --version in s)."""
    times = []
    for _ in range(5):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import soccheck.cli.main"],
            cwd=REPO,
            env=CHILD_ENV,
            capture_output=True,
            text=True,
            check=True,
        )
        for line in done.stderr.splitlines():
            match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|\s*soccheck\.cli\.main$", line)
            if match:
                times.append(int(match.group(1)) / 1e6)
    version = [
        run_once([sys.executable, "-m", "soccheck", "--version"], REPO).wall for _ in range(5)
    ]
    return statistics.median(times), statistics.median(version)


def machine() -> dict[str, str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or "unknown"
    return {
        "CPU": model,
        "cores (nproc)": str(os.cpu_count()),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "OS": f"{platform.system()} {platform.release()}",
    }


def calibration() -> float:
    """Seconds a fixed pure-Python loop takes now: shared virtual machines slow down and speed
    up (steal time), which the load average does not show."""
    start = time.process_time()
    total = 0
    for i in range(3_000_000):
        total += i
    return time.process_time() - start


def load() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "n/a"
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def report(
    results: list[Measured], imports: tuple[float, float], loads: list[str], speed: list[float]
) -> str:
    by_size = {r.size: r for r in results}
    lines = [
        "# Benchmark results",
        "",
        f"Measured {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} with "
        "`python benchmarks/run.py` (median of "
        f"{len(results[0].soccheck)} runs after one warm-up; programs from "
        "`benchmarks/generate.py N`, seed 1: ~10 controls per file, 3 tests each, every "
        "evidence file present, every criterion covered, no findings).",
        "",
        "How soccheck gets there, and where the time goes: [README.md](README.md).",
        "",
        "| machine | |",
        "| --- | --- |",
        *(f"| {key} | {value} |" for key, value in machine().items()),
        f"| load average (1/5/15 min) before / after | {loads[0]} — {loads[-1]} |",
        "| calibration (a 3,000,000-step Python loop) before / after "
        f"| {speed[0]:.3f} s — {speed[-1]:.3f} s |",
        "",
        "`soccheck` = `python -m soccheck validate ROOT --today 2026-11-20` (every rule; "
        "worker processes for 200 or more control files, `--jobs` default).",
        "`check-jsonschema` = `check-jsonschema --schemafile schemas/control.schema.json "
        "<control files>` (schema validation only). Both run from the same virtualenv with "
        "their bytecode compiled, as pip installs them.",
        "",
        "| controls | control files | soccheck wall | soccheck peak RSS | check-jsonschema wall "
        "| check-jsonschema peak RSS | ratio |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r.size:,} | {r.files:,} | {r.soccheck_wall:.3f} s "
            f"| {Measured.median(r.soccheck, 'rss_mb'):.0f} MB | {r.cjs_wall:.3f} s "
            f"| {Measured.median(r.cjs, 'rss_mb'):.0f} MB "
            f"| {r.soccheck_wall / r.cjs_wall:.2f}x |"
        )
    lines += [
        "",
        "Peak RSS is that of the soccheck process itself (from wait4). With 200 or more "
        "control files it also runs worker processes; soccheck and its workers together, "
        "sampled from /proc every 20 ms in one more run: "
        + ", ".join(
            f"N = {r.size:,}: {r.tree_rss:.0f} MB" for r in results if r.tree_rss is not None
        )
        + ".",
    ]
    lines += ["", "All runs (wall seconds):", ""]
    for r in results:
        ours = ", ".join(f"{s.wall:.2f}" for s in r.soccheck)
        theirs = ", ".join(f"{s.wall:.2f}" for s in r.cjs)
        lines.append(f"- N = {r.size:,}: soccheck {ours}; check-jsonschema {theirs}")
    growth = []
    sizes = sorted(by_size)
    for small, large in itertools.pairwise(sizes):
        factor = by_size[large].soccheck_wall / by_size[small].soccheck_wall
        growth.append((small, large, factor))
    lines += ["", "Growth:", ""]
    for small, large, factor in growth:
        lines.append(
            f"- {small:,} → {large:,} controls ({large // small}x): {factor:.1f}x the time"
        )
    cli_import, version = imports
    lines += [
        "",
        "Import time of `soccheck.cli.main` "
        "(`python -X importtime -c 'import soccheck.cli.main'`, "
        f"cumulative, median of 5): {cli_import * 1000:.0f} ms. "
        f"Wall time of a whole `python -m soccheck --version` process: {version * 1000:.0f} ms.",
        "",
        "## Targets (issue 7)",
        "",
        "| target | measured | |",
        "| --- | --- | --- |",
    ]
    small, large = by_size.get(100), by_size.get(10_000)
    if small is not None:
        ratio = small.soccheck_wall / small.cjs_wall
        lines.append(
            f"| N = 100: ≤ {TARGETS['small_wall']} s | {small.soccheck_wall:.3f} s "
            f"| {verdict(small.soccheck_wall <= TARGETS['small_wall'])} |"
        )
        lines.append(
            f"| N = 100: ≤ {TARGETS['small_ratio']}x check-jsonschema | {ratio:.2f}x "
            f"| {verdict(ratio <= TARGETS['small_ratio'])} |"
        )
    if large is not None:
        ratio = large.soccheck_wall / large.cjs_wall
        rss = max(Measured.median(large.soccheck, "rss_mb"), large.tree_rss or 0)
        lines.append(
            f"| N = 10,000: ≤ {TARGETS['large_wall']} s | {large.soccheck_wall:.3f} s "
            f"| {verdict(large.soccheck_wall <= TARGETS['large_wall'])} |"
        )
        lines.append(
            f"| N = 10,000: ≤ {TARGETS['large_ratio']}x check-jsonschema | {ratio:.2f}x "
            f"| {verdict(ratio <= TARGETS['large_ratio'])} |"
        )
        lines.append(
            f"| N = 10,000: peak RSS ≤ {TARGETS['large_rss']:.0f} MB (with workers) "
            f"| {rss:.0f} MB "
            f"| {verdict(rss <= TARGETS['large_rss'])} |"
        )
    for small_n, large_n, factor in growth:
        lines.append(
            f"| {small_n:,} → {large_n:,}: ≤ {TARGETS['growth']:.0f}x the time | {factor:.1f}x "
            f"| {verdict(factor <= TARGETS['growth'])} |"
        )
    lines.append(
        f"| `soccheck --version` import ≤ 0.1 s | {cli_import * 1000:.0f} ms "
        f"| {verdict(cli_import <= 0.1)} |"
    )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated N")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(os.environ.get("TMPDIR", "/tmp")) / "soccheck-bench",
        help="where generated programs are kept (reused between runs)",
    )
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--no-write", action="store_true", help="only print the results")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    args.workdir.mkdir(parents=True, exist_ok=True)
    compileall.compile_dir(REPO / "soccheck", quiet=1)

    loads, speed = [load()], [calibration()]
    results = []
    for size in sizes:
        print(f"N = {size:,} ...", file=sys.stderr, flush=True)
        results.append(measure(size, args.workdir, args.runs))
        loads.append(load())
    imports = import_time()
    loads.append(load())
    speed.append(calibration())
    text = report(results, imports, loads, speed)
    print(text)
    if not args.no_write:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
