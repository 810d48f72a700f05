"""duplicate-id: every ID names exactly one thing.

IDs are how everything refers to everything else (owners, testers, reports, waivers, the
auditor's workpapers). When two objects share one, references silently pick one of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from soccheck.checks.findings import Finding, Place
from soccheck.checks.rules.base import Context, Rule
from soccheck.format.record_base import Source


class _Identified(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def source(self) -> Source | None: ...


def _where(ctx: Context, obj: _Identified) -> tuple[str, int, int]:
    return ctx.at(obj.source, "id")


def _place(where: tuple[str, int, int]) -> Place:
    return Place(where[0], where[1])


def _duplicates(
    ctx: Context, kind: str, objects: Iterable[_Identified], owner: dict[int, str] | None = None
) -> Iterator[Finding]:
    """One finding per later occurrence of an ID already used by an earlier object of ``kind``.

    ``objects`` come in program order (files in load order, then file order), so the first
    occurrence is the one references resolve to, and the one every finding names.
    """
    first: dict[str, _Identified] = {}
    for obj in objects:
        original = first.get(obj.id)
        if original is None:
            first[obj.id] = obj
            continue
        of = f" (in control '{owner[id(original)]}')" if owner and id(original) in owner else ""
        yield ctx.finding(
            RULE,
            _where(ctx, obj),
            (
                f"{kind} ID '{obj.id}' is already used by the {kind} at ",
                _place(_where(ctx, original)),
                f"{of}; {kind} IDs must be unique, so rename one of them",
            ),
            obj.id,
        )


def check(ctx: Context) -> Iterator[Finding]:
    system = ctx.system
    yield from _duplicates(ctx, "control", ctx.controls)
    test_control: dict[int, str] = {}
    tests = []
    for control, test in ctx.tests():
        test_control[id(test)] = control.id
        tests.append(test)
    yield from _duplicates(ctx, "test", tests, test_control)
    yield from _duplicates(ctx, "control objective", system.control_objectives)
    yield from _duplicates(ctx, "person", system.people)
    yield from _duplicates(ctx, "team", system.teams)
    yield from _duplicates(ctx, "report", system.reports)
    yield from _duplicates(ctx, "CUEC", system.cuecs)
    yield from _duplicates(ctx, "subservice organization", system.subservice_organizations)
    yield from _duplicates(ctx, "system", system.systems)
    # CSOC IDs are unique across every organization: a CSOC is referred to by its ID alone.
    yield from _duplicates(ctx, "CSOC", [c.record for c in ctx.csocs if c.record is not None])
    yield from _duplicates(ctx, "incident", system.incidents)

    # Owners may name a person or a team, so one ID for both is ambiguous. Report it at
    # whichever definition comes later in the file (the first person/team with the ID).
    for team in ctx.teams.values():
        person = ctx.people.get(team.id)
        if person is None:
            continue
        person_at, team_at = _where(ctx, person), _where(ctx, team)
        if (team_at[1], team_at[2]) > (person_at[1], person_at[2]):
            later, earlier, later_kind, earlier_kind = team_at, person_at, "team", "person"
        else:
            later, earlier, later_kind, earlier_kind = person_at, team_at, "person", "team"
        yield ctx.finding(
            RULE,
            later,
            (
                f"{later_kind} ID '{team.id}' is already used by the {earlier_kind} at ",
                _place(earlier),
                f"; owners may name a person or a team, so an owner '{team.id}' would be "
                "ambiguous. Rename one of them",
            ),
            team.id,
        )


RULE = Rule(
    id="duplicate-id",
    severity="error",
    summary="Two objects of the same kind (or a person and a team) share an ID.",
    rationale=(
        "IDs are references: owners, testers, test reports, waivers and the auditor's "
        "workpapers all point at them. When two objects share an ID, every reference silently "
        "resolves to the first one and the second is never checked the way its author thinks. "
        "Test IDs must be unique across the whole program, not just within their control "
        "(and CSOC IDs across every subservice organization), and "
        "a person and a team may not share an ID because an owner can name either. Checked "
        "for controls, tests, control objectives, people, teams, reports, CUECs, subservice "
        "organizations, systems, CSOCs and incidents. The "
        "finding is at the later definition and names the first; rename one of them (and "
        "update the references that meant it)."
    ),
    example=(
        "# controls/access.yaml\n"
        "controls:\n"
        "  - id: AC-01\n"
        "    title: Quarterly access review\n"
        "    description: The platform lead reviews production access each quarter.\n"
        "  - id: AC-01\n"
        "    title: Access removal\n"
        "    description: Leavers lose production access within one business day.\n"
    ),
    passing=(
        "# controls/access.yaml\n"
        "controls:\n"
        "  - id: AC-01\n"
        "    title: Quarterly access review\n"
        "    description: The platform lead reviews production access each quarter.\n"
        "  - id: AC-02\n"
        "    title: Access removal\n"
        "    description: Leavers lose production access within one business day.\n"
    ),
    check=check,
)
