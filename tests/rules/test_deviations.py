"""undocumented-deviation, and failed-test's judgment of remediated failures and ``retest_of``
(issue 15), through the CLI's JSON output (``--today 2026-11-20``).

Runs select the rules they are about, so that a finding of another rule cannot hide or fake
one of theirs (and so the exit code is theirs alone).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import TODAY, Run, dedent, run_cli, run_subprocess

Make = Callable[..., Path]
FILE = "controls/access.yaml"


def locate(text: str, needle: str, after: str = "") -> tuple[int, int]:
    """1-based (line, column) where ``needle`` starts, the first occurrence after ``after``."""
    offset = text.index(needle, text.index(after) if after else 0)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def value_of(text: str, entry: str, after: str = "") -> tuple[int, int]:
    """(line, column) of the value of ``key: value`` in ``entry``."""
    line, column = locate(text, entry, after)
    return line, column + entry.index(": ") + 2


def control(tests: str, control_id: str = "AC-01") -> str:
    """A control list item with ``tests`` (list items written from column 0)."""
    body = "".join(f"      {line}\n" for line in tests.splitlines())
    return (
        f"  - id: {control_id}\n"
        "    title: Access review\n"
        "    description: Access to production is reviewed every quarter.\n"
        "    owner: platform\n"
        "    criteria: [CC6.1]\n"
        "    tests:\n" + body
    )


def program_text(*controls: str) -> str:
    return "controls:\n" + "".join(controls)


def run(root: Path, *rules: str, today: str = TODAY) -> Run:
    return run_cli(
        "validate", root, "--format", "json", "--today", today, "--select", ",".join(rules)
    )


def a_test(test_id: str = "T-AC-01", extra: str = "", result: str = "pass") -> str:
    return (
        dedent(
            f"""
        - id: {test_id}
          method: inspection
          procedure: Inspected the quarterly review tickets.
          performed_on: 2026-04-02
          performed_by: tom
        """
        )
        + "".join(f"  {line}\n" for line in extra.splitlines())
        + f"  result: {result}\n"
    )


def with_deviations(*items: str) -> str:
    return "deviations:\n" + "".join(items)


def deviation(item: str, response: bool = True, remediated: str | None = None) -> str:
    lines = [
        f"  - item: {item}",
        "    description: The removal was late.",
    ]
    if response:
        lines.append("    management_response: Removals now go to the on-call engineer.")
    if remediated is not None:
        lines.append(f"    remediated_on: {remediated}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- undocumented-deviation


def test_exceptions_without_deviations_point_at_the_count(program: Make) -> None:
    text = program_text(
        control(a_test(extra="sample_size: 25\nexceptions: 2", result="exceptions"))
    )
    root = program(controls={"access.yaml": text})
    result = run(root, "undocumented-deviation")
    assert result.where("undocumented-deviation") == [
        (FILE, *value_of(text, "exceptions: 2"), "T-AC-01")
    ]
    [finding] = result.findings
    assert finding["severity"] == "error"
    assert finding["message"] == (
        "test 'T-AC-01' of control 'AC-01' found 2 exceptions but records no 'deviations'; "
        "add one entry per exception with the item, what was wrong and management's response"
    )
    assert result.exit_code == 1


def test_fewer_deviations_than_exceptions_point_at_the_deviations_key(program: Make) -> None:
    extra = "exceptions: 2\n" + with_deviations(deviation("ACC-1"))
    text = program_text(control(a_test(extra=extra, result="exceptions")))
    result = run(program(controls={"access.yaml": text}), "undocumented-deviation")
    assert result.where("undocumented-deviation") == [
        (FILE, *locate(text, "deviations:"), "T-AC-01")
    ]
    assert (
        "found 2 exceptions but records only 1 under 'deviations'"
        in (result.findings[0]["message"])
    )


def test_a_deviation_without_a_response_points_at_the_item(program: Make) -> None:
    extra = "exceptions: 2\n" + with_deviations(
        deviation("ACC-1"), deviation("ACC-2", response=False)
    )
    text = program_text(control(a_test(extra=extra, result="exceptions")))
    result = run(program(controls={"access.yaml": text}), "undocumented-deviation")
    assert result.where("undocumented-deviation") == [
        (FILE, *locate(text, "item: ACC-2"), "T-AC-01")
    ]
    assert result.findings[0]["message"] == (
        "deviation 'ACC-2' of test 'T-AC-01' of control 'AC-01' has no 'management_response'; "
        "record what management did or will do about it (the auditor prints it next to the "
        "exception)"
    )


def test_every_deviation_described_with_a_response_is_quiet(program: Make) -> None:
    extra = "exceptions: 2\n" + with_deviations(deviation("ACC-1"), deviation("ACC-2"))
    text = program_text(control(a_test(extra=extra, result="exceptions")))
    result = run(program(controls={"access.yaml": text}), "undocumented-deviation")
    assert result.findings == []
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("extra", "result", "message"),
    [
        ("", "fail", "failed but records no 'deviations'"),
        ("exceptions: 0", "fail", "failed but records no 'deviations'"),
        ("", "exceptions", "found exceptions but records no 'deviations'"),
    ],
)
def test_a_result_that_says_something_was_found_needs_one_at_least(
    program: Make, extra: str, result: str, message: str
) -> None:
    text = program_text(control(a_test(extra=extra, result=result)))
    found = run(program(controls={"access.yaml": text}), "undocumented-deviation")
    assert found.where("undocumented-deviation") == [
        (FILE, *value_of(text, f"result: {result}"), "T-AC-01")
    ]
    assert message in found.findings[0]["message"]


def test_an_exception_count_on_a_passing_test_still_needs_its_deviation(program: Make) -> None:
    """'test-exceptions' says the result is wrong; the undescribed exception is a separate
    omission, at the count."""
    text = program_text(control(a_test(extra="exceptions: 1")))
    found = run(
        program(controls={"access.yaml": text}), "undocumented-deviation", "test-exceptions"
    )
    assert found.where("undocumented-deviation") == [
        (FILE, *value_of(text, "exceptions: 1"), "T-AC-01")
    ]
    assert found.where("test-exceptions") == [(FILE, *value_of(text, "exceptions: 1"), "T-AC-01")]


def test_a_contradictory_exceptions_result_is_reported_once(program: Make) -> None:
    """``result: exceptions`` with ``exceptions: 0``: test-exceptions reports the
    contradiction, and no deviation is asked for until it is settled."""
    text = program_text(control(a_test(extra="exceptions: 0", result="exceptions")))
    found = run(
        program(controls={"access.yaml": text}), "undocumented-deviation", "test-exceptions"
    )
    assert found.rules() == ["test-exceptions"]


def test_a_deviation_the_schema_rejected_counts_as_written(program: Make) -> None:
    extra = "exceptions: 1\ndeviations:\n  - item: ACC-1\n    management_response: Fixed.\n"
    text = program_text(control(a_test(extra=extra, result="exceptions")))
    found = run(program(controls={"access.yaml": text}), "undocumented-deviation", "schema")
    assert "undocumented-deviation" not in found.rules()
    assert found.rules() == ["schema"]


def test_a_count_the_schema_rejected_is_not_guessed(program: Make) -> None:
    text = program_text(control(a_test(extra="exceptions: two", result="exceptions")))
    found = run(program(controls={"access.yaml": text}), "undocumented-deviation", "schema")
    assert "undocumented-deviation" not in found.rules()
    assert "schema" in found.rules()


@pytest.mark.parametrize("value", ["null", '""', "[Fixed.]", "{text: Fixed.}"])
def test_a_response_the_schema_rejected_is_the_schema_finding_alone(
    program: Make, value: str
) -> None:
    """One mistake, one finding: the rejected value is the schema's, and the deviation is not
    reported again for lacking a response."""
    extra = (
        "exceptions: 1\ndeviations:\n  - item: ACC-1\n    description: Late.\n"
        f"    management_response: {value}\n"
    )
    text = program_text(control(a_test(extra=extra, result="exceptions")))
    found = run(program(controls={"access.yaml": text}), "undocumented-deviation", "schema")
    assert found.rules() == ["schema"]
    assert found.where("schema") == [(FILE, *value_of(text, "management_response: "), "T-AC-01")]


@pytest.mark.parametrize(
    ("entry", "at", "says"),
    [
        (
            "  - item: ACC-1\n    description: Late.\n    management_response: '   '\n",
            "item: ACC-1",
            "has a blank 'management_response'; record what management did or will do about "
            "it (the auditor prints it next to the exception)",
        ),
        (
            "  - item: ACC-1\n    description: ' '\n    management_response: Fixed.\n",
            "item: ACC-1",
            "has a blank 'description'; say what was wrong with the item",
        ),
    ],
)
def test_blank_text_is_no_text(program: Make, entry: str, at: str, says: str) -> None:
    """Only blank space says nothing, like a blank not_applicable reason: the deviation is
    reported at its item, and the schema (which only rejects empty text) stays quiet."""
    extra = "exceptions: 1\ndeviations:\n" + entry
    text = program_text(control(a_test(extra=extra, result="exceptions")))
    found = run(program(controls={"access.yaml": text}), "undocumented-deviation", "schema")
    assert found.where("undocumented-deviation") == [(FILE, *locate(text, at), "T-AC-01")]
    assert found.findings[0]["message"] == (
        f"deviation 'ACC-1' of test 'T-AC-01' of control 'AC-01' {says}"
    )
    assert found.exit_code == 1


# --------------------------------------------- test-exceptions beside undocumented-deviation


def test_documented_exceptions_are_still_reported_without_asking_for_documents(
    program: Make,
) -> None:
    """Every exception described with a response: undocumented-deviation is quiet, and
    test-exceptions says what the auditor will do with them, not that they need documenting."""
    extra = "sample_size: 25\nexceptions: 2\n" + with_deviations(
        deviation("ACC-1"), deviation("ACC-2")
    )
    text = program_text(control(a_test(extra=extra, result="exceptions")))
    found = run(
        program(controls={"access.yaml": text}), "undocumented-deviation", "test-exceptions"
    )
    assert found.where("test-exceptions") == [
        (FILE, *value_of(text, "result: exceptions"), "T-AC-01")
    ]
    assert found.findings[0]["message"] == (
        "test 'T-AC-01' of control 'AC-01' found 2 exceptions in a sample of 25; the auditor "
        "reports each with management's response and judges whether the control can still be "
        "relied on"
    )
    assert found.exit_code == 0


def test_undescribed_exceptions_are_asked_for_once(program: Make) -> None:
    """Only undocumented-deviation asks for the description; test-exceptions does not repeat
    it."""
    text = program_text(control(a_test(extra="exceptions: 1", result="exceptions")))
    found = run(
        program(controls={"access.yaml": text}), "undocumented-deviation", "test-exceptions"
    )
    assert sorted(found.rules()) == ["test-exceptions", "undocumented-deviation"]
    asking = [
        f["rule"]
        for f in found.findings
        if "deviations" in f["message"] or "document" in f["message"]
    ]
    assert asking == ["undocumented-deviation"]


def test_an_old_program_with_exceptions_gets_the_error_as_a_user_runs_it(program: Make) -> None:
    """A test written for the previous format (no 'deviations') that found exceptions: the
    one new error such a program can get from these rules, and what clears it."""
    text = program_text(control(a_test(extra="sample_size: 5\nexceptions: 1", result="exceptions")))
    root = program(controls={"access.yaml": text})
    proc = run_subprocess(
        "validate", "--today", TODAY, "--select", "undocumented-deviation", cwd=root
    )
    line, column = value_of(text, "exceptions: 1")
    assert proc.exit_code == 1
    assert proc.stdout.startswith(
        f"controls/access.yaml:{line}:{column}: error undocumented-deviation test 'T-AC-01' "
        "of control 'AC-01' found 1 exception but records no 'deviations'"
    )
    documented = program_text(
        control(
            a_test(
                extra="sample_size: 5\nexceptions: 1\n" + with_deviations(deviation("E-1")),
                result="exceptions",
            )
        )
    )
    (root / FILE).write_text(documented, encoding="utf-8")
    proc = run_subprocess(
        "validate", "--today", TODAY, "--select", "undocumented-deviation", cwd=root
    )
    assert proc.exit_code == 0, proc.stdout


# ------------------------------------------------- failed-test: remediated and retested


def failed_and_retested(
    *,
    remediated: tuple[str | None, ...] = ("2026-05-02",),
    retest_on: str = "2026-05-20",
    retest_result: str = "pass",
    retest_of: str = "T-AC-01",
) -> str:
    devs = "".join(deviation(f"ACC-{i}", remediated=r) for i, r in enumerate(remediated, 1))
    failed = a_test(extra=f"exceptions: {len(remediated)}\n" + with_deviations(devs), result="fail")
    retest = a_test("T-AC-01-R", extra=f"retest_of: {retest_of}", result=retest_result).replace(
        "performed_on: 2026-04-02", f"performed_on: {retest_on}"
    )
    return program_text(control(failed + retest))


def test_a_remediated_failure_with_a_passing_retest_is_a_warning(program: Make) -> None:
    text = failed_and_retested()
    found = run(program(controls={"access.yaml": text}), "failed-test")
    assert found.where("failed-test") == [(FILE, *value_of(text, "result: fail"), "T-AC-01")]
    [finding] = found.findings
    assert finding["severity"] == "warning"
    assert finding["message"] == (
        "test 'T-AC-01' of control 'AC-01' failed (1 exception); its deviations were "
        "remediated by 2026-05-02 and retest 'T-AC-01-R' passed on 2026-05-20: the auditor "
        "still reports the deviations with management's response"
    )
    assert found.exit_code == 0
    assert found.json["summary"]["errors"] == 0
    assert found.json["summary"]["warnings"] == 1


@pytest.mark.parametrize(
    ("kwargs", "why"),
    [
        ({"remediated": ("2026-05-02", None)}, "a deviation is not remediated"),
        ({"remediated": ("2026-05-02", "2026-05-20")}, "retested on the last remediation day"),
        ({"retest_on": "2026-05-01"}, "retested before the remediation"),
        ({"retest_result": "exceptions"}, "the retest found exceptions"),
        ({"retest_result": "fail"}, "the retest failed too"),
        ({"retest_of": "T-AC-02"}, "the retest names another test"),
        ({"remediated": ()}, "no deviation is recorded"),
    ],
)
def test_a_failure_not_yet_cleared_stays_an_error(
    program: Make, kwargs: dict[str, object], why: str
) -> None:
    text = failed_and_retested(**kwargs)  # type: ignore[arg-type]
    found = run(program(controls={"access.yaml": text}), "failed-test")
    cleared = [f for f in found.findings if f["subject"] == "T-AC-01"]
    assert [f["severity"] for f in cleared] == ["error"], why
    assert "the control did not operate as described" in cleared[0]["message"]


def test_a_retest_dated_after_today_clears_nothing_yet(program: Make) -> None:
    text = failed_and_retested(retest_on="2026-05-20")
    root = program(controls={"access.yaml": text})
    before = run(root, "failed-test", today="2026-05-19")
    assert [f["severity"] for f in before.findings] == ["error"]
    on_the_day = run(root, "failed-test", today="2026-05-20")
    assert [f["severity"] for f in on_the_day.findings] == ["warning"]


@pytest.mark.parametrize("level", ["error", "warning"])
def test_a_configured_severity_still_wins(program: Make, level: str) -> None:
    cleared = failed_and_retested()
    still_open = failed_and_retested(remediated=(None,))
    for text in (cleared, still_open):
        root = program(
            controls={"access.yaml": text},
            extra={"soccheck.yaml": f"rules:\n  failed-test: {level}\n"},
        )
        found = run(root, "failed-test")
        assert [f["severity"] for f in found.findings] == [level]


def test_reports_still_list_a_remediated_failure(program: Make) -> None:
    """The warning changes the finding, not the test's result: the readiness reports still
    show the failed test among the exceptions."""
    root = program(controls={"access.yaml": failed_and_retested()})
    text = run_cli("report", root, "--today", TODAY, "--format", "text")
    assert text.exit_code == 0
    assert "CC6.1" in text.stdout
    [row] = [line for line in text.stdout.splitlines() if line.lstrip().startswith("CC6.1 ")]
    assert "(exceptions)" in row
    [findings_row] = [
        line for line in text.stdout.splitlines() if line.strip().startswith("failed-test")
    ]
    assert findings_row.split() == ["failed-test", "warning", "1"]
    matrix = run_cli("report", root, "--today", TODAY, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(matrix.stdout.lstrip("\ufeff"))))
    assert {(r["Test ID"], r["Result"]) for r in rows if r["Control ID"] == "AC-01"} == {
        ("T-AC-01", "fail"),
        ("T-AC-01-R", "pass"),
    }


# ---------------------------------------------------------------- failed-test: retest_of


def test_retest_of_an_unknown_test_points_at_the_value(program: Make) -> None:
    text = failed_and_retested(retest_of="T-AC-1")
    found = run(program(controls={"access.yaml": text}), "failed-test")
    assert found.where("failed-test") == [
        (FILE, *value_of(text, "result: fail"), "T-AC-01"),
        (FILE, *value_of(text, "retest_of: T-AC-1"), "T-AC-01-R"),
    ]
    link = found.findings[1]
    assert link["severity"] == "error"
    assert link["message"] == (
        "test 'T-AC-01-R' of control 'AC-01' is recorded as a retest of 'T-AC-1', which is "
        "not the ID of any test; did you mean 'T-AC-01'?"
    )


def test_retest_of_a_test_of_another_control(program: Make) -> None:
    other = control(a_test("T-AC-09"), control_id="AC-09")
    text = failed_and_retested(retest_of="T-AC-09") + other
    found = run(program(controls={"access.yaml": text}), "failed-test")
    [link] = [f for f in found.findings if f["subject"] == "T-AC-01-R"]
    assert (link["line"], link["column"]) == value_of(text, "retest_of: T-AC-09")
    assert link["message"] == (
        "test 'T-AC-01-R' of control 'AC-01' is recorded as a retest of 'T-AC-09', which is "
        "a test of control 'AC-09'; a retest repeats a test of the same control"
    )


def test_retest_of_itself(program: Make) -> None:
    text = program_text(control(a_test(extra="retest_of: T-AC-01")))
    found = run(program(controls={"access.yaml": text}), "failed-test")
    assert found.where("failed-test") == [(FILE, *value_of(text, "retest_of: T-AC-01"), "T-AC-01")]
    assert "which is its own ID" in found.findings[0]["message"]


def test_retest_of_a_later_test_points_at_the_value(program: Make) -> None:
    """'retest_of' names the earlier test it repeats: naming a later one is a broken link."""
    first = a_test(extra="retest_of: T-AC-01-R")
    later = a_test("T-AC-01-R").replace("performed_on: 2026-04-02", "performed_on: 2026-05-20")
    text = program_text(control(first + later))
    found = run(program(controls={"access.yaml": text}), "failed-test")
    assert found.where("failed-test") == [
        (FILE, *value_of(text, "retest_of: T-AC-01-R"), "T-AC-01")
    ]
    assert found.findings[0]["message"] == (
        "test 'T-AC-01' of control 'AC-01' is recorded as a retest of 'T-AC-01-R', which is a "
        "later test (performed on 2026-05-20, this one on 2026-04-02); a retest names the "
        "earlier test it repeats"
    )


def test_a_cycle_of_retests_clears_nothing(program: Make) -> None:
    """The failed test names its own retest as the test it repeats: both links are reported,
    and the remediated failure stays an error (the reviewer's C-3)."""
    text = failed_and_retested().replace(
        "        result: fail\n", "        retest_of: T-AC-01-R\n        result: fail\n", 1
    )
    found = run(program(controls={"access.yaml": text}), "failed-test")
    assert found.where("failed-test") == [
        (FILE, *value_of(text, "retest_of: T-AC-01-R"), "T-AC-01"),
        (FILE, *value_of(text, "result: fail"), "T-AC-01"),
        (FILE, *value_of(text, "retest_of: T-AC-01", "id: T-AC-01-R"), "T-AC-01-R"),
    ]
    assert [f["severity"] for f in found.findings] == ["error"] * 3
    assert found.findings[2]["message"] == (
        "test 'T-AC-01-R' of control 'AC-01' is recorded as a retest of 'T-AC-01', which is "
        "itself recorded as a retest of 'T-AC-01-R'; a retest names the earlier test it "
        "repeats, and two tests cannot each repeat the other"
    )
    assert found.exit_code == 1


def test_a_retest_on_the_day_of_the_test_it_repeats_is_earlier_enough(program: Make) -> None:
    """'Earlier' is on or before: a retest the same day (after a same-day fix) is a link."""
    text = failed_and_retested(remediated=("2026-04-01",), retest_on="2026-04-02")
    found = run(program(controls={"access.yaml": text}), "failed-test")
    assert [(f["severity"], f["line"]) for f in found.findings] == [
        ("warning", value_of(text, "result: fail")[0])
    ]


def test_retest_of_a_test_that_did_not_fail_is_fine(program: Make) -> None:
    """A retest after a test with exceptions (not a failure) is ordinary."""
    first = a_test(extra="exceptions: 1\n" + with_deviations(deviation("E-1")), result="exceptions")
    text = program_text(control(first + a_test("T-AC-01-R", extra="retest_of: T-AC-01")))
    assert run(program(controls={"access.yaml": text}), "failed-test").findings == []


def test_retest_of_a_test_the_schema_rejected_is_not_reported_again(program: Make) -> None:
    rejected = a_test().replace("performed_on: 2026-04-02", "performed_on: 2026-13-45")
    text = program_text(control(rejected + a_test("T-AC-01-R", extra="retest_of: T-AC-01")))
    found = run(program(controls={"access.yaml": text}), "failed-test", "schema")
    assert "failed-test" not in found.rules()
    assert "schema" in found.rules()


def test_a_remediated_failure_as_a_user_runs_it(program: Make) -> None:
    """The warning does not fail the run; with --fail-on warning it does."""
    text = failed_and_retested()
    root = program(controls={"access.yaml": text})
    line, column = value_of(text, "result: fail")
    proc = run_subprocess("validate", "--today", TODAY, "--select", "failed-test", cwd=root)
    assert proc.exit_code == 0
    assert proc.stdout.startswith(
        f"controls/access.yaml:{line}:{column}: warning failed-test test 'T-AC-01' of control "
        "'AC-01' failed (1 exception); its deviations were remediated by 2026-05-02"
    )
    strict = run_subprocess(
        "validate", "--today", TODAY, "--select", "failed-test", "--fail-on", "warning", cwd=root
    )
    assert strict.exit_code == 1


# ------------------------------------------------- future-date: reviews and remediations


def test_a_review_and_a_remediation_dated_after_today_are_future_dates(program: Make) -> None:
    extra = "reviewed_by: rev\nreviewed_on: 2026-12-01\nexceptions: 1\n" + with_deviations(
        deviation("ACC-1", remediated="2027-01-15")
    )
    text = program_text(control(a_test(extra=extra, result="exceptions")))
    found = run(program(controls={"access.yaml": text}), "future-date")
    assert found.where("future-date") == [
        (FILE, *value_of(text, "reviewed_on: 2026-12-01"), "T-AC-01"),
        (FILE, *value_of(text, "remediated_on: 2027-01-15"), "T-AC-01"),
    ]
    assert [f["message"] for f in found.findings] == [
        "test 'T-AC-01' of control 'AC-01' was reviewed on 2026-12-01, after today "
        "(2026-11-20); record the date the review actually happened, or add 'reviewed_on' "
        "once it has",
        "deviation 'ACC-1' of test 'T-AC-01' of control 'AC-01' was remediated on 2027-01-15, "
        "after today (2026-11-20); a planned fix is not a remediation: describe the plan in "
        "'management_response' and add 'remediated_on' once it is done",
    ]
    assert found.exit_code == 1
    assert (
        run(program(controls={"access.yaml": text}), "future-date", today="2027-01-15").findings
        == []
    )


def test_a_test_performed_after_today_is_one_future_date(program: Make) -> None:
    """Its review and remediation dates come from the same mistake: reported once."""
    extra = "reviewed_by: rev\nreviewed_on: 2026-12-05\nexceptions: 1\n" + with_deviations(
        deviation("ACC-1", remediated="2026-12-10")
    )
    text = program_text(control(a_test(extra=extra, result="exceptions"))).replace(
        "performed_on: 2026-04-02", "performed_on: 2026-12-01"
    )
    found = run(program(controls={"access.yaml": text}), "future-date")
    assert found.where("future-date") == [
        (FILE, *value_of(text, "performed_on: 2026-12-01"), "T-AC-01")
    ]


# -------------------------------------------- future-date: a sample reaching past its test


def test_a_sample_ending_after_its_test_is_a_future_date_and_covers_no_more(
    program: Make,
) -> None:
    """A test performed on 2026-04-02 cannot have sampled occurrences up to 2026-06-30: the
    finding points at the span's end, and period-not-covered judges the span only up to the
    day of the test, so it cannot vouch for April to June."""
    text = program_text(
        control(
            a_test(
                extra="covers: {start: 2026-01-01, end: 2026-06-30}\npopulation: 1\nsample_size: 1"
            )
        )
    ).replace("    criteria:", "    frequency: monthly\n    criteria:", 1)
    root = program(controls={"access.yaml": text})
    found = run(root, "future-date", "period-not-covered")
    line, _ = value_of(text, "performed_on: 2026-04-02")
    covers_line = line + 2
    span = "covers: {start: 2026-01-01, end: 2026-06-30}"
    end_column = text.splitlines()[covers_line - 1].index("2026-06-30") + 1
    assert text.splitlines()[covers_line - 1].strip() == span
    assert found.where("future-date") == [(FILE, covers_line, end_column, "T-AC-01")]
    [future] = [f for f in found.findings if f["rule"] == "future-date"]
    assert future["message"] == (
        "test 'T-AC-01' of control 'AC-01' sampled occurrences up to 2026-06-30, after it was "
        "performed on 2026-04-02; a sample can only hold occurrences that had happened, so end "
        "'covers' on or before 'performed_on'"
    )
    [gap] = [f for f in found.findings if f["rule"] == "period-not-covered"]
    assert "2026-04-03 to 2026-06-30" in gap["message"]
    # A span ending on the day of the test is quiet.
    fixed = text.replace("end: 2026-06-30", "end: 2026-04-02")
    (root / "controls" / "access.yaml").write_text(fixed, encoding="utf-8")
    assert run(root, "future-date").findings == []
