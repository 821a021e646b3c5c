"""Validating API output against the vendored OParl 1.1 JSON schemas."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

SCHEMA_DIR = Path(__file__).parent / "oparl_schema"
SCHEMAS = {p.stem: json.loads(p.read_text()) for p in SCHEMA_DIR.glob("*.json")}


def validate(obj: dict, kind: str) -> int:
    """Check `obj` against the OParl schema `kind`, and the objects embedded in it; returns
    how many objects were checked."""
    schema = SCHEMAS[kind]
    jsonschema.Draft4Validator(schema).validate(obj)
    assert obj["type"] == f"https://schema.oparl.org/1.1/{kind}"
    assert obj["id"].startswith("https://scrutiny.council.example/oparl/v1/")
    checked = 1
    for name, prop in schema["properties"].items():
        nested = prop.get("schema") or prop.get("items", {}).get("schema")
        value = obj.get(name)
        if not nested or value is None:
            continue
        values = value if isinstance(value, list) else [value]
        for each in values:
            if isinstance(each, dict):
                checked += validate(each, nested.removesuffix(".json"))
    return checked
