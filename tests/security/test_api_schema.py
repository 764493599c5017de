"""The open data API checked against its own OpenAPI schema by schemathesis.

The schema is read from the running app, in the test's process, and every
operation it lists is called with generated requests, valid ones and broken
ones: no answer may be a server error, and each must be one the schema
documents, in the content type and shape it promises.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from cms.opendata.api import api
from tests.cms.conftest import (  # noqa: F401 -- fixtures used by name
    add_child,
    home_page,
    make_news,
    news_index,
    open_data_rows,
    own_throttle_memory,
    tariff_page,
)

SCHEMA_PATH = "/api/open/openapi.json"


pytestmark = pytest.mark.usefixtures("own_throttle_memory")


@pytest.fixture
def open_data_schema(open_data_rows, settings):  # noqa: F811
    # Many examples in a minute are not one visitor's abuse: the limit is
    # raised here and tried on its own in test_a_throttled_answer_is_documented.
    settings.OPEN_DATA_RATE = "100000/m"
    # Django closes the connection around each request it handles; the
    # test's transaction must outlive them, as under the test client.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi(SCHEMA_PATH, get_wsgi_application())
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


# The API's own list of operations, read without a request: the test is
# parametrised with it, and test_the_served_schema_lists_these_operations
# proves the served schema names the same.
OPERATIONS = sorted(
    operation["operationId"]
    for item in api.get_openapi_schema(path_prefix="/api/open/")["paths"].values()
    for operation in item.values()
)
MODES = [schemathesis.GenerationMode.POSITIVE]


def fuzz(schema, operation_id, mode, examples):
    """Call one operation with ``examples`` generated requests and check each
    answer against the schema with every check schemathesis has."""
    strategy = schema.find_operation_by_id(operation_id).as_strategy(mode)

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        case.call_and_validate()

    run()


def test_the_served_schema_lists_these_operations(open_data_schema):
    served = sorted(
        operation.definition.raw["operationId"]
        for operation in (
            result.ok() for result in open_data_schema.get_all_operations()
        )
    )

    assert served == OPERATIONS
    assert "list_tariffs" in served and "csv_outages" in served


@pytest.mark.parametrize("mode", MODES, ids=str)
@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_every_operation_answers_as_its_schema_says(
    open_data_schema, operation_id, mode
):
    fuzz(open_data_schema, operation_id, mode, examples=5)


@pytest.mark.long
@pytest.mark.parametrize("mode", MODES, ids=str)
@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_every_operation_answers_as_its_schema_says_many_times(
    open_data_schema, operation_id, mode
):
    fuzz(open_data_schema, operation_id, mode, examples=200)


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_a_throttled_answer_is_documented(open_data_schema, settings, operation_id):
    settings.OPEN_DATA_RATE = "1/m"
    operation = open_data_schema.find_operation_by_id(operation_id)
    case = operation.Case()

    first = case.call_and_validate()
    second = case.call_and_validate()

    assert (first.status_code, second.status_code) == (200, 429)
    assert 0 < int(second.headers["retry-after"][0]) <= 60
    assert second.json() == {"detail": "Too many requests."}


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_the_api_refuses_to_be_written_to(open_data_schema, operation_id):
    operation = open_data_schema.find_operation_by_id(operation_id)

    answers = [
        operation.Case(method=method).call()
        for method in ("POST", "PUT", "PATCH", "DELETE")
    ]

    assert [answer.status_code for answer in answers] == [405] * 4
    assert {tuple(answer.headers["allow"]) for answer in answers} == {("GET",)}
