"""Write a realistic synthetic SOC program with N controls (deterministic for a seed).

    python benchmarks/generate.py 10000 /tmp/prog10k [--seed 1]

The program is clean under every rule: a SOC 2 Type 2 report over all five categories (so
all 61 criteria are in scope and covered), people and teams, ~10 controls per file with three
operating tests each, one per quarter of the period (interim, interim, roll-forward in
fieldwork), whose spans together cover it, and every evidence file present.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PERIOD = ("2026-01-01", "2026-09-30")
FREQUENCIES = {  # frequency -> (population, sample) of one quarter's test
    "annual": (1, 1),
    "quarterly": (1, 1),
    "monthly": (3, 2),
    "weekly": (13, 5),
    "daily": (65, 25),
}
TESTS = (  # performed_on, covers, phase: one test per quarter of the period
    ("2026-04-10", ("2026-01-01", "2026-03-31"), "interim"),
    ("2026-07-11", ("2026-04-01", "2026-06-30"), "interim"),
    ("2026-10-12", ("2026-07-01", "2026-09-30"), "roll-forward"),
)
DOMAINS = ["access", "change", "operations", "incident", "vendor", "hr", "governance", "data"]
VERBS = ["reviews", "approves", "reconciles", "monitors", "tests", "inspects", "validates"]
OBJECTS = [
    "production access",
    "infrastructure changes",
    "backup restores",
    "vendor attestations",
    "security alerts",
    "onboarding checklists",
    "firewall rules",
    "encryption keys",
]


def _criteria() -> list[str]:
    catalog = json.loads((REPO / "soccheck" / "format" / "catalogs" / "tsc-2017.json").read_text())
    return [c["id"] for c in catalog["criteria"]]


def _system(people: int, teams: int) -> str:
    lines = [
        "name: Synthetic Platform",
        "description: A synthetic program generated for benchmarks.",
        "reports:",
        "  - id: soc2-2026",
        "    framework: soc2",
        "    type: 2",
        f"    period: {{start: {PERIOD[0]}, end: {PERIOD[1]}}}",
        "    categories: [security, availability, processing_integrity, confidentiality, privacy]",
        "people:",
    ]
    for i in range(people):
        lines.append(f"  - {{id: p{i:03d}, name: Person {i:03d}, email: p{i:03d}@example.com}}")
    lines.append("teams:")
    per_team = people // (teams + 1)
    for t in range(teams):
        members = ", ".join(f"p{i:03d}" for i in range(t * per_team, (t + 1) * per_team))
        lines.append(f"  - {{id: team-{t}, name: Team {t}, members: [{members}]}}")
    return "\n".join(lines) + "\n"


def _control(rng: random.Random, index: int, criteria: list[str], teams: int, people: int) -> str:
    team = rng.randrange(teams)
    per_team = people // (teams + 1)
    tester = f"p{rng.randrange(teams * per_team, people):03d}"  # never on a team: independent
    frequency = rng.choice(list(FREQUENCIES))
    population, sample = FREQUENCIES[frequency]
    domain = DOMAINS[index % len(DOMAINS)]
    mapped = sorted({criteria[index % len(criteria)], rng.choice(criteria)})
    cid = f"{domain[:3].upper()}-{index:05d}"
    verb, obj = rng.choice(VERBS), rng.choice(OBJECTS)
    out = [
        f"  - id: {cid}",
        f"    title: {obj.capitalize()} {verb.rstrip('s')} ({index})",
        "    description: >-",
        f"      Team {team} {verb} {obj} {frequency} and records the outcome, with",
        "      sign-off by the team lead, in the ticketing system.",
        f"    owner: team-{team}",
        f"    criteria: [{', '.join(mapped)}]",
        f"    frequency: {frequency}",
        f"    nature: {rng.choice(['preventive', 'detective', 'corrective'])}",
        "    automation: manual",
        f"    key: {str(rng.random() < 0.3).lower()}",
        "    evidence:",
        f"      - path: evidence/{domain}/{cid}.md",
        "        description: Review record",
        "    tests:",
    ]
    for t, (performed_on, (start, end), phase) in enumerate(TESTS):
        out += [
            f"      - id: T-{cid}-{t + 1}",
            "        method: inspection",
            f"        procedure: Inspected {sample} sampled {obj} records for sign-off.",
            f"        performed_on: {performed_on}",
            f"        performed_by: {tester}",
            f"        covers: {{start: {start}, end: {end}}}",
            f"        phase: {phase}",
            f"        population: {population}",
            f"        sample_size: {sample}",
            "        exceptions: 0",
            "        result: pass",
        ]
    return "\n".join(out) + "\n"


def generate(count: int, out: Path, seed: int = 1, per_file: int = 10) -> None:
    rng = random.Random(seed)
    criteria = _criteria()
    people, teams = 60, 8
    if out.exists():
        shutil.rmtree(out)
    (out / "controls").mkdir(parents=True)
    (out / "system.yaml").write_text(_system(people, teams), encoding="utf-8")
    for start in range(0, count, per_file):
        file_index = start // per_file
        domain = DOMAINS[file_index % len(DOMAINS)]
        chunks = ["controls:\n"]
        for index in range(start, min(start + per_file, count)):
            chunks.append(_control(rng, index, criteria, teams, people))
        path = out / "controls" / domain / f"{domain}-{file_index:04d}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(chunks), encoding="utf-8")
    for index in range(count):
        domain = DOMAINS[index % len(DOMAINS)]
        evidence = out / "evidence" / domain / f"{domain[:3].upper()}-{index:05d}.md"
        evidence.parent.mkdir(parents=True, exist_ok=True)
        evidence.write_text(f"# Review record {index}\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of controls")
    parser.add_argument("out", type=Path, help="output directory (replaced)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.count, args.out, args.seed)


if __name__ == "__main__":
    main()
