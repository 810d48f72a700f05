"""stale-evidence: a recurring control's newest evidence is too old to show it still runs,
or evidence is dated after the evaluation date.

Both findings point at an evidence item's ``as_of`` and have the control as subject (the
evidence belongs to it, as for 'missing-evidence'):

- stale: at the newest ``as_of``, when it is more than one and a half frequency intervals
  before the evaluation date (a monthly control on 2026-11-20 needs evidence from
  2026-10-04 or later). Exactly one and a half intervals old is not stale.
- in the future: at each ``as_of`` after the evaluation date. This is the evidence
  counterpart of 'future-date', which judges only tests' ``performed_on``: an evidence date
  in the future is reported here and nowhere else. Such a date is most likely a typo for a
  recent one, so while a control has one its staleness is not judged (one mistake, one
  finding); correcting the date settles both.

A control ``effective`` for only part of the time (issue 16) is judged over the days it
operated: one retired (``effective.to``) before the evaluation date needs evidence recent as
of its last effective day, not today (SET-01, replaced on 2026-05-01, keeps no evidence after
April), and one that only begins after the evaluation date is not judged (it has not run
yet). Evidence dated in the future is reported either way.

Only recurring controls (daily to annual) are judged for staleness: continuous,
multiple-daily and as-needed controls have no interval to measure against, and a control
without a frequency neither. Evidence dated in the future is wrong whatever the frequency,
and is reported for every control. Evidence without ``as_of`` is not judged and does not
count as the newest, so a program written before ``as_of`` existed gets no finding. Whether
the period's windows each have evidence is 'evidence-gap''s question; a control whose
evidence stopped during a running period gets both, one about the period's record and one
about today.
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.audit_trail import before, is_recurring
from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule
from soccheck.checks.scope import effective_bounds


def check(ctx: Context) -> Iterator[Finding]:
    today = ctx.today
    for control in ctx.controls:
        frequency = control.frequency
        dated = [e for e in control.evidence if e.as_of is not None]
        if not dated:
            continue
        future = [e for e in dated if e.as_of is not None and e.as_of > today]
        for evidence in future:
            assert evidence.as_of is not None
            yield ctx.finding(
                RULE,
                ctx.at(evidence.source, "as_of"),
                f"evidence of control '{control.id}' is dated {evidence.as_of.isoformat()}, "
                f"after today ({today.isoformat()}); record the date the evidence shows or "
                "was taken",
                control.id,
            )
        if future or not is_recurring(frequency):
            continue
        first, last = effective_bounds(control)
        if first is not None and first > today:
            continue  # it has not begun operating
        retired = last is not None and last < today
        judged_on = last if last is not None and retired else today
        newest = max(dated, key=lambda e: e.as_of or today)
        assert newest.as_of is not None
        oldest_allowed = before(frequency, judged_on, 1.5)
        if newest.as_of >= oldest_allowed:
            continue
        if retired:
            when = f"its last effective day ({judged_on.isoformat()}, 'effective'"
            shows = "shows it ran until then"
        else:
            when = f"today ({today.isoformat()}"
            shows = "shows it still runs"
        yield ctx.finding(
            RULE,
            ctx.at(newest.source, "as_of"),
            f"the newest evidence of {frequency} control '{control.id}' is dated "
            f"{newest.as_of.isoformat()}, more than one and a half intervals before {when}; "
            f"evidence from {oldest_allowed.isoformat()} or later {shows}); add recent "
            "evidence, or correct the control's frequency",
            control.id,
        )


RULE = Rule(
    id="stale-evidence",
    severity="warning",
    summary="A recurring control's newest evidence is older than one and a half frequency "
    "intervals, or any control's evidence is dated after today.",
    rationale=(
        "Evidence shows a control operates. When a monthly control's newest evidence is "
        "from last spring, either the control stopped or its evidence stopped being kept, "
        "and an auditor sampling recent occurrences will find the gap first. Add the recent "
        "evidence (with 'as_of', the date it shows or was taken), or correct the control's "
        "frequency if it runs less often. Evidence dated after today is a typo or a "
        "placeholder: record the real date. Only controls with a daily, weekly, monthly, "
        "quarterly, semi-annual or annual frequency, and evidence with 'as_of', are judged "
        "(as of the date given with --today, default the current date; a control retired by "
        "then, 'effective' to an earlier day, as of its last effective day, and one not yet "
        "effective not at all)."
    ),
    example=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: alice\n"
        "criteria: [CC6.2]\n"
        "frequency: quarterly\n"
        "evidence:\n"
        "  - url: https://tickets.example.com/ACC-1001\n"
        "    description: Q1 review ticket with sign-off\n"
        "    as_of: 2026-03-31\n"
    ),
    passing=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: alice\n"
        "criteria: [CC6.2]\n"
        "frequency: quarterly\n"
        "evidence:\n"
        "  - url: https://tickets.example.com/ACC-1001\n"
        "    description: Q1 review ticket with sign-off\n"
        "    as_of: 2026-03-31\n"
        "  - url: https://tickets.example.com/ACC-1093\n"
        "    description: Q2 review ticket with sign-off\n"
        "    as_of: 2026-06-30\n"
        "  - url: https://tickets.example.com/ACC-1187\n"
        "    description: Q3 review ticket with sign-off\n"
        "    as_of: 2026-09-30\n"
    ),
    check=check,
)
