"""The portal's allauth account adapter."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from cms.users.account_mail import send_or_queue


class PortalAccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """As allauth's, but a mail server that fails queues the message
        instead of failing the resident's request."""
        request = allauth_context.request
        full_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        message = self.render_mail(template_prefix, email, full_context)
        # The template's last part names the kind in the log: never the address.
        send_or_queue(message, template_prefix.rsplit("/", 1)[-1])
