"""The city's public data as flat rows, one dict each: the same rows are
served as JSON and as CSV, so the two never disagree.

Only what the public pages already show is here: tariffs a public tariff
page lists, every provider's public requisites, the branches that take
utility payments, and live, public news. No resident, account or charge.
"""

from cms.directory.models import BankBranch, Provider
from cms.news.feeds import published
from cms.news.models import NewsKind
from cms.tariffs.models import TariffCostItem
from cms.tariffs.search import listed_tariffs


def money(value):
    """A decimal as text, exactly as stored: JSON numbers would round it."""
    return None if value is None else str(value)


def day(value):
    return value.isoformat() if value else None


def tariffs():
    rows = listed_tariffs().select_related("provider", "service")
    return [
        {
            "id": tariff.pk,
            "service": tariff.service.code,
            "service_name": tariff.service.name,
            "provider": tariff.provider.code if tariff.provider else None,
            "provider_name": tariff.provider.short_name if tariff.provider else None,
            "consumer_group": tariff.consumer_group,
            "unit": tariff.unit,
            "price": money(tariff.price),
            "valid_from": day(tariff.valid_from),
            "valid_to": day(tariff.valid_to),
            "status": tariff.status,
            "decision": tariff.decision,
            "source_url": tariff.source_url,
            "is_example": tariff.is_example,
        }
        for tariff in rows.order_by("service__sort_order", "provider__code", "pk")
    ]


def tariff_cost_items():
    items = TariffCostItem.objects.filter(tariff__in=listed_tariffs())
    return [
        {
            "tariff": item.tariff_id,
            "name": item.name,
            "share_percent": money(item.share_percent),
            "amount": money(item.amount),
        }
        for item in items.order_by("tariff_id", "sort_order", "pk")
    ]


def providers():
    rows = Provider.objects.prefetch_related("services").order_by("code")
    return [
        {
            "code": provider.code,
            "name": provider.name,
            "short_name": provider.short_name,
            "edrpou": provider.edrpou,
            "iban": provider.iban,
            "bank_name": provider.bank_name,
            "address": provider.address,
            "phones": provider.phones,
            "email": provider.email,
            "website": provider.website,
            "hours": provider.hours,
            "services": " ".join(s.code for s in provider.services.all()),
            "is_example": provider.is_example,
        }
        for provider in rows
    ]


def bank_branches():
    rows = BankBranch.objects.filter(takes_utility_payments=True).order_by("pk")
    return [
        {
            "id": branch.pk,
            "bank": branch.bank,
            "name": branch.name,
            "address": branch.address,
            "hours": branch.hours,
            "phone": branch.phone,
            "commission_note": branch.commission_note,
            "is_example": branch.is_example,
        }
        for branch in rows
    ]


def news(kind=None):
    rows = published(kind).select_related("provider")
    return [
        {
            "id": page.pk,
            "kind": page.kind,
            "title": page.title,
            "date": day(page.date),
            "summary": page.summary,
            "starts_at": day(page.starts_at),
            "ends_at": day(page.ends_at),
            "location": page.location,
            "provider": page.provider.code if page.provider else None,
            "url": page.full_url,
        }
        for page in rows
    ]


def outages():
    return news(NewsKind.OUTAGE)
