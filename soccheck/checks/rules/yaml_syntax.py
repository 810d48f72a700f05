"""yaml-syntax: the file is not valid YAML.

No check function: the YAML reader (:mod:`soccheck.load.yaml_reader`) reports it, at the mistake
when :mod:`soccheck.load.yaml_errors` can find it.
Registered like every other rule so that ``soccheck rules``, ``explain``, severity overrides and
SARIF metadata cover it too.
"""

from __future__ import annotations

from soccheck.checks.rules.base import Rule

RULE = Rule(
    id="yaml-syntax",
    severity="error",
    summary="The file is not valid YAML.",
    rationale=(
        "soccheck cannot check what it cannot parse. The YAML parser often notices a "
        "mistake lines later (an unclosed quote only at the end of the file), so for the "
        "common mistakes the finding points where the mistake starts and says how to fix "
        "it: an unclosed quote (at the opening quote), an unclosed '[' or '{' (at the "
        "bracket), a missing space after ':' as in 'owner:alice' (at the ':'), and a tab "
        "used for indentation. Other errors point where the parser gave up, which is "
        "usually just after the mistake. Merge keys ('<<') and mappings used as keys are "
        "reported here too."
    ),
    example=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "criteria: [CC6.1, CC6.2\n"
    ),
    passing=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "criteria: [CC6.1, CC6.2]\n"
    ),
    unreadable=True,
)
