"""The rule registry: every rule soccheck knows, in one explicit place.

Adding a rule means writing one module named after its ID (``missing-owner`` in
``missing_owner.py``) that defines ``RULE``, and listing it here.
"""

from __future__ import annotations

from soccheck.checks.rules import (
    broad_waiver,
    config,
    coverage_gap,
    duplicate_id,
    duplicate_key,
    empty_file,
    evidence_outside_repo,
    expired_waiver,
    failed_test,
    file_too_large,
    file_unreadable,
    future_date,
    inactive_owner,
    insufficient_sample,
    invalid_period,
    missing_csoc,
    missing_evidence,
    missing_owner,
    multiple_documents,
    na_common_criterion,
    na_criterion_mapped,
    out_of_scope_criterion,
    path_outside_root,
    period_length,
    placeholder_text,
    schema,
    security_not_selected,
    subservice_report_stale,
    test_exceptions,
    tester_not_independent,
    uncovered_objective,
    undisclosed_change,
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
    weak_na_reason,
    yaml_limits,
    yaml_syntax,
    yaml_tag,
)
from soccheck.checks.rules.base import Context, Rule

_LOADING_MODULES = (
    # Reported while reading files: no check function
    yaml_syntax,
    yaml_tag,
    yaml_limits,
    duplicate_key,
    schema,
    file_unreadable,
    file_too_large,
    path_outside_root,
    multiple_documents,
    empty_file,
    config,
)
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
    coverage_gap,
    undisclosed_change,
    subservice_report_stale,
    # Not-applicable criteria
    na_criterion_mapped,
    na_common_criterion,
    weak_na_reason,
    # Criterion and objective references
    unknown_criterion,
    unknown_objective,
    # Testing
    untested_control,
    failed_test,
    test_exceptions,
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

RULES: dict[str, Rule] = {m.RULE.id: m.RULE for m in (*_LOADING_MODULES, *_CHECK_MODULES)}

LOADING_RULES = frozenset(m.RULE.id for m in _LOADING_MODULES)
"""Rules reported while reading files (the docs say so), not by a program check."""

__all__ = ["LOADING_RULES", "RULES", "Context", "Rule"]
