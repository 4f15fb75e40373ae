"""JSON Schema (2020-12) for every file kind, made from the pydantic models.

Editors (through the `# yaml-language-server: $schema=` line and .vscode/settings.json) and
other validators read these; `resoc schema --check` fails when the committed files no longer
match the models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .models import MODELS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE_URI = "https://resoc.example/schemas/"  # identifies the schemas; nothing is fetched from it
GLOBS = {
    "region": "data/regions/*.yaml",
    "council": "data/councils/*.yaml",
    "contact": "data/contacts/*.yaml",
    "organisation": "data/organisations/*.yaml",
    "pact": "data/pacts/*.yaml",
    "plan": "data/pacts/*/plans/*.yaml",
    "project": "data/projects/*.yaml",
    "source": "data/sources/*.yaml",
}
EXAMPLES: dict[str, dict[str, Any]] = {
    "region": {"id": "kempen", "name": "Kempen", "province": 10000, "municipalities": [{"nis": 13040}],
               "sources": ["000_1e96a52e4f1e0247.txt"]},
    "council": {"id": "serr-kempen", "name": "SERR Kempen", "type": "serr", "regions": ["kempen"],
                "seats": {"employer": 8, "employee": 8},
                "memberships": [{"contact": "wim-de-kinderen", "role": "coordinator"}], "sources": ["002_d120a9c94454ac4a.txt"]},
    "contact": {"id": "lieve-cox", "name": "Lieve Cox", "sources": ["003_1c2d2ff53c6f99da.txt"]},
    "organisation": {"id": "acv", "name": "ACV", "type": "trade_union", "side": "employee",
                     "sources": ["https://www.werk.be/beleidsthemas/subregionaal-beleid"]},
    "pact": {"id": "streekpact-kempen-2013-2018", "name": "Streekpact Kempen 2013-2018", "region": "kempen",
             "start": 2013, "end": 2018, "pillars": [{"id": "leren-en-werken", "name": "Leren en werken", "lead": ["acv"]}],
             "sources": ["003_1c2d2ff53c6f99da.txt"]},
    "plan": {"id": "kerngroep-leren-en-werken-2018", "pact": "streekpact-kempen-2013-2018", "council": "kerngroep-leren-en-werken",
             "year": 2018, "items": [{"id": "trefpunt", "action": "leren-en-werken.1.trefpuntbijeenkomsten",
                                      "title": "Trefpuntbijeenkomst", "quarters": ["Q2"]}], "sources": ["003_1c2d2ff53c6f99da.txt"]},
    "project": {"id": "dc-noise", "name": "DC NOISE", "councils": ["serr-brugge"], "sources": ["001_c329a505d4a57705.txt"]},
    "source": {"id": "seed-001-serrs-west-vlaanderen", "title": "De SERR's in West-Vlaanderen", "kind": "article",
               "language": "nl", "aliases": ["001_c329a505d4a57705.txt"], "accessed": "2026-11-22",
               "covers": "The ERSV West-Vlaanderen with its four SERRs and five RESOCs, their projects and addresses."},
}


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def json_schema(kind: str) -> dict[str, Any]:
    schema = MODELS[kind].model_json_schema(mode="validation")
    return {"$schema": DRAFT, "$id": BASE_URI + file_name(kind), **schema, "examples": [EXAMPLES[kind]]}


def rendered() -> dict[str, str]:
    """File name -> text of every schema, as `resoc schema` writes them."""
    return {file_name(kind): json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n" for kind in MODELS}


def stale(folder: Path) -> list[str]:
    """Schema files in `folder` that are missing or differ from the models."""
    return [name for name, text in rendered().items()
            if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]


def write(folder: Path) -> list[str]:
    """Write the schemas that are stale; returns their names."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = stale(folder)
    texts = rendered()
    for name in changed:
        (folder / name).write_text(texts[name], encoding="utf-8")
    return changed
