"""The OpenAPI 3 description of the OParl API (the objects themselves follow the OParl schemas)."""

from __future__ import annotations

from scrutiny.services.public.oparl import LISTS

OBJECT_KINDS = [
    "organization",
    "person",
    "membership",
    "meeting",
    "agendaitem",
    "paper",
    "consultation",
    "file",
    "location",
]

_OBJECT = {"$ref": "#/components/schemas/Object"}
_ERRORS = {
    "400": {
        "description": "A parameter is not valid",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
    "404": {
        "description": "No such object, or not public",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
}


def _ok(schema: dict, what: str) -> dict:
    return {
        "200": {"description": what, "content": {"application/json": {"schema": schema}}},
        **_ERRORS,
    }


def _path(name: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema or {"type": "string"}}


_LIST_PARAMETERS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000}},
    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
    {
        "name": "modified_since",
        "in": "query",
        "schema": {"type": "string", "format": "date-time"},
        "description": "Only objects changed at or after this moment (ISO 8601)",
    },
]


def description(server: str) -> dict:
    """The OpenAPI document, with `server` as the base URL."""
    page = {"$ref": "#/components/schemas/Page"}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Scrutiny OParl 1.1 API",
            "version": "1.1",
            "description": "Read-only public data: committees, councillors, meetings, published "
            "agendas, reports and documents. Exempt (Part 2) items never appear. Objects follow "
            "the OParl 1.1 schemas (https://schema.oparl.org/1.1/).",
        },
        "servers": [{"url": server}],
        "paths": {
            "/oparl/v1/system": {
                "get": {"summary": "The System object", "responses": _ok(_OBJECT, "The system")}
            },
            "/oparl/v1/bodies": {
                "get": {"summary": "The bodies (one council)", "responses": _ok(page, "A list")}
            },
            "/oparl/v1/body/{body_id}": {
                "get": {
                    "summary": "The council",
                    "parameters": [_path("body_id", {"type": "integer"})],
                    "responses": _ok(_OBJECT, "The body"),
                }
            },
            "/oparl/v1/body/{body_id}/{kind}": {
                "get": {
                    "summary": "A paginated list of the body's objects of one kind",
                    "parameters": [
                        _path("body_id", {"type": "integer"}),
                        _path("kind", {"type": "string", "enum": sorted(LISTS)}),
                        *_LIST_PARAMETERS,
                    ],
                    "responses": _ok(page, "A page of objects"),
                }
            },
            "/oparl/v1/organization/{committee_id}/meetings": {
                "get": {
                    "summary": "A committee's public meetings",
                    "parameters": [_path("committee_id", {"type": "integer"}), *_LIST_PARAMETERS],
                    "responses": _ok(page, "A page of meetings"),
                }
            },
            "/oparl/v1/{kind}/{key}": {
                "get": {
                    "summary": "One object",
                    "parameters": [
                        _path("kind", {"type": "string", "enum": OBJECT_KINDS}),
                        _path("key"),
                    ],
                    "responses": _ok(_OBJECT, "The object"),
                }
            },
        },
        "components": {
            "schemas": {
                "Object": {
                    "type": "object",
                    "required": ["id", "type"],
                    "properties": {"id": {"type": "string"}, "type": {"type": "string"}},
                },
                "Page": {
                    "type": "object",
                    "required": ["data", "pagination", "links"],
                    "properties": {
                        "data": {"type": "array", "items": _OBJECT},
                        "pagination": {
                            "type": "object",
                            "required": [
                                "totalElements",
                                "elementsPerPage",
                                "currentPage",
                                "totalPages",
                            ],
                        },
                        "links": {"type": "object", "required": ["first", "last"]},
                    },
                },
                "Error": {
                    "type": "object",
                    "required": ["type", "message"],
                    "properties": {"type": {"type": "string"}, "message": {"type": "string"}},
                },
            }
        },
    }
