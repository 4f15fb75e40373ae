"""The OParl 1.1 export, checked against the schemas OParl publishes (tests/fixtures/oparl-schema,
see its README for where they come from) and followed link by link as a static client would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import DATA, run_cli

SCHEMAS = Path(__file__).parent / "fixtures" / "oparl-schema"
YEAR = Path(__file__).parent / "fixtures" / "meeting-year" / "data"
BASE = "https://example.org/oparl/"
V = "https://schema.oparl.org/1.1/"
PUBLISHED = ("System", "Body", "Organization", "Person", "Meeting", "AgendaItem", "Paper")


def _stand_in(name: str, *required: str) -> dict[str, Any]:
    """OUR stand-in for a 1.1 schema the reference store did not hold (see the fixture's README)."""
    return {"$id": V + name, "type": "object", "required": ["id", "type", *required],
            "properties": {"id": {"type": "string"}, "type": {"const": V + name}}}


STAND_INS = {"Membership.json": _stand_in("Membership"), "Location.json": _stand_in("Location"),
             "Consultation.json": _stand_in("Consultation", "paper", "organization"), "File.json": _stand_in("File"),
             "LegislativeTerm.json": _stand_in("LegislativeTerm")}


@pytest.fixture(scope="module")
def validators() -> dict[str, Any]:
    from jsonschema import Draft7Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    loaded = {f"{name}.json": json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8")) for name in PUBLISHED}
    everything = {**loaded, **STAND_INS}
    # The published files refer to each other by file name ("AgendaItem.json"), resolved against their $id.
    registry = Registry().with_resources(
        [(V + name, Resource.from_contents(schema, default_specification=DRAFT7)) for name, schema in everything.items()])
    return {name.removesuffix(".json"): Draft7Validator(schema, registry=registry) for name, schema in everything.items()}


def _export(tmp_path: Path, data: Path, *extra: str) -> Path:
    out = tmp_path / "oparl"
    result = run_cli("export", "oparl", "-o", str(out), "--base-url", BASE, "--data", str(data), *extra)
    assert result.returncode == 0, result.stderr
    return out


def _errors(validators: dict[str, Any], obj: dict[str, Any]) -> list[str]:
    kind = obj["type"].removeprefix(V)
    return [f"{obj['id']}: {e.json_path} {e.message}" for e in validators[kind].iter_errors(obj)]


@pytest.mark.parametrize("data", [YEAR, DATA], ids=["fictitious-year", "bundled-data"])
def test_every_object_is_valid_by_the_published_schemas(tmp_path: Path, validators: dict[str, Any], data: Path) -> None:
    out = _export(tmp_path, data)
    objects = [json.loads((out / name).read_text(encoding="utf-8")) for name in ("system.json", "body.json")]
    for name in ("organizations", "people", "meetings", "papers"):
        objects += json.loads((out / f"{name}.json").read_text(encoding="utf-8"))["data"]
    assert {o["type"].removeprefix(V) for o in objects} >= {"System", "Body", "Organization", "Person"}
    assert [e for o in objects for e in _errors(validators, o)] == []


def test_a_wrong_object_is_refused(validators: dict[str, Any]) -> None:
    """The check can fail: the schemas and their references are really applied."""
    meeting = {"id": BASE + "meeting/x.json", "type": V + "Meeting", "cancelled": "no",
               "agendaItem": [{"id": BASE + "agendaitem/x-1.json", "type": V + "AgendaItem"}]}
    found = _errors(validators, meeting)
    assert any("cancelled" in e for e in found) and any("'order' is a required property" in e for e in found)


def test_a_static_client_finds_every_object_it_is_pointed_at(tmp_path: Path) -> None:
    out = _export(tmp_path, YEAR)
    system = json.loads((out / "system.json").read_text(encoding="utf-8"))
    body = json.loads((out / system["body"].removeprefix(BASE)).read_text(encoding="utf-8"))["data"][0]
    meetings = json.loads((out / body["meeting"].removeprefix(BASE)).read_text(encoding="utf-8"))["data"]
    papers = json.loads((out / body["paper"].removeprefix(BASE)).read_text(encoding="utf-8"))["data"]
    links = [url for m in meetings for url in (*m["organization"], *m["participant"])]
    links += [url for p in papers for url in (*p.get("originatorOrganization", []), *p["underDirectionOf"])]
    links += [c[key] for p in papers for c in p["consultation"] for key in ("paper", "meeting")]
    missing = [url for url in links if not (out / url.removeprefix(BASE)).is_file()]
    assert links and missing == []
    wep = next(p for p in papers if p["reference"] == "serr-voorbeeld-2020-wep-plus")
    assert [(c["meeting"].rsplit("/", 1)[1], c["authoritative"]) for c in wep["consultation"]] == [
        ("serr-voorbeeld-2020-03-16.json", True)]
    held = next(m for m in meetings if m["id"].endswith("serr-voorbeeld-2020-06-15.json"))
    assert (held["start"], held["end"], held["meetingState"]) == ("2020-06-15T10:00:00+02:00", "2020-06-15T11:30:00+02:00",
                                                                  "durchgeführt")


def test_the_export_refuses_a_folder_in_use_and_a_base_that_is_no_address(tmp_path: Path) -> None:
    used = tmp_path / "used"
    used.mkdir()
    (used / "keep.txt").write_text("mine", encoding="utf-8")
    refused = run_cli("export", "oparl", "-o", str(used), "--data", str(YEAR))
    assert refused.returncode == 2 and (used / "keep.txt").read_text(encoding="utf-8") == "mine"
    bad = run_cli("export", "oparl", "-o", str(tmp_path / "new"), "--base-url", "ftp://x", "--data", str(YEAR))
    assert bad.returncode == 2 and "--base-url" in bad.stderr
