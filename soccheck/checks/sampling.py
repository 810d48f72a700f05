"""Minimum sample sizes for Type 2 tests of operating effectiveness: the one table.

AICPA sets no minimum; these are the sizes audit firms commonly expect for a control that shows
no deviations, by how often the control runs. Firms differ, so the table is data: the
configuration's ``sampling`` is merged over it (``configured_policy``; rules ask
``Context.sample_policy``), and every rule that needs a minimum asks the policy, never a copy
of the numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import get_args

from soccheck.format.vocabulary import Automation, Frequency

FREQUENCIES: tuple[str, ...] = get_args(Frequency)

DEFAULT_MINIMUMS: Mapping[str, int] = MappingProxyType(
    {
        "annual": 1,
        "semi-annual": 1,
        "quarterly": 2,
        "monthly": 2,
        "weekly": 5,
        "daily": 20,
        "multiple-daily": 25,
        # A continuous (system-enforced) control is tested once; the test of one holds only
        # while the IT general controls around the system are effective.
        "continuous": 1,
        # Event-driven: 25, or every occurrence when there were fewer (see ``minimum``).
        "as-needed": 25,
    }
)

DEFAULT_AUTOMATED_MINIMUM = 1
"""An automated control behaves the same way every time, so one instance is tested."""


@dataclass(frozen=True)
class SampleMinimum:
    """The minimum for one test, with what it was derived from (for messages)."""

    size: int
    frequency: str | None
    automated: bool
    whole_population: bool
    """True when the population is smaller than the usual minimum, so every item is needed."""


@dataclass(frozen=True)
class SamplePolicy:
    minimums: Mapping[str, int] = field(default_factory=lambda: DEFAULT_MINIMUMS)
    automated: int = DEFAULT_AUTOMATED_MINIMUM

    def with_overrides(
        self, minimums: Mapping[Frequency, int] | None = None, automated: int | None = None
    ) -> SamplePolicy:
        """A policy with some sizes replaced (e.g. from configuration); unknown keys raise."""
        unknown = sorted(set(minimums or {}) - set(FREQUENCIES))
        if unknown:
            raise ValueError(f"unknown frequencies: {', '.join(unknown)}")
        merged = MappingProxyType({**self.minimums, **(minimums or {})})
        return SamplePolicy(merged, self.automated if automated is None else automated)

    def minimum(
        self,
        frequency: Frequency | None,
        automation: Automation | None,
        population: int | None,
    ) -> SampleMinimum | None:
        """The smallest acceptable sample, or None when the control's frequency is unknown.

        When the population is smaller than the usual minimum, the whole population is the
        minimum (a monthly control that ran 1 time in a 1-month period cannot be sampled twice).
        """
        automated = automation == "automated"
        if automated:
            size = self.automated
        elif frequency is None:
            return None
        else:
            size = self.minimums[frequency]
        whole = population is not None and population < size
        if population is not None and whole:
            size = population
        return SampleMinimum(size, frequency, automated, whole)


DEFAULT_POLICY = SamplePolicy()


def configured_policy(sampling: Mapping[Frequency, int]) -> SamplePolicy:
    """The built-in table with the configuration's ``sampling`` merged over it:
    ``{daily: 15, monthly: 3}`` changes those two sizes and keeps the rest. The configuration
    schema admits only frequencies as keys and sizes of at least 1."""
    if not sampling:
        return DEFAULT_POLICY
    return DEFAULT_POLICY.with_overrides(sampling)
