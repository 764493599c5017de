from django.contrib import messages
from django.shortcuts import redirect
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import AdminURLFinder

from cms.core.protection import protecting_relations


@hooks.register("before_delete_snippet")
def refuse_to_delete_what_the_books_use(request, instances):
    """Stop the delete and say which records still refer to the snippet."""
    for instance in instances:
        relations = protecting_relations(instance)
        if not relations:
            continue

        messages.error(
            request,
            _("%(object)s cannot be deleted: %(records)s still refer to it.")
            % {"object": instance, "records": get_text_list(relations, _("and"))},
        )
        edit_url = AdminURLFinder(request.user).get_edit_url(instance)
        return redirect(edit_url or "wagtailadmin_home")
    return None
