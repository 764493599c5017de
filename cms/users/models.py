from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person with a login: a resident, an editor, provider or social-protection
    staff. What they may do comes from groups and from the dwellings linked to them."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
