"""Who may open an application and what it holds: its applicant, and the
social-protection office. Anyone else is told it does not exist."""

from django.db.models import Q
from django.http import Http404

from plugins.subsidies.models import SubsidyApplication, SubsidyDocument

VIEW_PERMISSION = "subsidies.view_subsidyapplication"


def is_office(user):
    """A member of the social-protection office (or a superuser)."""
    return user.is_authenticated and user.has_perm(VIEW_PERMISSION)


def office_applications(user):
    """The applications the office's screens list and open: those sent to it,
    never a resident's draft, even one of the office's own members."""
    if is_office(user):
        return SubsidyApplication.objects.filter(submitted_at__isnull=False)
    return SubsidyApplication.objects.none()


def visible_applications(user):
    """The applications whose forms and documents ``user`` may open: their
    own, and for the office, those sent to it. A draft is the resident's own
    until it is sent; an office member who applies is a resident too."""
    if not user.is_authenticated:
        return SubsidyApplication.objects.none()
    own = Q(applicant=user)
    if is_office(user):
        return SubsidyApplication.objects.filter(own | Q(submitted_at__isnull=False))
    return SubsidyApplication.objects.filter(own)


def application_for(user, pk):
    """The application ``pk`` if ``user`` may open it, else 404: a stranger
    learns nothing, not even that it exists."""
    found = visible_applications(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such application.")
    return found


def own_application(user, pk, queryset=None):
    """The application ``pk`` if ``user`` is its applicant, else 404: the
    resident's pages (the form, the status, withdrawing) are the applicant's
    alone; the office works on applications in its own screens."""
    if not user.is_authenticated:
        raise Http404("No such application.")
    queryset = SubsidyApplication.objects.all() if queryset is None else queryset
    found = queryset.filter(applicant=user, pk=pk).first()
    if found is None:
        raise Http404("No such application.")
    return found


def document_for(user, pk):
    """An uploaded document under the same rule as its application."""
    found = (
        SubsidyDocument.objects.filter(application__in=visible_applications(user))
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such document.")
    return found
