"""Background work of the notifications plugin: e-mail, which may wait on a
slow mail server and so never runs inside a request."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.models import Site

from plugins.notifications.language import recipient_language
from plugins.notifications.links import absolute
from plugins.notifications.models import Notice

logger = logging.getLogger(__name__)


@task()
def send_notice_email(notice_id):
    """E-mail a recorded notice to its recipient's current address; returns
    whether a message went out."""
    notice = Notice.objects.select_related("recipient").filter(pk=notice_id).first()
    if notice is None or not notice.recipient.email:
        logger.warning("notice %s: nothing to e-mail", notice_id)
        return False

    with translation.override(recipient_language(notice.recipient)):
        text = email_text(notice)
    send_mail(notice.subject, text, None, [notice.recipient.email])

    logger.info("notice %s e-mailed to user %s", notice_id, notice.recipient_id)
    return True


def email_text(notice):
    """The notice's text, its link as a full address, and where in the
    cabinet the reader finds it again."""
    parts = [notice.body]
    if notice.link:
        parts.append(_("More on the portal: %(url)s") % {"url": absolute(notice.link)})
    parts.append(
        _("This notice is also kept in your cabinet: %(url)s")
        % {"url": absolute(reverse("notifications:index"))}
    )
    parts.append(f"-- \n{site_name()}")
    return "\n\n".join(parts)


def site_name():
    """The name editors gave the default site, or the configured one."""
    site = Site.objects.filter(is_default_site=True).only("site_name").first()
    return (site and site.site_name) or settings.WAGTAIL_SITE_NAME
