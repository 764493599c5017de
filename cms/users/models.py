from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from cms.users.display_names import validate_display_name


class User(AbstractUser):
    """A person with a login: a resident, an editor, provider or social-protection
    staff. What they may do comes from groups and from the dwellings linked to them."""

    # The name other residents see and look a person up by, instead of their
    # e-mail or real name; empty until the user chooses one.
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        null=True,
        blank=True,
        help_text=_("The name other residents see and find you by."),
        validators=[validate_display_name],
    )

    def public_name(self):
        """What others see next to this user's posts: the chosen display name,
        or a neutral label with a number, never the e-mail they log in with."""
        return self.display_name or _("Resident no. %(number)s") % {"number": self.pk}

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(
                Lower("display_name"),
                name="unique_display_name_any_case",
                violation_error_message=_("This display name is already taken."),
            )
        ]
