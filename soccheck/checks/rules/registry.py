"""The rule registry: every rule soccheck knows, in one explicit place.

Adding a rule means writing one module named after its ID (``missing-owner`` in
``missing_owner.py``) that defines ``RULE``, and listing it here.
"""

from __future__ import annotations

from soccheck.checks.rules import (
    automated_control_without_itgc,
    broad_waiver,
    config,
    coverage_gap,
    duplicate_id,
    duplicate_key,
    empty_file,
    evidence_gap,
    evidence_outside_repo,
    expired_waiver,
    failed_test,
    file_too_large,
    file_unreadable,
    future_date,
    inactive_owner,
    inactive_team_lead,
    inclusive_without_controls,
    incomplete_test_record,
    inquiry_only_test,
    insufficient_sample,
    invalid_period,
    missing_csoc,
    missing_evidence,
    missing_frequency,
    missing_owner,
    multiple_documents,
    na_common_criterion,
    na_criterion_mapped,
    no_key_control,
    out_of_scope_criterion,
    path_outside_root,
    period_length,
    period_not_covered,
    placeholder_text,
    population_implausible,
    reviewer_not_independent,
    sample_period_missing,
    schema,
    security_not_selected,
    stale_evidence,
    subservice_report_missing,
    subservice_report_stale,
    test_exceptions,
    test_outside_period,
    tester_not_active,
    tester_not_independent,
    uncovered_objective,
    undisclosed_change,
    undocumented_deviation,
    unknown_control,
    unknown_criterion,
    unknown_objective,
    unknown_owner,
    unknown_person,
    unknown_report,
    unknown_system,
    unmapped_control,
    unmapped_csoc,
    unmapped_cuec,
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
    inactive_team_lead,
    # Scope and coverage
    security_not_selected,
    unselected_criterion,
    out_of_scope_criterion,
    uncovered_objective,
    unmapped_control,
    missing_csoc,
    no_key_control,
    # Systems, vendors and user entities
    automated_control_without_itgc,
    inclusive_without_controls,
    subservice_report_missing,
    unmapped_csoc,
    unmapped_cuec,
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
    undocumented_deviation,
    insufficient_sample,
    inquiry_only_test,
    tester_not_independent,
    reviewer_not_independent,
    tester_not_active,
    future_date,
    # The Type 2 audit trail: samples, periods and test records
    sample_period_missing,
    period_not_covered,
    test_outside_period,
    population_implausible,
    incomplete_test_record,
    missing_frequency,
    # References and identity
    duplicate_id,
    unknown_person,
    unknown_report,
    unknown_control,
    unknown_system,
    missing_evidence,
    evidence_outside_repo,
    stale_evidence,
    evidence_gap,
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
