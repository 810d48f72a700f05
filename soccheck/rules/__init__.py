"""The rule registry: every rule soccheck knows, in one explicit place.

Adding a rule means writing one module that defines ``RULE`` and listing it here.
"""

from __future__ import annotations

from soccheck.rules import (
    expired_waiver,
    inactive_owner,
    loading,
    missing_owner,
    unknown_owner,
    unused_waiver,
    waiver_approver,
)
from soccheck.rules.base import Context, Rule

_CHECK_MODULES = (
    # Ownership
    missing_owner,
    unknown_owner,
    inactive_owner,
    # Waivers: no check function; soccheck.waivers evaluates them after every other rule
    expired_waiver,
    unused_waiver,
    waiver_approver,
)

RULES: dict[str, Rule] = {
    rule.id: rule for rule in (*loading.RULES, *(m.RULE for m in _CHECK_MODULES))
}

__all__ = ["RULES", "Context", "Rule"]
