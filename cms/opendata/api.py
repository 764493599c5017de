"""The open data API: the city's tariffs with their history, providers, bank
branches, news and outages, as JSON and CSV, read-only, with an OpenAPI
schema at /api/open/openapi.json (docs/api.md).

Who may see it: anyone; every row is public (cms.opendata.rows). Each
address answers a visitor a bounded number of times a minute, and may be
cached by browsers and proxies for a few minutes.
"""

import csv
import io

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from ninja import NinjaAPI, Schema
from ninja.throttling import AnonRateThrottle

from cms.opendata import rows

#: Seconds a response may be reused: tariffs and directories change rarely.
CACHED_FOR = 300


class VisitorThrottle(AnonRateThrottle):
    """Ninja's per-address limit, its rate read from ``OPEN_DATA_RATE`` at
    each request: a deployment sets it in settings, and a test can too."""

    def __init__(self):
        super().__init__(settings.OPEN_DATA_RATE)

    def allow_request(self, request):
        self.rate = settings.OPEN_DATA_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


api = NinjaAPI(
    title="Open data of the communal portal",
    version="1",
    description="Tariffs with their history, providers, bank branches, news "
    "and outages. Read-only; no personal data.",
    urls_namespace="opendata",
    # The interactive docs page loads its scripts from another host.
    docs_url=None,
    throttle=[VisitorThrottle()],
)


class TooManyRequests(Schema):
    """What a visitor over the limit is told, with Retry-After in seconds."""

    detail: str


# Every operation may answer 429 (the throttle above), and says so: a client
# generated from the schema then knows to wait rather than fail.
THROTTLED = {
    "description": "Too many requests from this address; wait the seconds "
    "the Retry-After header gives.",
    "headers": {
        "Retry-After": {
            "description": "Seconds to wait before asking again.",
            "schema": {"type": "integer", "minimum": 0},
        }
    },
}


class Tariff(Schema):
    id: int
    service: str
    service_name: str
    provider: str | None
    provider_name: str | None
    consumer_group: str
    unit: str
    price: str
    valid_from: str | None
    valid_to: str | None
    status: str
    decision: str
    source_url: str
    is_example: bool


class TariffCostItem(Schema):
    tariff: int
    name: str
    share_percent: str | None
    amount: str | None


class Provider(Schema):
    code: str
    name: str
    short_name: str
    edrpou: str
    iban: str
    bank_name: str
    address: str
    phones: str
    email: str
    website: str
    hours: str
    services: str
    is_example: bool


class BankBranch(Schema):
    id: int
    bank: str
    name: str
    address: str
    hours: str
    phone: str
    commission_note: str
    is_example: bool


class NewsItem(Schema):
    id: int
    kind: str
    title: str
    date: str
    summary: str
    starts_at: str | None
    ends_at: str | None
    location: str
    provider: str | None
    url: str


def cell(value):
    """A value as CSV text, written as JSON writes it: true, false, empty."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def as_csv(name, dataset, schema):
    """``dataset``'s rows as a CSV file with a header line, even with no row."""
    table = dataset()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(schema.model_fields))
    writer.writeheader()
    if table:
        writer.writerows(
            {key: cell(value) for key, value in row.items()} for row in table
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    patch_cache_control(response, public=True, max_age=CACHED_FOR)
    return response


DATASETS = {
    "tariffs": (rows.tariffs, Tariff),
    "tariff-cost-items": (rows.tariff_cost_items, TariffCostItem),
    "providers": (rows.providers, Provider),
    "bank-branches": (rows.bank_branches, BankBranch),
    "news": (rows.news, NewsItem),
    "outages": (rows.outages, NewsItem),
}


# The CSV file's media type, which the schema would otherwise leave unsaid.
CSV_FILE = {
    "description": "The rows as a CSV file with a header line.",
    "content": {"text/csv": {"schema": {"type": "string"}}},
}


def publish(name, dataset, schema):
    """Serve ``dataset`` at /<name> as JSON and /<name>.csv as CSV."""

    @api.get(
        f"/{name}",
        response={200: list[schema], 429: TooManyRequests},
        operation_id=f"list_{name}",
        summary=f"{name}, as JSON",
        openapi_extra={"responses": {429: THROTTLED}},
    )
    def as_json(request, response: HttpResponse):
        patch_cache_control(response, public=True, max_age=CACHED_FOR)
        return dataset()

    @api.get(
        f"/{name}.csv",
        response={429: TooManyRequests},
        operation_id=f"csv_{name}",
        summary=f"{name}, as CSV",
        openapi_extra={"responses": {200: CSV_FILE, 429: THROTTLED}},
    )
    def csv_file(request):
        return as_csv(name, dataset, schema)


for _name, (_dataset, _schema) in DATASETS.items():
    publish(_name, _dataset, _schema)
