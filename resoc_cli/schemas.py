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
