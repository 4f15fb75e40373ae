"""JSON Schema (2020-12) for every file kind, made from the pydantic models.

Editors (through the `# yaml-language-server: $schema=` line and .vscode/settings.json) and
other validators read these; `resoc schema --check` fails when the committed files no longer
match the models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .kinds import FILE_KINDS, MODELS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE_URI = "https://resoc.example/schemas/"  # identifies the schemas; nothing is fetched from it
GLOBS = {name: kind.glob() for name, kind in FILE_KINDS.items()}
EXAMPLES: dict[str, dict[str, Any]] = {name: kind.example for name, kind in FILE_KINDS.items()}


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def json_schema(kind: str) -> dict[str, Any]:
    schema = MODELS[kind].model_json_schema(mode="validation")
    _walk(schema, _note_reference)
    _walk(schema, _text_first)
    schema["description"] = f"{schema.get('description', '')}\n\n{left_to_validate()}".strip()
    return {"$schema": DRAFT, "$id": BASE_URI + file_name(kind), **schema, "examples": [EXAMPLES[kind]]}


# Reference kinds whose ids the schema itself knows (Statbel's codes): no other file is needed.
_KNOWN_KINDS = {"municipality", "province"}
_KIND_WORDS = {"party": "organisation or council", "action": "action of the plan's pact"}


def _walk(node: Any, visit: Any) -> None:
    """Call `visit` on every mapping in a JSON Schema, outermost first."""
    if isinstance(node, dict):
        visit(node)
    for value in node.values() if isinstance(node, dict) else node if isinstance(node, list) else ():
        _walk(value, visit)


def _note_reference(node: dict[str, Any]) -> None:
    """Tell, on a field that names another record, that only `resoc validate` can check it exists."""
    kind = node.get("x-resoc-ref")
    if kind is not None and kind not in _KNOWN_KINDS:
        note = f"It must name an existing {_KIND_WORDS.get(kind, kind)}: `resoc validate` checks that, this schema cannot."
        node["description"] = f"{node.get('description', '').rstrip()} {note}".strip()


def _text_first(node: dict[str, Any]) -> None:
    """Put the text alternative of a union first (a source: a text or a mapping).

    When no alternative fits, yaml-language-server reports the first one; a mistyped source is
    text, and its message should be the source's form, not "Incorrect type. Expected Source".
    """
    if isinstance(node.get("anyOf"), list):
        node["anyOf"].sort(key=lambda alternative: alternative.get("type") != "string")


def left_to_validate() -> str:
    """The rules a one-file schema cannot check, named in every schema's description."""
    from .rules import REGISTRY
    from .schema_rules import DATASET_PART, VALIDATE_ONLY

    def title(code: str) -> str:
        return REGISTRY[code].title[:1].lower() + REGISTRY[code].title[1:]

    across = [f"{r.code} ({DATASET_PART.get(r.code) or title(r.code)})" for r in REGISTRY.values() if "dataset" in r.checks]
    within = [f"{code} ({title(code)}: {why})" for code, why in VALIDATE_ONLY.items()]
    return ("`resoc validate` checks what this schema cannot. Across files: " + "; ".join(across) +
            ". Within the file: " + "; ".join(within) + ".")


def rendered() -> dict[str, str]:
    """File name -> text of every schema, as `resoc schema` writes them."""
    return {file_name(kind): json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n" for kind in MODELS}


def stale(folder: Path) -> list[str]:
    """Schema files in `folder` that are missing or differ from the models."""
    return [name for name, text in rendered().items()
            if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]


def write(folder: Path) -> list[str]:
    """Write the schemas that are stale; returns their names. The folder must exist: resoc
    creates no folder a typo in -o names."""
    from .journal import writable_folder

    writable_folder(folder)
    changed = stale(folder)
    texts = rendered()
    for name in changed:
        (folder / name).write_text(texts[name], encoding="utf-8")
    return changed
