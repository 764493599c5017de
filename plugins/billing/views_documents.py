"""The cabinet's documents besides the PDF bill: the bill's print page, the
settlement certificate, and the public page that verifies a certificate.

The verification page lives at ``/cabinet/check/<code>/`` because a plugin
mounts all its URLs under its one prefix; it is the only billing page open to
anonymous visitors, and it shows only what the certificate itself states.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe
from wagtail.models import Site

from plugins.billing import access, documents, services
from plugins.billing.documents.certificate import present
from plugins.billing.models import AccessKind, SettlementCertificate


class CertificateForm(forms.Form):
    """The date a settlement certificate is asked for."""

    as_of = forms.DateField(
        label=_("Balance as of"), widget=forms.DateInput(attrs={"type": "date"})
    )


@require_safe
@login_required
def bill_print(request, pk, period):
    """The monthly bill as a print-friendly page with the same content and
    payment QR codes as the PDF.

    Who may see it: residents linked to the dwelling and those they delegated
    access to; others get 404, and so does a month without charges.
    """
    dwelling = get_object_or_404(services.dwellings_of(request.user), pk=pk)

    bill = documents.build_bill(dwelling, period, Site.find_for_request(request))
    if bill is None:
        raise Http404("No charges for this month.")
    access.record_access(request.user, dwelling, AccessKind.BILL)
    return render(request, "billing/bill_print.html", {"bill": bill})


@require_POST
@login_required
def certificate_issue(request, pk):
    """Issue a settlement certificate as of the date posted, then open its PDF;
    an unacceptable date shows the form again with the reason.

    Who may use it: residents linked to the dwelling and those they delegated
    access to; others get 404.
    """
    dwelling = get_object_or_404(services.dwellings_of(request.user), pk=pk)

    # TODO: rate-limit issuing (each call stores a row); a per-user limit in
    # the cache, like allauth's login limits, would close this.
    form = CertificateForm(request.POST)
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
            return redirect(
                "billing:certificate", pk=dwelling.pk, code=certificate.code
            )

    context = {"dwelling": dwelling, "form": form}
    return render(request, "billing/certificate_form.html", context, status=400)


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

    Who may see it: anyone holding the code; an unknown code is 404.
    """
    # TODO: rate-limit lookups per client address; codes are unguessable, but a
    # limit would stop anyone from trying.
    certificate = get_object_or_404(SettlementCertificate, code=code.upper())
    return render(
        request, "billing/certificate_check.html", {"document": present(certificate)}
    )
