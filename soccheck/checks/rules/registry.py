"""The rule registry: every rule soccheck knows, in one explicit place.

Adding a rule means writing one module that defines ``RULE`` and listing it here.
"""

from __future__ import annotations

from soccheck.checks.rules import (
    broad_waiver,
    duplicate_id,
    evidence_outside_repo,
    exceptions_found,
    expired_waiver,
    failed_test,
    future_date,
    inactive_owner,
    insufficient_sample,
    invalid_period,
    loading,
    missing_csoc,
    missing_evidence,
    missing_owner,
    out_of_scope_criterion,
    period_length,
    placeholder_text,
    security_not_selected,
    tester_not_independent,
    uncovered_objective,
    unknown_criterion,
    unknown_objective,
    unknown_owner,
    unknown_person,
    unknown_report,
    unmapped_control,
    unselected_criterion,
    untested_control,
    unused_waiver,
    waiver_approver,
)
from soccheck.checks.rules.base import Context, Rule

_CHECK_MODULES = (
    # Ownership
    missing_owner,
    unknown_owner,
    inactive_owner,
    # Scope and coverage
    security_not_selected,
    unselected_criterion,
    out_of_scope_criterion,
    uncovered_objective,
    unmapped_control,
    missing_csoc,
    # Criterion and objective references
    unknown_criterion,
    unknown_objective,
    # Testing
    untested_control,
    failed_test,
    exceptions_found,  # test-exceptions
    insufficient_sample,
    tester_not_independent,
    future_date,
    # References and identity
    duplicate_id,
    unknown_person,
    unknown_report,
    missing_evidence,
    evidence_outside_repo,
    # Unfinished text
    placeholder_text,
    # Reports and periods
    invalid_period,
    period_length,
    # Waivers: no check function; soccheck.checks.waivers evaluates them after every other rule
    expired_waiver,
    unused_waiver,
    waiver_approver,
    broad_waiver,
)

RULES: dict[str, Rule] = {
    rule.id: rule for rule in (*loading.RULES, *(m.RULE for m in _CHECK_MODULES))
}

__all__ = ["RULES", "Context", "Rule"]
