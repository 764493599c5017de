"""The subsidies plugin's admin screens: the social-protection office's queue,
application screens and steps, and its dashboard panel."""

from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from plugins.subsidies import access
from plugins.subsidies.office.application_admin import SubsidyApplicationAdmin
from plugins.subsidies.office.dashboard import OfficePanel

modeladmin_register(SubsidyApplicationAdmin)


@hooks.register("construct_homepage_panels")
def add_office_panel(request, panels):
    if access.is_office(request.user):
        panels.append(OfficePanel())
