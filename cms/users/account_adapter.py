"""The portal's allauth account adapter."""

from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from wagtail.models import Site

from cms.users.account_mail import send_or_queue


@dataclass(frozen=True)
class PortalSite:
    """What allauth's e-mails call ``current_site``: the portal's name, as
    editors gave it, and the address it was asked at."""

    name: str
    domain: str


def portal_site(request):
    site = Site.find_for_request(request) if request is not None else None
    name = (site and site.site_name) or settings.WAGTAIL_SITE_NAME
    domain = request.get_host() if request is not None else ""
    return PortalSite(name, domain)


class PortalAccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject):
        """«[Павлоград — комунальний портал] …», not the server's address."""
        return f"[{portal_site(allauth_context.request).name}] {subject}"

    def send_mail(self, template_prefix, email, context):
        """As allauth's, but a mail server that fails queues the message
        instead of failing the resident's request."""
        request = allauth_context.request
        full_context = {
            "request": request,
            "email": email,
            "current_site": portal_site(request),
            **context,
        }
        message = self.render_mail(template_prefix, email, full_context)
        # The template's last part names the kind in the log: never the address.
        send_or_queue(message, template_prefix.rsplit("/", 1)[-1])
