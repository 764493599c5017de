"""Subsidy applications in a resident's data export, and what closing their
account does to them.

What is kept: every application that reached the social-protection office
(submitted, under review, waiting for information, decided or withdrawn
after sending) stays whole — its decision, amounts, steps, household, incomes
and documents — because it is the office's case file on which a decision was
or will be made, and the office must keep that file, not the portal's user.
It stays linked to the applicant's now anonymous user id. What is erased:
drafts, which never left the resident, with their uploaded files.
"""

from django.db import transaction

from plugins.subsidies.choices import ApplicationStatus
from plugins.subsidies.models import SubsidyApplication, SubsidyDocument


def subsidies_data_of(user):
    """The export's "subsidies" section: each application with its household,
    incomes, amounts, steps and the names (not contents) of its documents;
    a fixed number of queries."""
    applications = (
        SubsidyApplication.objects.filter(applicant=user)
        .select_related("dwelling")
        .prefetch_related(
            "members__incomes", "documents", "amounts__service", "transitions"
        )
        .order_by("-created_at")
    )
    return [application_row(application) for application in applications]


def application_row(application):
    return {
        "id": application.pk,
        "dwelling": application.dwelling.address,
        "status": application.status,
        "created_at": application.created_at,
        "submitted_at": application.submitted_at,
        "decision_number": application.decision_number,
        "period_from": application.period_from,
        "period_to": application.period_to,
        "rejection_reason": application.rejection_reason,
        "rejection_text": application.rejection_text,
        "household": [member_row(member) for member in application.members.all()],
        "amounts": [
            {"service": amount.service.name, "monthly": amount.monthly}
            for amount in application.amounts.all()
        ],
        "steps": [
            {
                "from": step.from_status,
                "to": step.to_status,
                "at": step.at,
                "message": step.message,
            }
            for step in application.transitions.all()
        ],
        "documents": [
            {"title": document.title, "file": document.file.name.rsplit("/", 1)[-1]}
            for document in application.documents.all()
        ],
    }


def member_row(member):
    return {
        "full_name": member.full_name,
        "birth_date": member.birth_date,
        "relation": member.relation,
        "rnokpp": member.rnokpp,
        "incomes": [
            {"kind": income.kind, "amount": income.amount}
            for income in member.incomes.all()
        ],
    }


def erase_subsidy_drafts_of(user):
    """Delete the user's drafts; their files go once the closing commits, so
    a failed closing leaves them in place."""
    drafts = SubsidyApplication.objects.filter(
        applicant=user, status=ApplicationStatus.DRAFT
    )
    files = list(
        SubsidyDocument.objects.filter(application__in=drafts).values_list(
            "file", flat=True
        )
    )
    drafts.delete()
    transaction.on_commit(lambda: delete_files(files))


def delete_files(names):
    storage = SubsidyDocument._meta.get_field("file").storage
    for name in names:
        storage.delete(name)
