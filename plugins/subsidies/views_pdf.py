"""The application and declaration PDFs the office received, as stored when
the resident sent them."""

import logging

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from plugins.subsidies import access, printing

logger = logging.getLogger(__name__)


@require_safe
@login_required
def form_pdf(request, pk, form_pk):
    """One generated form of an application, opened in the browser.

    Who may see it: the applicant and the social-protection office (which sees
    only applications that were sent); anyone else gets 404, and an anonymous
    visitor the login page.
    """
    application = access.application_for(request.user, pk)
    form = get_object_or_404(application.submitted_forms, pk=form_pk)

    response = FileResponse(
        form.file.open("rb"),
        content_type="application/pdf",
        filename=printing.download_name(form),
    )
    # The forms hold a household's personal data: no shared cache may keep a
    # copy, and the browser must not guess the type of what it got.
    patch_cache_control(response, private=True)
    response["X-Content-Type-Options"] = "nosniff"
    logger.info(
        "subsidy form %s of application %s opened by user %s",
        form.pk,
        application.pk,
        request.user.pk,
    )
    return response
