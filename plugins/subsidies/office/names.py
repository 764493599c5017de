"""How people are named on the office's screens."""

from django.db.models import OuterRef, Subquery

from plugins.subsidies.choices import Relation
from plugins.subsidies.models import HouseholdMember


def applicant_names():
    """The applicant member's full name as the resident wrote it, for
    ``annotate(applicant_full_name=...)``."""
    return Subquery(
        HouseholdMember.objects.filter(
            application=OuterRef("pk"), relation=Relation.APPLICANT
        ).values("full_name")[:1]
    )


def person_name(user):
    """A user's name for staff screens, their e-mail if they gave none."""
    if user is None:
        return None
    return user.get_full_name() or user.email or user.get_username()
