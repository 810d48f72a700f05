"""missing-csoc: a carved-out vendor needs its complementary controls listed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import SYSTEM, validate_json

VENDORS = """\
subservice_organizations:
  - {id: aws, name: Amazon Web Services, method: carve-out}
  - id: stripe
    name: Stripe
    services: Card payments
    method: carve-out
    csocs: []
  - id: okta
    name: Okta
    method: carve-out
    csocs:
      - Okta restricts administrative access to its identity platform.
  - {id: payco, name: PayCo, method: inclusive}
"""
"""Appended after SYSTEM's 13 lines: aws is on line 15, stripe's method on line 19."""


def test_carve_out_without_csocs_points_at_the_method(program: Callable[..., Path]) -> None:
    run = validate_json(program(system=SYSTEM + VENDORS))
    assert run.exit_code == 1
    assert run.where("missing-csoc") == [
        ("system.yaml", 15, 50, "aws"),
        ("system.yaml", 19, 13, "stripe"),
    ]
    aws = next(f for f in run.findings if f["rule"] == "missing-csoc")
    assert aws["severity"] == "error"
    message = aws["message"]
    assert message.startswith(
        "subservice organization 'aws' (Amazon Web Services) is carved out but lists no CSOCs"
    )
    assert "leaves the vendor's controls out of the report" in message
    assert "'csocs'" in message


def test_carve_out_with_csocs_and_inclusive_vendors_are_quiet(
    program: Callable[..., Path],
) -> None:
    vendors = (
        "subservice_organizations:\n"
        "  - {id: aws, name: AWS, method: carve-out, csocs: [AWS controls data centre entry.]}\n"
        "  - {id: payco, name: PayCo, method: inclusive}\n"
    )
    run = validate_json(program(system=SYSTEM + vendors))
    assert "missing-csoc" not in run.rules()
