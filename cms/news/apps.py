from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "cms.news"
    label = "news"
    verbose_name = _("News")

    def ready(self):
        from wagtail.signals import page_published

        from cms.news.models import NewsPage
        from cms.news.search import register_search
        from cms.news.signals import announce

        register_search()
        page_published.connect(announce, sender=NewsPage, dispatch_uid="news_announce")
