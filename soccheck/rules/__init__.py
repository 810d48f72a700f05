"""The rule registry: every rule soccheck knows, in one explicit place.

Adding a rule means writing one module that defines ``RULE`` and listing it here.
"""

from __future__ import annotations

from soccheck.rules import (
    duplicate_id,
    evidence_outside_repo,
    inactive_owner,
    invalid_period,
    loading,
    missing_evidence,
    missing_owner,
    period_length,
    unknown_owner,
    unknown_person,
    unknown_report,
)
from soccheck.rules.base import Context, Rule

_CHECK_MODULES = (
    # Ownership
    missing_owner,
    unknown_owner,
    inactive_owner,
    # References and identity
    duplicate_id,
    unknown_person,
    unknown_report,
    missing_evidence,
    evidence_outside_repo,
    # Reports and periods
    invalid_period,
    period_length,
)

RULES: dict[str, Rule] = {
    rule.id: rule for rule in (*loading.RULES, *(m.RULE for m in _CHECK_MODULES))
}

__all__ = ["RULES", "Context", "Rule"]
