"""Which pages ``benchmarks/web.py`` loads, found in the portal's database."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.urls import reverse
from wagtail.models import Site

from cms.directory.models import ProviderDirectoryPage
from cms.news.models import NewsIndexPage
from cms.tariffs.models import TariffPolicyPage
from plugins.billing import services
from plugins.billing.models import Charge, Payment

CABINET_RATIO, PUBLIC_RATIO, CABINET_P99 = 0.6, 0.5, 100.0


@dataclass
class Page:
    """One URL under load, what it is compared with and what it must reach."""

    name: str
    path: str
    baseline: str = "baseline"
    signed_in: bool = False
    least_ratio: float = 0.0
    most_p99: float | None = None


@dataclass
class Dwelling:
    """The resident's dwelling whose pages are measured, and how much it holds."""

    pk: int
    months: int
    payments: int


def residents_dwelling(email):
    """The dwelling of the resident with ``email`` that has the longest history."""
    user = get_user_model().objects.get(email=email)
    dwelling = (
        services.dwellings_of(user)
        .annotate(months=Count("accounts__charges__period", distinct=True))
        .order_by("-months", "pk")
        .first()
    )
    if dwelling is None:
        raise SystemExit(f"{email} has no dwelling linked to measure.")
    payments = Payment.objects.filter(account__dwelling=dwelling).count()
    return Dwelling(pk=dwelling.pk, months=dwelling.months, payments=payments)


def cabinet_pages(dwelling):
    """The dwelling's overview, its longest-billed service and its payments."""
    longest = (
        Charge.objects.filter(account__dwelling_id=dwelling.pk)
        .values("account_id", "service__code")
        .annotate(months=Count("pk"))
        .order_by("-months", "account_id", "service__code")
        .first()
    )
    service = [dwelling.pk, longest["account_id"], longest["service__code"]]
    paths = [
        ("dwelling overview", reverse("billing:dwelling", args=[dwelling.pk])),
        ("service history", reverse("billing:service_history", args=service)),
        ("payments", reverse("billing:payments", args=[dwelling.pk])),
    ]
    return [
        Page(name, path, "baseline", True, CABINET_RATIO, CABINET_P99)
        for name, path in paths
    ]


def public_pages():
    """The home page and the first live news index, tariffs page and
    providers' directory."""
    home = Site.objects.get(is_default_site=True).root_page
    found = [("home", home)] + [
        (name, model.objects.live().order_by("path").first())
        for name, model in (
            ("news index", NewsIndexPage),
            ("tariffs", TariffPolicyPage),
            ("providers", ProviderDirectoryPage),
        )
    ]
    missing = [name for name, page in found if page is None]
    if missing:
        raise SystemExit(f"No live page for: {', '.join(missing)}.")
    return [
        Page(name, page.get_url(), "hello", False, PUBLIC_RATIO) for name, page in found
    ]


def baselines(dwelling):
    return [
        Page("hello", reverse("benchmark_hello"), ""),
        Page("baseline", reverse("benchmark_baseline", args=[dwelling.pk]), ""),
    ]
