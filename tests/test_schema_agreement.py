"""The JSON Schemas and `resoc validate` agree about one file: both refuse each broken case,
both accept the real file.

Each case changes a copy of a real bundled file (one text replacement), then runs a real JSON
Schema validator (jsonschema, with format checking) and the real CLI on it. The validator
reads the file as an editor does: the schema named on its `# yaml-language-server` line,
dates as text (YAML 1.2, as resoc's own loader reads them).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from resoc_cli.loading import fast_loader
from resoc_cli.rules import REGISTRY
from resoc_cli.schema_rules import IN_SCHEMA, VALIDATE_ONLY

from .conftest import DATA, REPO, run_cli, run_in_process

SERR = "councils/serr-kempen.yaml"
WESTHOEK = "councils/serr-oostende-westhoek.yaml"
PLAN = "pacts/streekpact-kempen-2013-2018/plans/kerngroep-leren-en-werken-2018.yaml"
PACT = "pacts/streekpact-kempen-2013-2018.yaml"
ACTION = "            name: Regionaal overlegplatform leren en werken\n"
WIM, LIEVE, KEMPEN = "contacts/wim-de-kinderen.yaml", "contacts/lieve-cox.yaml", "regions/kempen.yaml"
EMAIL = "value: wim.dekinderen@resockempen.be"

# (case, file under data/, text to replace, replacement): each one breaks one file on its own.
REFUSED = [
    ("day 30 of February", SERR, "end_date: 2016-08-31", "end_date: 2018-02-30"),
    ("day 00", PLAN, "start_date: 2018-03-01", "start_date: 2018-01-00"),
    ("month 23", PLAN, "start_date: 2018-03-01", "start_date: 2017-23-15"),
    ("29 February of a common year", SERR, "end_date: 2016-08-31", "end_date: 2017-02-29"),
    ("a season with a day", PLAN, "start_date: 2018-21", "start_date: 2018-21-01"),
    ("a phone number as written on a letterhead", WESTHOEK, "value: '+3251519357'", "value: 051 51 93 57"),
    ("a phone number a digit too long", WESTHOEK, "value: '+3251519357'", "value: '+325151935711'"),
    ("an e-mail address without @", WIM, EMAIL, "value: not-an-email"),
    ("an e-mail domain without a dot", WIM, EMAIL, "value: serr.brugge@west-vlaanderen"),
    ("a website without its scheme", SERR, "website: http://www.resockempen.be", "website: www.x.be"),
    ("a url detail without its scheme", WIM, f"  - type: email\n    {EMAIL}", "  - type: url\n    value: www.x.be"),
    ("a source that is neither a seed file nor an address", LIEVE, "  - 003_1c2d2ff53c6f99da.txt", "  - my notes"),
    ("a source ref that is neither", PACT, "      - ref: https://www.streekplatformkempen.be/", "      - ref: my notes/"),
    ("progress over 100", PACT, ACTION, ACTION + "            progress: 150\n"),
    ("a SERR with 9 employer seats", SERR, "  employer: 8", "  employer: 9"),
    ("a SERR without its seats", SERR, "seats:\n  employer: 8\n  employee: 8\n", ""),
    ("a RESOC with 6 government seats", "councils/resoc-brugge.yaml", "  government: 8", "  government: 6"),
    ("an unknown key", LIEVE, "name: Lieve Cox\n", "name: Lieve Cox\nnickname: Lieve\n"),
    ("a wrong type", SERR, "  employer: 8", "  employer: acht"),
    ("a list where text belongs", SERR, "name: SERR Kempen", "name: [SERR, Kempen]"),
    ("a bad id", LIEVE, "id: lieve-cox", "id: Lieve_Cox"),
    ("a value outside its enum", SERR, "type: serr", "type: serrr"),
    ("a membership of nobody", SERR, "  - contact: wim-de-kinderen\n    role: coordinator", "  - role: coordinator"),
    ("a streekpact without its end", PACT, "\nend_date: 2018\n", "\n"),
    ("an unknown municipality code", KEMPEN, "  - nis: 13001\n", "  - nis: 13099\n"),
    ("a municipality of another province", KEMPEN, "  - nis: 13001\n", "  - nis: 71011\n"),
    ("a province code that is not Statbel's", KEMPEN, "province: 10000", "province: 12345"),
    ("a merged municipality without its end date", KEMPEN, "municipalities:\n", "municipalities:\n  - nis: 11007\n"),
    ("a merged municipality that ends too late", KEMPEN, "municipalities:\n",
     "municipalities:\n  - nis: 11007\n    end_date: 2024-24\n"),
]
ACCEPTED = [
    ("the real file", SERR, "", ""),
    ("29 February of a leap year", SERR, "end_date: 2016-08-31", "end_date: 2016-02-29"),
    ("a season", PLAN, "start_date: 2018-03-01", "start_date: 2017-23"),
    ("a mobile number in E.164", WESTHOEK, "value: '+3251519357'", "value: '+32498156051'"),
    ("a merged municipality with its end date", KEMPEN, "municipalities:\n",
     "municipalities:\n  - nis: 11007\n    end_date: 2024-12-31\n    merged_into: 11002\n"),
    ("progress of 100", PACT, ACTION, ACTION + "            progress: 100\n"),
    ("an https source with a query (in the register)", LIEVE, "  - 003_1c2d2ff53c6f99da.txt", "  - https://www.ersvlimburg.be/content/content/record.php?ID=105"),
]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the bundled dataset with the schemas beside it; each case restores what it changed."""
    root = tmp_path_factory.mktemp("agreement")
    shutil.copytree(DATA, root / "data")
    shutil.copytree(REPO / "schemas", root / "schemas")
    return root / "data"


def schema_errors(path: Path, kind: str | None = None) -> list[str]:
    """What a JSON Schema validator with format checking says of the file: by its schema line,
    as an editor does, or by the kind given (for test files without that line)."""
    text = path.read_text(encoding="utf-8")
    target = re.match(r"# yaml-language-server: \$schema=(\S+)", text)
    schema_file = REPO / "schemas" / f"{kind}.schema.json" if kind else path.parent / target.group(1) if target else None
    assert schema_file, f"{path} has no schema line"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)
    checker = validator(schema, format_checker=validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in checker.iter_errors(fast_loader().load(text))]


def validate_errors(path: Path) -> list[str]:
    """What `resoc validate` says of the file: its errors (warnings let a file pass).

    The CLI's own command, run in this process (a sweep of many calls); the bundled-files test
    below starts it as a user does.
    """
    result = run_in_process("validate", str(path), "--format", "json")
    assert result.returncode in (0, 1), result.stdout
    problems = json.loads(result.stdout)["problems"]
    return [f"{p['code']} {p['message']}" for p in problems if p["severity"] == "error"]


def _verdicts(dataset: Path, rel: str, old: str, new: str) -> tuple[list[str], list[str]]:
    path = dataset / rel
    original = path.read_text(encoding="utf-8")
    assert old in original, f"the case does not apply to {rel}: {old!r}"
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    try:
        return schema_errors(path), validate_errors(path)
    finally:
        path.write_text(original, encoding="utf-8")


@pytest.mark.parametrize(("rel", "old", "new"), [pytest.param(*c[1:], id=c[0]) for c in REFUSED])
def test_both_refuse(dataset: Path, rel: str, old: str, new: str) -> None:
    by_schema, by_validate = _verdicts(dataset, rel, old, new)
    assert by_schema, f"the JSON Schema accepts what validate refuses: {by_validate}"
    assert by_validate, f"validate accepts what the JSON Schema refuses: {by_schema}"


@pytest.mark.parametrize(("rel", "old", "new"), [pytest.param(*c[1:], id=c[0]) for c in ACCEPTED])
def test_both_accept(dataset: Path, rel: str, old: str, new: str) -> None:
    by_schema, by_validate = _verdicts(dataset, rel, old, new)
    assert (by_schema, by_validate) == ([], [])


def test_the_schemas_accept_every_bundled_file() -> None:
    assert run_cli("validate", "--no-cache").returncode == 0
    refused = {str(p.relative_to(DATA)): errors for p in sorted(DATA.rglob("*.yaml")) if (errors := schema_errors(p))}
    assert refused == {}


def test_each_schema_accepts_its_own_example() -> None:
    for path in sorted((REPO / "schemas").glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        validator = jsonschema.validators.validator_for(schema)
        validator.check_schema(schema)
        assert list(validator(schema, format_checker=validator.FORMAT_CHECKER).iter_errors(schema["examples"][0])) == []


def test_every_one_file_rule_is_in_the_schemas_or_named_as_left_to_validate() -> None:
    one_file = {r.code for r in REGISTRY.values() if "file" in r.checks}
    assert one_file <= set(IN_SCHEMA) | set(VALIDATE_ONLY)
    assert set(IN_SCHEMA) | set(VALIDATE_ONLY) <= set(REGISTRY)
    described = json.loads((REPO / "schemas" / "council.schema.json").read_text(encoding="utf-8"))["description"]
    assert all(code in described for code in VALIDATE_ONLY)
    assert all(code in described for code, r in REGISTRY.items() if "dataset" in r.checks)


def test_a_reference_field_says_that_validate_checks_it() -> None:
    schema = json.loads((REPO / "schemas" / "council.schema.json").read_text(encoding="utf-8"))
    assert "must name an existing council: `resoc validate` checks that" in schema["properties"]["parent"]["description"]
    assert "must name an existing contact" in schema["$defs"]["Membership"]["properties"]["contact"]["description"]


# ---------------------------------------------------------------------------- the rule cases

# Rule cases (tests/rules/cases) that break a file in a way one file's schema cannot see.
BEYOND_ONE_FILE = {
    ("REF001", "a membership names a contact that does not exist"): "the contact would be another file",
    ("REF001", "on behalf of an organisation that does not exist"): "the organisation would be another file",
    ("REF001", "a pact lead that does not exist"): "the organisation would be another file",
    ("SEAT001", "nine people in eight employee-side seats"): "counts memberships by their dates",
    ("SEAT002", "nine people in eight government seats"): "counts memberships by their dates",
}


def _rule_cases() -> list[Any]:
    from .test_rules import _cases

    return [p for p in _cases() if p.values[0] in IN_SCHEMA or p.values[0].startswith("S0")]


@pytest.mark.parametrize(("code", "outcome", "case"), _rule_cases())
def test_the_rule_cases_of_the_rules_in_the_schemas(tmp_path: Path, code: str, outcome: str, case: dict[str, Any]) -> None:
    """Every case of a rule the schemas say: the schema refuses each file validate finds an error in, and only those."""
    import datetime as dt

    from resoc_cli.loading import kind_of_rel
    from resoc_cli.validate import validate

    from .test_rules import DEFAULT_AS_OF, _build

    root = tmp_path / "data"
    _build(case, root)
    report = validate([root], as_of=dt.date.fromisoformat(str(case.get("as_of", DEFAULT_AS_OF))), use_cache=False)
    written = {e["file"] for e in case.get("edits", [])} | {f for f, c in (case.get("files") or {}).items() if c}
    beyond = (code, case["name"]) in BEYOND_ONE_FILE
    for rel in sorted(f for f in written if f.endswith(".yaml") and kind_of_rel(f)):
        by_schema = schema_errors(root / rel, kind_of_rel(rel))
        by_validate = [f.message for f in report.findings if f.severity == "error" and f.file.endswith(rel)]
        if beyond:
            assert (by_schema, bool(by_validate)) == ([], True), "the schema now sees this case: take it off BEYOND_ONE_FILE"
        else:
            assert bool(by_schema) == bool(by_validate), (rel, by_schema, by_validate)


# ---------------------------------------------------------------------------- the values


def test_the_date_pattern_accepts_exactly_what_when_parse_accepts() -> None:
    from resoc_cli.when import When, text_pattern

    pattern = re.compile(text_pattern())
    disagree = []
    for year in ("0000", "0001", "0004", "1900", "1996", "2000", "2016", "2018", "2100", "2400", "9999"):
        texts = [year] + [f"{year}-{m:02d}" for m in range(100)] + [f"{year}-{m:02d}-{d:02d}" for m in range(100) for d in range(100)]
        for text in texts:
            try:
                When.parse(text)
                parsed = True
            except ValueError:
                parsed = False
            if parsed != bool(pattern.search(text)):
                disagree.append(text)
    assert disagree == []


def test_the_phone_pattern_accepts_exactly_what_the_phone_rule_accepts() -> None:
    """Every example number of every region and number type, and three random slips of a digit on each."""
    import random

    import phonenumbers

    from resoc_cli.rules.contact_details import phone_problem
    from resoc_cli.schema_rules import phone_pattern

    e164 = phonenumbers.PhoneNumberFormat.E164
    examples = [phonenumbers.format_number(n, e164) for region in sorted(phonenumbers.SUPPORTED_REGIONS)
                for kind in phonenumbers.PhoneNumberType.values()
                if (n := phonenumbers.example_number_for_type(region, kind)) is not None]
    examples += [phonenumbers.format_number(n, e164) for code in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS)
                 if (n := phonenumbers.example_number_for_non_geo_entity(code)) is not None]
    chance = random.Random(14)
    samples = list(examples)
    for number in examples:
        for _ in range(3):
            digits = list(number[1:])
            at = chance.randrange(len(digits))
            digits[at:at + 1] = chance.choice([[str(chance.randrange(10))], [str(chance.randrange(10)), digits[at]], []])
            samples.append("+" + "".join(digits))
    pattern = re.compile(phone_pattern())
    assert len(examples) > 1000
    assert [s for s in samples if (phone_problem(s) is None) != bool(pattern.search(s))] == []
    assert not pattern.search("014 72 86 56") and pattern.search("+3214728656")


@pytest.mark.parametrize("address", [
    "serr.brugge@west-vlaanderen.be", "a+tag@x.be", "o'brien@x.be", "jérôme@exemple.be", "a@exémple.be",
    "x@xn--bcher-kva.de", "a@b.c", "not-an-email", "serr.brugge@west-vlaanderen", "a..b@x.be", ".a@x.be", "a.@x.be",
    "a@x..be", "a@-x.be", "a@x-.be", "a @x.be", "a@x.be ", "@x.be", "a@", "a@x.local", "a@x.LOCAL", "a@sub.test",
    "a@x.123", "a@x.be.", "a@[1.2.3.4]", '"a b"@x.be', "Name <a@x.be>", "a@x_y.be", "a@localhost", "a@x.b1",
    "a@b@x.be", "a@x.onion", "a@ab--c.be", "a@x.-be",
])
def test_the_email_pattern_agrees_with_the_email_rule(address: str) -> None:
    from resoc_cli.rules.contact_details import email_problem
    from resoc_cli.schema_rules import email_pattern

    assert (email_problem(address) is None) == bool(re.search(email_pattern(), address))
