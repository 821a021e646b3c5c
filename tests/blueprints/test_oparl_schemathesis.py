"""Schemathesis against the OParl API's OpenAPI description: generated requests never cause a
server error, and every response matches the documented status codes, type and schema."""

from __future__ import annotations

import contextvars

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.blueprints.test_oparl import council  # noqa: F401  (the fixture)


@pytest.fixture
def api_schema(app, council):  # noqa: F811
    """The API's own OpenAPI description, called in-process like a separate client."""

    def isolated(environ, start_response):
        def run():
            result = app(environ, start_response)
            try:
                return list(result)
            finally:
                getattr(result, "close", lambda: None)()

        return contextvars.Context().run(run)

    return schemathesis.openapi.from_wsgi("/oparl/v1/openapi.json", isolated)


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_api_matches_its_description(api_schema):
    """A fixed number of examples per operation, derandomised so every run is the same."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 6
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(checks=CHECKS)

        check()
