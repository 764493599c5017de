"""Printable documents of a dwelling: the monthly bill ("рахунок-повідомлення")
and the settlement certificate ("довідка про стан розрахунків").

Documents are always in Ukrainian, whatever language the resident browses in,
because banks and providers accept them in Ukrainian only.
"""

from cms.core.pdf import (
    DOCUMENT_LANGUAGE,
    DOCUMENT_TIME_ZONE,
    FONTS_DIR,
    DocumentError,
    amount_in_words,
    local_font,
)
from plugins.billing.documents.bill import (
    Bill,
    ProviderBlock,
    bill_digest,
    build_bill,
    full_address,
    initials,
    render_bill_pdf,
)
from plugins.billing.documents.certificate import (
    CertificateDateError,
    certificate_figures,
    earliest_certificate_date,
    issue_certificate,
    render_certificate_pdf,
)

__all__ = [
    "DOCUMENT_LANGUAGE",
    "DOCUMENT_TIME_ZONE",
    "FONTS_DIR",
    "Bill",
    "CertificateDateError",
    "DocumentError",
    "ProviderBlock",
    "amount_in_words",
    "bill_digest",
    "build_bill",
    "certificate_figures",
    "earliest_certificate_date",
    "full_address",
    "initials",
    "issue_certificate",
    "local_font",
    "render_bill_pdf",
    "render_certificate_pdf",
]
