from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    name = "cms.users"
    label = "users"
    verbose_name = _("Users")

    def ready(self):
        from cms.users.personal_data import register_personal_data
        from cms.users.profile_data import profile_of
        from cms.users.second_factor_signals import connect

        connect()

        register_personal_data("profile", profile_of)
