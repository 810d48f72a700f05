"""The fixed words of the file format, importable without pydantic.

The models build on these types, and the command line reuses them for its choices without
paying for importing pydantic at start-up (``soccheck --version`` must stay fast).
"""

from __future__ import annotations

from typing import Literal, get_args

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]*$"
"""IDs are ASCII on purpose: two Unicode spellings of the same ID (NFC vs NFD) can never collide."""
ID_MAX_LENGTH = 128
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 500_000
MAX_PROGRAM_SIZE = 64 * 1024 * 1024
MAX_PROGRAM_NODES = 1_000_000
"""The defaults of ``limits`` in the configuration, which are also the limits of every read
that no configuration governs (:class:`soccheck.load.limits.Limits`)."""

MAX_FILE_SIZE_CEILING = 16 * 1024 * 1024
MAX_DEPTH_CEILING = 256
MAX_NODES_CEILING = 10_000_000
MAX_PROGRAM_SIZE_CEILING = 1024 * 1024 * 1024
MAX_PROGRAM_NODES_CEILING = 100_000_000
"""The most ``limits`` in the configuration may set. The configuration is part of the
program, which a pull request may change: without a ceiling, ``max_depth: 100000000`` or
``max_file_size: 1000000000`` let one file take tens of gigabytes. Within these, a file costs
at most the memory README "Limits" states."""

FIELDWORK_DAYS = 90
FIELDWORK_DAYS_CEILING = 730
"""The default of ``fieldwork_days`` and the most it may be set to: a test performed two
years after a period ended is evidence of a later period, whatever the configuration says."""

Framework = Literal["soc1", "soc2"]
Category = Literal["security", "availability", "processing_integrity", "confidentiality", "privacy"]
Frequency = Literal[
    "continuous",
    "multiple-daily",
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "semi-annual",
    "annual",
    "as-needed",
]
Nature = Literal["preventive", "detective", "corrective"]
Automation = Literal["manual", "automated", "it-dependent-manual"]
Layer = Literal["entity-level", "itgc", "business-process"]
TestKind = Literal["design", "operating"]
TestMethod = Literal["inquiry", "observation", "inspection", "reperformance"]
TestResult = Literal["pass", "exceptions", "fail"]
TestPhase = Literal["interim", "roll-forward"]
Severity = Literal["error", "warning"]
SeverityOverride = Literal["error", "warning", "off"]

CATEGORIES: tuple[str, ...] = get_args(Category)
FREQUENCIES: tuple[str, ...] = get_args(Frequency)
NATURES: tuple[str, ...] = get_args(Nature)
AUTOMATIONS: tuple[str, ...] = get_args(Automation)
TEST_KINDS: tuple[str, ...] = get_args(TestKind)
TEST_METHODS: tuple[str, ...] = get_args(TestMethod)

CATEGORY_SPELLINGS = (
    "security, availability, processing_integrity (or processing-integrity), confidentiality, "
    "privacy"
)
"""What the command line accepts for a category, for help texts and errors."""


def category_name(text: str) -> str | None:
    """The file format's name of a category as a person may type it on the command line
    ('Processing-Integrity', 'processing integrity'), or None if it names none. Files keep
    the format's one spelling; typing it is where the hyphenated form comes naturally."""
    name = "_".join(text.strip().lower().replace("-", " ").replace("_", " ").split())
    return name if name in CATEGORIES else None
