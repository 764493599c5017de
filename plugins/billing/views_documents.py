"""The cabinet's documents besides the PDF bill: the bill's print page, the
settlement certificate, and the public page that verifies a certificate.

The verification page lives at ``/cabinet/check/<code>/`` because a plugin
mounts all its URLs under its one prefix; it is the only billing page open to
anonymous visitors, and it shows only what the certificate itself states.
"""

import logging

from allauth.account.adapter import get_adapter
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.http import require_POST, require_safe
from wagtail.models import Site

from cms.core.replica import replica_reads
from plugins.billing import access, bill_runs, documents, ratelimit, services
from plugins.billing.documents.certificate import present
from plugins.billing.models import AccessKind, SettlementCertificate

logger = logging.getLogger(__name__)

# Each certificate is a stored row: ten an hour is more than anyone needs for
# their landlord, bank and subsidy office, and stops a script filling the table.
ISSUED = ratelimit.Limit("certificates-issued", 10, 60 * 60)
# Codes are unguessable, but a visitor who keeps trying unknown ones is guessing;
# twenty misses within a quarter of an hour pause their address's checks, the
# right code included, until the window passes.
UNKNOWN_CODES = ratelimit.Limit("certificate-unknown-codes", 20, 15 * 60)

ISSUE_PAUSED = ngettext_lazy(
    "You have asked for too many certificates in a short time. You can ask for "
    "the next one in %(minutes)s minute at the latest; the certificates already "
    "issued remain valid.",
    "You have asked for too many certificates in a short time. You can ask for "
    "the next one in %(minutes)s minutes at the latest; the certificates already "
    "issued remain valid.",
    "minutes",
)
CHECK_PAUSED = ngettext_lazy(
    "Too many unknown certificate codes were checked from your network. Checking "
    "is paused for at most %(minutes)s minute; please try again later.",
    "Too many unknown certificate codes were checked from your network. Checking "
    "is paused for at most %(minutes)s minutes; please try again later.",
    "minutes",
)


VIEW_ONLY = _(
    "Your access to this dwelling is for viewing only: a certificate is issued "
    "to its residents and to those they allowed to pay."
)


class CertificateForm(forms.Form):
    """The date a settlement certificate is asked for."""

    as_of = forms.DateField(
        label=_("Balance as of"), widget=forms.DateInput(attrs={"type": "date"})
    )


def resident_bill(request, pk, period):
    """The bill of a dwelling the user may see, its opening recorded in the
    dwelling's access log; 404 for another dwelling or a month without
    charges."""
    dwelling = get_object_or_404(services.dwellings_of(request.user), pk=pk)
    bill = documents.build_bill(dwelling, period, Site.find_for_request(request))
    if bill is None:
        raise Http404("No charges for this month.")
    access.record_access(request.user, dwelling, AccessKind.BILL)
    return bill


@replica_reads
@require_safe
@login_required
def bill(request, pk, period):
    """The monthly bill of a dwelling as a PDF.

    Who may see it: residents linked to the dwelling and those they delegated
    access to; others get 404, and so does a month without charges. Owners
    get the copy made at month end when it still holds (see bill_runs.py).
    """
    bill = resident_bill(request, pk, period)

    # HEAD gets the headers without the PDF, the costly part, rendered.
    content = b""
    if request.method != "HEAD":
        content = bill_runs.stored_bill(bill.dwelling, bill)
        if content is None:
            content = documents.render_bill_pdf(bill)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bill-{pk}-{period:%Y-%m}.pdf"'
    return response


@replica_reads
@require_safe
@login_required
def bill_print(request, pk, period):
    """The monthly bill as a print-friendly page with the same content and
    payment QR codes as the PDF.

    Who may see it: residents linked to the dwelling and those they delegated
    access to; others get 404, and so does a month without charges.
    """
    bill = resident_bill(request, pk, period)
    return render(request, "billing/bill_print.html", {"bill": bill})


@require_POST
@login_required
def certificate_issue(request, pk):
    """Issue a settlement certificate as of the date posted, then open its PDF;
    an unacceptable date shows the form again with the reason.

    Who may use it: residents linked to the dwelling and the delegates they
    allowed to pay; a "view" delegate is told why not (403); others get 404.
    A user issued ``ISSUED.most`` certificates within its window gets the form
    with the reason and 429.
    """
    dwelling = get_object_or_404(services.dwellings_of(request.user), pk=pk)

    form = CertificateForm(request.POST)
    if not services.can_pay(request.user, dwelling):
        form.add_error(None, VIEW_ONLY)
        context = {"dwelling": dwelling, "form": form, "may_issue": False}
        return render(request, "billing/certificate_form.html", context, status=403)

    if ratelimit.reached(ISSUED, request.user.pk):
        logger.info(
            "user %s: certificate refused, issue limit reached", request.user.pk
        )
        form.add_error(None, ISSUE_PAUSED % {"minutes": ISSUED.minutes})
        return ratelimit.paused(
            request,
            "billing/certificate_form.html",
            ISSUED,
            dwelling=dwelling,
            form=form,
            may_issue=True,
        )

    if form.is_valid():
        try:
            certificate = documents.issue_certificate(
                dwelling,
                request.user,
                form.cleaned_data["as_of"],
                Site.find_for_request(request),
            )
        except documents.CertificateDateError as error:
            form.add_error("as_of", str(error))
        else:
            ratelimit.count(ISSUED, request.user.pk)
            return redirect(
                "billing:certificate", pk=dwelling.pk, code=certificate.code
            )

    context = {"dwelling": dwelling, "form": form, "may_issue": True}
    return render(request, "billing/certificate_form.html", context, status=400)


@replica_reads
@require_safe
@login_required
def certificate_pdf(request, pk, code):
    """A settlement certificate the resident was issued, as a PDF.

    Who may see it: residents linked to the dwelling and those they delegated
    access to; others get 404.
    """
    dwelling = get_object_or_404(services.dwellings_of(request.user), pk=pk)
    certificate = get_object_or_404(
        SettlementCertificate.objects.select_related("issued_to"),
        dwelling=dwelling,
        code=code,
    )
    access.record_access(request.user, dwelling, AccessKind.CERTIFICATE)

    verify_url = request.build_absolute_uri(
        reverse("billing:certificate_check", args=[certificate.code])
    )
    # HEAD gets the headers without the PDF, the costly part, rendered.
    content = (
        b""
        if request.method == "HEAD"
        else documents.render_certificate_pdf(certificate, verify_url)
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="certificate-{certificate.code}.pdf"'
    )
    return response


@require_safe
def certificate_check(request, code):
    """The public page that confirms a certificate: address, date, figures per
    service, total and issue time, as issued; no account numbers, the holder by
    initials only.

    Who may see it: anyone holding the code; an unknown code is 404, and a
    client address that tried too many unknown codes gets 429 for a while.
    """
    client = client_address(request)
    if ratelimit.reached(UNKNOWN_CODES, client):
        logger.info("certificate check refused after repeated unknown codes")
        reason = CHECK_PAUSED % {"minutes": UNKNOWN_CODES.minutes}
        return ratelimit.paused(
            request, "billing/paused.html", UNKNOWN_CODES, reason=reason
        )

    certificate = SettlementCertificate.objects.filter(code=code.upper()).first()
    if certificate is None:
        ratelimit.count(UNKNOWN_CODES, client)
        raise Http404("No certificate has this code.")
    return render(
        request, "billing/certificate_check.html", {"document": present(certificate)}
    )


def client_address(request):
    """The visitor's address as the sign-in limits see it: behind a proxy, the
    one ALLAUTH_TRUSTED_PROXY_COUNT tells to trust."""
    return get_adapter(request).get_client_ip(request)
