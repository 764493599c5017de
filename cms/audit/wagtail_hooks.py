from wagtail import hooks
from wagtail.permissions import register_permission_policy

from cms.audit.admin_views import AuditEntryViewSet
from cms.audit.models import AuditEntry
from cms.audit.permissions import SuperusersReadOnlyPolicy

register_permission_policy(AuditEntry, SuperusersReadOnlyPolicy(AuditEntry))


@hooks.register("register_admin_viewset")
def register_audit_log():
    return AuditEntryViewSet("audit_log")
