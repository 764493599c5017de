"""Wagtail's API v2 at /api/v2/: the site's pages, images and documents for
programs, the CMS used headless.

Who may see it: anyone. Pages are live and public only (Wagtail's own
filter); documents in a collection with a view restriction are left out,
as their files are served to permitted users only.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import CollectionViewRestriction


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    def get_queryset(self):
        restricted = CollectionViewRestriction.objects.values("collection")
        return super().get_queryset().exclude(collection__in=restricted)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
