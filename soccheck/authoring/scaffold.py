"""``soccheck init``: plan and write a new SOC program from the starter library.

Planning is pure (options in, file texts out) so it can be tested and shown before anything is
written. Writing refuses to replace existing files unless asked, and writes the program all or
nothing (:func:`write`).
The program written validates without schema or YAML findings; what ``soccheck validate`` still
reports on day one (placeholder owners, untested controls in a Type 2) is the honest state of a
program nobody has operated yet.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import errno
import os
import re
import shlex
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from soccheck._version import PUBLISHED, REPOSITORY_URL, __version__
from soccheck.authoring import starter, yamledit
from soccheck.format.schema import SCHEMA_FILES, SchemaName, schema_id
from soccheck.support import fileio

Framework = Literal["soc1", "soc2"]
SchemaLocation = Literal["local", "url"]

CATEGORY_NAMES = {
    "security": "Security",
    "availability": "Availability",
    "processing_integrity": "Processing Integrity",
    "confidentiality": "Confidentiality",
    "privacy": "Privacy",
}
LOCAL_SCHEMA_DIR = ".soccheck/schemas"
PRE_COMMIT_CONFIG = ".pre-commit-config.yaml"
WORKFLOW = ".github/workflows/soccheck.yml"
SOCCHECK_REPOSITORY = REPOSITORY_URL
"""Where the pre-commit hook and the CI install come from (release tags ``v<version>``)."""
WORKFLOW_SCHEMA = "https://json.schemastore.org/github-workflow.json"
PRE_COMMIT_SCHEMA = "https://json.schemastore.org/pre-commit-config.json"
DEFAULT_PERIOD_MONTHS = 6
"""First Type 2 reports usually cover 3 to 6 months; 12 is usual once a program is running."""


@dataclass(frozen=True)
class InitOptions:
    root: Path
    name: str
    frameworks: tuple[Framework, ...]
    report_type: Literal[1, 2]
    categories: tuple[str, ...] = ()
    """SOC 2 categories in catalog order, security first; empty without SOC 2."""
    period: tuple[dt.date, dt.date] | None = None
    as_of: dt.date | None = None
    owner: str | None = None
    owner_name: str | None = None
    schemas: SchemaLocation = "local"
    ci: bool = True

    @property
    def scope(self) -> starter.Scope:
        return starter.Scope(frozenset(self.frameworks), frozenset(self.categories))

    @property
    def label(self) -> str:
        """'SOC 2 Type 2 (Security, Availability)'."""
        names = " and ".join(f"SOC {f[-1]}" for f in self.frameworks)
        text = f"{names} Type {self.report_type}"
        if self.categories:
            text += " (" + ", ".join(CATEGORY_NAMES[c] for c in self.categories) + ")"
        return text


@dataclass(frozen=True)
class PlannedFile:
    path: str
    """POSIX path relative to the program root."""
    text: str
    summary: str


@dataclass
class Plan:
    files: list[PlannedFile]
    controls: int
    evidence_folders: int
    repository: Path | None = None
    """The enclosing git work tree when the program is a subdirectory of one."""
    notes: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------------- dates


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), clamped to the end of a shorter month and
    to the calendar (years 1 to 9999): ``init --today`` may be any date, and a default
    period that would run past 9999-12-31 ends on it instead of failing."""
    index = day.year * 12 + day.month - 1 + months
    if index < _FIRST_MONTH:
        return dt.date.min
    if index > _LAST_MONTH:
        return dt.date.max
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


# The calendar's first and last months, counted as year * 12 + month - 1.
_FIRST_MONTH = dt.date.min.year * 12
_LAST_MONTH = dt.date.max.year * 12 + 11


def _day_before_months_after(day: dt.date, months: int) -> dt.date:
    """The last day of the ``months`` (at least 1) calendar months from ``day``: the day
    before ``add_months(day, months)``, or the calendar's last day when that is past it."""
    if day.year * 12 + day.month - 1 + months > _LAST_MONTH:
        return dt.date.max
    return add_months(day, months) - dt.timedelta(days=1)


def period_end_for(start: dt.date) -> dt.date:
    """The last day of a default-length period that starts on ``start``."""
    return _day_before_months_after(start, DEFAULT_PERIOD_MONTHS)


def period_start_for(end: dt.date) -> dt.date:
    """The first day of a default-length period that ends on ``end``."""
    if end == dt.date.max:  # the day after it is past the calendar: count from December
        return add_months(dt.date(dt.MAXYEAR, 12, 1), 1 - DEFAULT_PERIOD_MONTHS)
    return add_months(end + dt.timedelta(days=1), -DEFAULT_PERIOD_MONTHS)


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """Six months starting on the first day of next month: controls need time to run."""
    start = add_months(today.replace(day=1), 1)
    return start, period_end_for(start)


def default_as_of(today: dt.date) -> dt.date:
    """The last day of the third month from now: time to put the controls in place."""
    return _day_before_months_after(today.replace(day=1), 4)


# --------------------------------------------------------------------------------- rendering


def _schema_ref(opts: InitOptions, name: SchemaName, file: str) -> str:
    if opts.schemas == "url":
        return schema_id(name)
    target = f"{LOCAL_SCHEMA_DIR}/{SCHEMA_FILES[name]}"
    directory = os.path.dirname(file)
    return Path(os.path.relpath(target, directory or ".")).as_posix()


def _report_lines(opts: InitOptions, framework: Framework) -> list[str]:
    end = opts.period[1] if opts.period else opts.as_of
    assert end is not None
    kind = f"SOC {framework[-1]} Type {opts.report_type}"
    title = f"{kind} examination of {opts.name}"
    lines = [
        f"  - id: {framework}-{end.year}",
        f"    framework: {framework}",
        f"    type: {opts.report_type}",
        f"    title: {yamledit.scalar(title)}",
    ]
    if opts.period is not None:
        start, end = opts.period
        lines += [
            "    period:",
            f"      start: {start.isoformat()}",
            f"      end: {end.isoformat()}",
        ]
    else:
        assert opts.as_of is not None
        lines.append(f"    as_of: {opts.as_of.isoformat()}")
    if framework == "soc2":
        lines.append(f"    categories: [{', '.join(opts.categories)}]")
    return lines


SYSTEM_INTRO = """\
# The system description: what is examined, for which reports, and who runs the controls.
# Generated by `soccheck init` (soccheck {version}). Everything below is yours to edit.
"""

SYSTEM_DESCRIBE = """\
# Describe the system before the examination starts; auditors read these first.
# description: >-
#   What the system does and what it is made of: infrastructure, software, people,
#   procedures and data (description criterion DC3).
# services: >-
#   The services provided to customers (DC1).
# commitments:
#   - Principal commitments to customers and system requirements (DC2), for example
#     availability targets, encryption, or incident notification times.
"""

PEOPLE_EXAMPLE = """\
# People who own, perform or test controls. Every control owner must be a person or a team
# defined here; the starter controls say OWNER until you assign them.
# people:
#   - id: jane.doe
#     name: Jane Doe
#     title: Head of Security
#     email: jane.doe@example.com
"""

SYSTEMS = """\

# The systems the controls run on or over (DC3). The starter controls that are automated or
# IT-dependent name `production`, and so do the IT general controls over it (`layer: itgc`),
# which support them. Describe it, and split it into the systems you really run (an HR
# platform, a payments engine) when their IT general controls differ.
systems:
  - id: production
    name: {name}
    description: The applications, databases and infrastructure that provide the services.
"""

TEAMS_AND_VENDORS = """\
# Teams can own controls too:
# teams:
#   - id: security
#     name: Security
#     lead: jane.doe
#     members: [jane.doe]

# Vendors your controls depend on (DC7). A carve-out vendor's controls are not part of your
# report: list the controls you expect the vendor to operate (CSOCs), each with the criteria
# or objectives it supports, and record the vendor's own SOC report and who reviewed it.
# subservice_organizations:
#   - id: cloud-provider
#     name: The cloud hosting provider
#     services: Hosting of the production environment, including its data centers.
#     method: carve-out
#     csocs:
#       - id: CSOC-01
#         description: Physical access to the data centers is restricted to authorized personnel.
#         criteria: [CC6.4]
#     soc_report: {type: 2, period_end: YYYY-MM-DD, received_on: YYYY-MM-DD, reviewed_by: ID}
"""

CUEC_EXAMPLE = """\
# Controls you expect your customers to operate (complementary user entity controls, DC6):
# cuecs:
#   - id: CUEC-01
#     description: Customers grant access to their account only to authorized users.
#     criteria: [CC6.2]
"""


def render_system(opts: InitOptions) -> str:
    parts = [
        yamledit.modeline(_schema_ref(opts, "system", "system.yaml")),
        SYSTEM_INTRO.format(version=__version__),
        f"name: {yamledit.scalar(opts.name)}\n",
        SYSTEM_DESCRIBE,
        "\n",
        "# The examinations this program prepares for. The dates are soccheck's defaults:\n"
        "# set them to the ones agreed with your service auditor.\n",
        "reports:\n",
    ]
    for framework in opts.frameworks:
        parts.append("\n".join(_report_lines(opts, framework)) + "\n")
    parts.append("\n")
    if "soc1" in opts.frameworks:
        parts.append(
            "# SOC 1 control objectives and the controls you expect of your customers (CUECs),\n"
            "# from the soccheck starter library for a payroll and payments processor.\n"
        )
        parts.append(starter.objectives_text().rstrip("\n") + "\n\n")
    if opts.owner is not None:
        parts.append(
            "# People who own, perform or test controls. Every control owner must be a person\n"
            "# or a team defined here.\n"
            "people:\n"
            f"  - id: {yamledit.scalar(opts.owner)}\n"
            f"    name: {yamledit.scalar(opts.owner_name or opts.owner)}\n"
        )
    else:
        parts.append(PEOPLE_EXAMPLE)
    parts.append(SYSTEMS.format(name=yamledit.scalar(f"{opts.name} production environment")))
    parts.append("\n" + TEAMS_AND_VENDORS)
    if "soc1" not in opts.frameworks:
        parts.append("\n" + CUEC_EXAMPLE)
    return "".join(parts)


CONFIG_TEMPLATE = """\
# soccheck configuration. Every key is optional; the values below are the defaults.
# `soccheck rules` lists the rules and `soccheck explain RULE` says what each one checks.
system: system.yaml
controls:
  - controls/**/*.yaml
  - controls/**/*.yml
fail_on: error

# Change a rule's severity (error or warning) or turn it off:
# rules:
#   inactive-owner: warning

# Accepted, expiring exceptions. They stay visible in every report, and the approver must be
# a person in system.yaml who neither owns the control concerned nor leads or belongs to the
# team that owns it (replace APPROVER):
# waivers:
#   - rule: untested-control
#     subject: BC-04
#     reason: The annual recovery exercise is scheduled after the end of the period.
#     approved_by: APPROVER
#     expires: {expires}
#     ticket: SEC-123
"""


def render_config(opts: InitOptions) -> str:
    end = opts.period[1] if opts.period else opts.as_of
    assert end is not None
    return yamledit.modeline(_schema_ref(opts, "config", "soccheck.yaml")) + CONFIG_TEMPLATE.format(
        expires=end.isoformat()
    )


def render_control_file(opts: InitOptions, file: starter.StarterFile) -> str:
    return yamledit.modeline(_schema_ref(opts, "control", f"controls/{file.name}")) + file.body


def render_evidence_readme(path: str, controls: list[tuple[str, str, str]]) -> str:
    """README of an evidence folder: what to keep there, and for which controls."""
    lines = [
        f"# Evidence: {path}",
        "",
        "Keep here the evidence that these controls operated:",
        "",
    ]
    for control_id, title, description in controls:
        lines.append(f"- **{control_id}** {title}: {description}")
    lines += [
        "",
        "Nothing has been collected yet: this folder was created by `soccheck init` so that the",
        "controls' evidence references resolve. Name files after the period or date they cover",
        "(for example `2027-q1-review.pdf`) so an auditor can sample them. If this evidence",
        "lives in another system (a GRC tool, a ticketing system), replace the control's",
        "`path:` entry with a `url:` and delete this folder.",
        "",
    ]
    return "\n".join(lines)


def _default_branch(repository: Path) -> str:
    head = repository / ".git" / "HEAD"
    try:
        text = head.read_text(encoding="utf-8").strip()
    except OSError:
        return "main"
    prefix = "ref: refs/heads/"
    return text[len(prefix) :] if text.startswith(prefix) else "main"


def render_pre_commit(opts: InitOptions, subdir: str | None) -> str:
    lines = [
        yamledit.modeline(PRE_COMMIT_SCHEMA).rstrip("\n"),
        "# Runs soccheck before each commit that changes the program. Set it up once per clone:",
        "#   pip install pre-commit && pre-commit install",
        "# pre-commit runs no hook for a commit that only deletes files (a removed evidence file,",
        "# say); add `always_run: true` under the hook id to check those commits too.",
    ]
    if subdir is not None:
        lines += [
            "# pre-commit reads this file only at the root of the repository: move it there, or",
            "# add the soccheck entry below to the configuration you already have.",
        ]
    if not PUBLISHED:
        lines += _UNPUBLISHED_NOTE
    lines += [
        "repos:",
        f"  - repo: {SOCCHECK_REPOSITORY}",
        f"    rev: v{__version__}",
        "    hooks:",
        "      - id: soccheck-validate",
    ]
    if subdir is not None:
        # pre-commit passes args without a shell, and matches `files` as a regular
        # expression: the directory's name is matched literally, whatever it holds.
        lines.append(f"        args: [{yamledit.flow_scalar(subdir)}]")
        lines.append(f"        files: {yamledit.scalar('^' + re.escape(subdir) + '/')}")
    return "\n".join(lines) + "\n"


_UNPUBLISHED_NOTE = [
    f"# NOTE: soccheck v{__version__} is not published yet, so its tag does not exist and this",
    "# fails until it is: point it at a clone of soccheck instead (for pre-commit: repo: the",
    "# clone's path, rev: a commit of it; for the workflow: pip install from the clone). See",
    f"# 'Use in CI' in {REPOSITORY_URL}#use-in-ci or the README of your clone.",
]
"""Said in the files ``init`` writes while ``PUBLISHED`` is false: they name the release."""


def render_workflow(opts: InitOptions, subdir: str | None, branch: str) -> str:
    target = subdir or "."
    lines = [
        yamledit.modeline(WORKFLOW_SCHEMA).rstrip("\n"),
        "# Checks the SOC program on every pull request and on pushes to the default branch.",
        f"# soccheck is installed from the release the pre-commit hook uses (v{__version__}), so",
        "# local and CI results agree; raise both together.",
    ]
    if not PUBLISHED:
        lines += _UNPUBLISHED_NOTE
    if subdir is not None:
        lines += [
            "# GitHub reads workflows only from .github/workflows/ at the root of the repository:",
            "# move this file there.",
        ]
    paths: list[str] = []
    if subdir is not None:
        paths = [
            "    paths:",
            f"      - {yamledit.scalar(subdir + '/**')}",
            f"      - {yamledit.scalar(WORKFLOW)}",
        ]
    lines += [
        "name: soccheck",
        "on:",
        "  pull_request:",
        *paths,
        "  push:",
        f"    branches: [{yamledit.flow_scalar(branch)}]",
        *paths,
        "  workflow_dispatch:",
        "permissions:",
        "  contents: read",
        "jobs:",
        "  validate:",
        "    name: Validate the SOC program",
        "    runs-on: ubuntu-latest",
        "    timeout-minutes: 10",
        "    steps:",
        "      - uses: actions/checkout@v4",
        "      - uses: actions/setup-python@v5",
        "        with:",
        '          python-version: "3.12"',
        "      - name: Install soccheck",
        "        run: >-",
        "          python -m pip install",
        f'          "soccheck @ git+{SOCCHECK_REPOSITORY}@v{__version__}"',
        "      - name: Validate",
        # `run` is a shell command: the directory is one quoted word, whatever it holds.
        f"        run: {yamledit.scalar('soccheck validate ' + shlex.quote(target))}",
    ]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------------- planning


def enclosing_repository(root: Path) -> Path | None:
    """The top of the git work tree that contains ``root``, when ``root`` is not that top."""
    path = Path(os.path.abspath(root))
    if (path / ".git").exists():
        return None
    for parent in path.parents:
        if (parent / ".git").exists():
            return parent
    return None


def plan(opts: InitOptions) -> Plan:
    """Every file ``init`` would write, with its text; nothing touches the disk."""
    reports = len(opts.frameworks)
    files = [
        PlannedFile(
            "system.yaml",
            render_system(opts),
            f"system description, {reports} report{'s' if reports > 1 else ''}",
        ),
        PlannedFile("soccheck.yaml", render_config(opts), "configuration"),
    ]
    controls, total, folders = _controls_and_evidence(opts)
    files += controls
    if opts.schemas == "local":
        for name, file_name in SCHEMA_FILES.items():
            text = _schema_text(name)
            files.append(PlannedFile(f"{LOCAL_SCHEMA_DIR}/{file_name}", text, "JSON Schema"))
    repository = enclosing_repository(opts.root)
    notes: list[str] = []
    if opts.ci:
        files += _ci_files(opts, repository, notes)
    return Plan(files, total, folders, repository, notes)


def _controls_and_evidence(opts: InitOptions) -> tuple[list[PlannedFile], int, int]:
    """The starter control files, then a README for each evidence folder they name; with
    the number of controls and of folders."""
    files: list[PlannedFile] = []
    evidence: dict[str, list[tuple[str, str, str]]] = {}
    total = 0
    for file in starter.render_files(opts.scope, opts.owner):
        count = len(file.controls)
        total += count
        files.append(
            PlannedFile(
                f"controls/{file.name}",
                render_control_file(opts, file),
                f"{count} control{'s' if count > 1 else ''}",
            )
        )
        for control in file.controls:
            for item in control.get("evidence", []):
                if "path" in item:
                    evidence.setdefault(item["path"], []).append(
                        (control["id"], control["title"], item.get("description", ""))
                    )
    for path in sorted(evidence):
        files.append(
            PlannedFile(
                f"{path}/README.md",
                render_evidence_readme(path, evidence[path]),
                "evidence folder",
            )
        )
    return files, total, len(evidence)


def _ci_files(opts: InitOptions, repository: Path | None, notes: list[str]) -> list[PlannedFile]:
    """The pre-commit configuration and the workflow, set up for the program's place in its
    repository; a note in ``notes`` when that place is a subdirectory."""
    subdir = None
    branch_source = opts.root
    if repository is not None:
        subdir = Path(os.path.abspath(opts.root)).relative_to(repository).as_posix()
        branch_source = repository
        notes.append(
            f"{opts.root} is inside the git repository at {repository}. pre-commit and "
            f"GitHub read {PRE_COMMIT_CONFIG} and {WORKFLOW} only at the repository root: "
            "move them there (they are already set up for this subdirectory), or merge "
            "them into the ones you have. If this directory should be a repository of its "
            "own, run 'git init' in it first and run 'soccheck init --force' again."
        )
    branch = _default_branch(branch_source)
    return [
        PlannedFile(PRE_COMMIT_CONFIG, render_pre_commit(opts, subdir), "pre-commit hook"),
        PlannedFile(WORKFLOW, render_workflow(opts, subdir, branch), "GitHub Actions workflow"),
    ]


def _schema_text(name: SchemaName) -> str:
    """The schema exactly as shipped in the package (the file soccheck validates with)."""
    from importlib import resources

    return (
        resources.files("soccheck.format")
        .joinpath("schemas", SCHEMA_FILES[name])
        .read_text("utf-8")
    )


# ------------------------------------------------------------------------------------ writing


def existing(plan: Plan, root: Path) -> list[str]:
    """Planned paths that already exist under ``root`` (files, directories or links)."""
    return [f.path for f in plan.files if os.path.lexists(root / f.path)]


def write(
    plan: Plan, root: Path, skip: set[str] | None = None, *, force: bool = False
) -> list[PlannedFile]:
    """Write every planned file not in ``skip``, all or nothing; return those written.

    A ``root`` that does not exist yet is built whole in a temporary directory beside it and
    renamed into place: the program appears at once, complete, or not at all. Into an
    existing directory the files are moved in together (``fileio.Batch``) under a lock on
    that directory; without ``force`` none may exist by then. A file that appeared meanwhile
    (another ``init``, say) is a ``fileio.WriteConflict`` and nothing is written. A full
    disk, a refused destination or Ctrl-C leaves no part of the program behind.
    """
    files = [f for f in plan.files if not (skip and f.path in skip)]
    if os.path.lexists(root):
        with fileio.directory_lock(root):
            batch = fileio.Batch(
                root=root, force=force, exclusive=not force, hint="use --force to replace it"
            )
            for file in files:
                batch.add(root / file.path, file.text)
            batch.commit()
    else:
        _write_new(files, Path(os.path.abspath(root)))
    return files


def _write_new(files: list[PlannedFile], root: Path) -> None:
    """Build the program in a directory beside ``root``, then rename it to ``root``; a
    ``root`` that has appeared meanwhile with something in it is not replaced."""
    created: list[Path] = []
    staging: Path | None = None
    try:
        fileio.make_directories(root.parent, created)
        with fileio.uninterrupted():  # a Ctrl-C lands once `staging` names what to remove
            staging = fileio.make_staging_directory(root)
        batch = fileio.Batch(root=staging, exclusive=True)
        for file in files:
            batch.add(staging / file.path, file.text)
        try:
            batch.commit()
        except OSError as exc:  # name the file where it was to go, not the staging copy
            rel = os.path.relpath(exc.filename or staging, staging)
            raise OSError(exc.errno, exc.strerror, str(root / rel)) from exc
        with fileio.uninterrupted():
            try:
                os.rename(staging, root)
            except OSError as exc:
                if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
                    raise fileio.WriteConflict(root) from None
                raise
            staging = None
    finally:
        with fileio.uninterrupted():
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
                for directory in reversed(created):
                    with contextlib.suppress(OSError):
                        os.rmdir(directory)


def write_program(
    plan: Plan, root: Path, directory: str, *, force: bool, skip_existing: bool
) -> tuple[list[PlannedFile], list[str]]:
    """Write the plan under ``root`` (shown as ``directory``); return the files written and
    the existing paths kept. Existing files stop everything, before a single file is
    written, unless ``force`` replaces them or ``skip_existing`` keeps them: a ``SetupError``
    then says which they are and how to go on, as does a file that cannot be written or
    that appeared while ``init`` was writing (then nothing is written)."""
    from soccheck.load.discovery import SetupError

    found = existing(plan, root)
    if found and not (force or skip_existing):
        more = [f"  ... and {len(found) - 10} more"] if len(found) > 10 else []
        raise SetupError(
            f"{len(found)} of the files to write already "
            f"{'exists' if len(found) == 1 else 'exist'} in {directory}; nothing was "
            "written:",
            (
                *(f"  {path}" for path in found[:10]),
                *more,
                "Use --skip-existing to keep them and write the rest, or --force to "
                "overwrite them.",
            ),
        )
    try:
        written = write(plan, root, set(found) if skip_existing else None, force=force)
    except fileio.WriteConflict as exc:
        raise SetupError(
            f"{_shown(exc.filename, root, directory)} appeared while init was writing "
            "(another init?); nothing was written"
        ) from exc
    except OSError as exc:
        raise SetupError(
            f"cannot write {_shown(exc.filename, root, directory)}: {exc.strerror or exc}; "
            "nothing was written"
        ) from exc
    return written, found if skip_existing else []


def _shown(filename: str | None, root: Path, directory: str) -> str:
    """A path in an error, as the user named the program's directory."""
    if not filename:
        return directory
    rel = os.path.relpath(filename, os.path.abspath(root))
    if rel == ".":
        return directory
    if rel.startswith(".."):
        return filename
    return f"{directory.rstrip('/')}/{Path(rel).as_posix()}"


@dataclass(frozen=True)
class FirstCheck:
    """What ``soccheck validate`` says about a new program, and when that will change."""

    counts: Counter[str]
    """Rule ID -> number of findings today."""
    starts: tuple[tuple[str, dt.date], ...] = ()
    """(report ID, first day) of the reports whose window opens after today: nothing is
    tested yet, and soccheck does not judge testing before a period begins."""
    preview: Counter[str] = field(default_factory=Counter)
    """Rule ID -> findings on the first of those days, if nothing is done until then."""


def first_check(root: Path, today: dt.date) -> FirstCheck:
    """Run the checks on the new program as of today and, when a period has not begun yet,
    as of its first day: a clean first run must not read as "nothing to do"."""
    from soccheck.checks.checker import Options, check
    from soccheck.checks.periods import window
    from soccheck.load.program import load_program

    program = load_program(root)
    counts = Counter(f.rule for f in check(program, Options(today=today)).active)
    reports = program.system.reports if program.system is not None else []
    starts = tuple(
        sorted(
            ((report.id, win.start) for report in reports if (win := window(report)) is not None),
            key=lambda item: (item[1], item[0]),
        )
    )
    upcoming = tuple(item for item in starts if item[1] > today)
    if not upcoming:
        return FirstCheck(counts)
    first_day = upcoming[0][1]
    preview = Counter(f.rule for f in check(program, Options(today=first_day)).active)
    return FirstCheck(counts, upcoming, preview)
