from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.tariffs.models import ConsumptionNorm, Tariff


class TariffViewSet(SnippetViewSet):
    model = Tariff
    icon = "doc-full"
    list_display = [
        "service",
        "provider",
        "consumer_group",
        "price",
        "valid_from",
        "status",
        BooleanColumn("is_example", label=_("Example")),
    ]
    list_filter = ["service", "provider", "status", "is_example"]


class ConsumptionNormViewSet(SnippetViewSet):
    model = ConsumptionNorm
    icon = "list-ul"
    list_display = ["category", "service", "value", "unit"]


class TariffGroup(SnippetViewSetGroup):
    items = (TariffViewSet, ConsumptionNormViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Tariffs")
    menu_name = "tariffs"


register_snippet(TariffGroup)
