from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.directory.models import BankBranch, Provider, PublicPlace, Service


class ProviderViewSet(SnippetViewSet):
    model = Provider
    icon = "group"
    list_display = [
        "short_name",
        "code",
        "edrpou",
        BooleanColumn("is_retail", label=_("Bills residents")),
        BooleanColumn("is_example", label=_("Example")),
    ]
    list_filter = ["is_example", "is_retail"]
    search_fields = ["name", "short_name", "code"]


class ServiceViewSet(SnippetViewSet):
    model = Service
    icon = "tag"
    list_display = ["name", "code", "sort_order"]


class BankBranchViewSet(SnippetViewSet):
    model = BankBranch
    icon = "home"
    list_display = [
        "bank",
        "address",
        BooleanColumn("takes_utility_payments", label=_("Takes payments")),
        BooleanColumn("is_example", label=_("Example")),
    ]
    list_filter = ["bank", "takes_utility_payments", "is_example"]


class PublicPlaceViewSet(SnippetViewSet):
    model = PublicPlace
    icon = "site"
    list_display = ["name", "kind", "address"]
    list_filter = ["kind"]


class DirectoryGroup(SnippetViewSetGroup):
    items = (ProviderViewSet, ServiceViewSet, BankBranchViewSet, PublicPlaceViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Directories")
    menu_name = "directories"


register_snippet(DirectoryGroup)
