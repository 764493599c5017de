"""One small city for the authorisation matrix: resident A's dwelling with
everything a cabinet holds, resident B's dwelling next door, and one person of
each kind of staff. Built from the other areas' fixtures, never from the demo.
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from cms.directory.models import Provider
from cms.news.models import NewsPage
from fixtures.users import editors_group
from plugins.billing.documents.certificate import certificate_figures
from plugins.billing.models import (
    AccessLevel,
    BillingImport,
    ChargeDispute,
    DwellingAccess,
    ProviderStaff,
    SettlementCertificate,
)
from plugins.forum import services as forum_services
from plugins.forum.models import PostReport
from plugins.messaging import services as messaging_services
from plugins.messaging.models import Report
from plugins.messaging.staff import moderators_group as messaging_moderators
from plugins.notifications.models import Notice
from plugins.payments.gateways import SandboxGateway
from plugins.payments.services import start_payment
from plugins.subsidies.models import SubmittedForm, SubsidyApplication
from plugins.subsidies.staff import social_protection_group
from tests.billing.conftest import (  # noqa: F401 -- fixtures used by name
    billed_dwelling,
    neighbour,
    neighbours_dwelling,
    private_cache,
    resident,
)
from tests.cms.conftest import add_child, home_page, news_index  # noqa: F401
from tests.conftest import make_user
from tests.forum.conftest import start_topic
from tests.security import access_rules as roles
from tests.subsidies.conftest import (  # noqa: F401
    application,  # noqa: F401
    make_document,
    private_files,
)


@pytest.fixture
def flat(billed_dwelling):  # noqa: F811
    """The subsidies' flat is resident A's billed dwelling itself."""
    return billed_dwelling


@pytest.fixture
def heat_provider(services):
    provider = Provider.objects.create(
        code="TEP", name="КП «Тепломережа»", short_name="КП «Тепло»"
    )
    provider.services.set([services["central_heating"]])
    return provider


def staff_of(provider):
    """A provider's employee who uploads exports and keeps meters."""
    user = make_user("Оператор", "operator@example.test")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="billing",
            codename__in=[
                "add_billingimport",
                "view_billingimport",
                "view_meter",
                "change_meter",
                "view_chargedispute",
                "change_chargedispute",
            ],
        ),
    )
    ProviderStaff.objects.create(user=user, provider=provider)
    return user


def people(resident, neighbour, heat_provider, home, django_user_model):  # noqa: F811
    moderator = make_user("Модератор", "moderator@example.test")
    moderator.groups.add(forum_services.moderators_group())
    messaging_moderators()
    social = make_user("Соцзахист", "social@example.test")
    social.groups.add(social_protection_group())
    editor = make_user("Редактор", "editor@example.test")
    editor.groups.add(editors_group(home))
    return {
        roles.RESIDENT_A: resident,
        roles.RESIDENT_B: neighbour,
        roles.PROVIDER_STAFF: staff_of(heat_provider),
        roles.EDITOR: editor,
        roles.SOCIAL: social,
        roles.MODERATOR: moderator,
        roles.SUPERUSER: django_user_model.objects.create_superuser(
            username="root", email="root@example.test", password="x"
        ),
    }


@pytest.fixture
def city(
    resident,  # noqa: F811
    neighbour,  # noqa: F811
    billed_dwelling,  # noqa: F811
    neighbours_dwelling,  # noqa: F811
    application,  # noqa: F811
    water_provider,
    heat_provider,
    news_index,  # noqa: F811
    home_page,  # noqa: F811
    django_user_model,
):
    """Everything the matrix's sample addresses point at: A's things, a
    stranger who writes to A, a forum topic, a news page, an import."""
    who = people(resident, neighbour, heat_provider, home_page, django_user_model)
    stranger = make_user("Незнайомець", "stranger@example.test")
    account = billed_dwelling.accounts.get()
    charge = account.charges.order_by("-period", "pk").first()

    # Sent, so it is the office's to see as well as A's.
    SubsidyApplication.objects.filter(pk=application.pk).update(
        status="submitted", submitted_at=timezone.now()
    )
    member = application.members.get()
    document = make_document(application)
    form = SubmittedForm.objects.create(
        application=application,
        kind="application",
        file=ContentFile(b"%PDF-1.4\n", name="application.pdf"),
    )

    certificate = SettlementCertificate.objects.create(
        code="MATRIX0001",
        dwelling=billed_dwelling,
        issued_to=resident,
        as_of=date(2026, 11, 30),
        figures=certificate_figures(billed_dwelling, date(2026, 11, 30)),
    )
    dispute = ChargeDispute.objects.create(
        charge=charge,
        account=account,
        service=charge.service,
        period=charge.period,
        author=resident,
        text="Забагато води",
    )
    relative = make_user("Родич", "relative@example.test")
    access = DwellingAccess.objects.create(
        dwelling=billed_dwelling,
        user=relative,
        level=AccessLevel.VIEW,
        granted_by=resident,
    )
    payment = start_payment(
        resident,
        billed_dwelling,
        account,
        Decimal("100.00"),
        SandboxGateway("sandbox", settings.PAYMENTS_SANDBOX_KEY),
    )
    notice = Notice.objects.create(
        recipient=resident, subject="Рахунок готовий", body="Так", link="/cabinet/"
    )

    conversation = messaging_services.start_conversation(
        stranger, resident, "Добрий день"
    ).conversation
    message = conversation.messages.get()
    message_report = Report.objects.create(
        message=message, reporter=resident, reason="Спам"
    )

    forums = forum_services.seed_forums()
    forum = forums[forum_services.CITY_TOPICS]
    topic, post = start_topic(forum, resident, "Тиск води")
    post_report = PostReport.objects.create(post=post, reporter=neighbour, reason="?")

    news = add_child(
        news_index,
        NewsPage(title="Відключення води", date=date(2026, 11, 2), body="<p>Вода</p>"),
    )

    upload = BillingImport.objects.create(
        provider=water_provider,
        file_name="pvk-2026-11.csv",
        file=ContentFile(b"", name="pvk-2026-11.csv"),
        month=date(2026, 11, 1),
        sha256="0" * 64,
        status="applied",
    )

    return SimpleNamespace(
        people=who,
        dwelling=billed_dwelling,
        account=account,
        charge=charge,
        application=application,
        member=member,
        document=document,
        form=form,
        certificate=certificate,
        dispute=dispute,
        access=access,
        payment=payment,
        notice=notice,
        conversation=conversation,
        message=message,
        message_report=message_report,
        forum=forum,
        topic=topic,
        post=post,
        post_report=post_report,
        news=news,
        upload=upload,
        stranger=stranger,
    )


def office_steps(application_pk):
    """The office's screens of A's sent application."""
    steps = ["inspect", "take", "request_information", "approve", "reject"]
    return {
        f"subsidies_applications_modeladmin_{step}": (
            f"/admin/subsidies/applications/{step}/{application_pk}/"
        )
        for step in steps
    }


def sample_addresses(city):
    """Real addresses for the patterns whose parameters name an object: A's
    dwelling and what hangs on it, and the staff's objects."""
    dwelling = city.dwelling.pk
    app = city.application.pk
    news = city.news.pk
    forum = (city.forum.slug, city.forum.pk)
    topic = (city.topic.slug, city.topic.pk)
    return {
        "billing:dwelling": reverse("billing:dwelling", args=[dwelling]),
        "billing:bill": reverse("billing:bill", args=[dwelling, "2026-11"]),
        "billing:bill_print": reverse("billing:bill_print", args=[dwelling, "2026-11"]),
        "billing:service_history": reverse(
            "billing:service_history",
            args=[dwelling, city.account.pk, "water_supply"],
        ),
        "billing:payments": reverse("billing:payments", args=[dwelling]),
        "billing:unlink_dwelling": reverse("billing:unlink_dwelling", args=[dwelling]),
        "billing:certificate_issue": reverse(
            "billing:certificate_issue", args=[dwelling]
        ),
        "billing:certificate": reverse(
            "billing:certificate", args=[dwelling, city.certificate.code]
        ),
        "billing:certificate_check": reverse(
            "billing:certificate_check", args=[city.certificate.code]
        ),
        "billing:readings": reverse("billing:readings", args=[dwelling]),
        "billing:dispute_charge": reverse(
            "billing:dispute_charge", args=[dwelling, city.charge.pk]
        ),
        "billing:dwelling_access": reverse("billing:dwelling_access", args=[dwelling]),
        "billing:withdraw_access": reverse(
            "billing:withdraw_access", args=[dwelling, city.access.pk]
        ),
        "payments:pay": reverse("payments:pay", args=[dwelling]),
        "payments:sandbox": reverse("payments:sandbox", args=[city.payment.order_id]),
        "subsidies:start": reverse("subsidies:start", args=[dwelling]),
        "subsidies:detail": reverse("subsidies:detail", args=[app]),
        "subsidies:withdraw": reverse("subsidies:withdraw", args=[app]),
        "subsidies:document": reverse("subsidies:document", args=[city.document.pk]),
        "subsidies:step_dwelling": reverse("subsidies:step_dwelling", args=[app]),
        "subsidies:step_members": reverse("subsidies:step_members", args=[app]),
        "subsidies:member_edit": reverse(
            "subsidies:member_edit", args=[app, city.member.pk]
        ),
        "subsidies:member_remove": reverse(
            "subsidies:member_remove", args=[app, city.member.pk]
        ),
        "subsidies:step_incomes": reverse("subsidies:step_incomes", args=[app]),
        "subsidies:step_property": reverse("subsidies:step_property", args=[app]),
        "subsidies:step_documents": reverse("subsidies:step_documents", args=[app]),
        "subsidies:document_remove": reverse(
            "subsidies:document_remove", args=[app, city.document.pk]
        ),
        "subsidies:step_review": reverse("subsidies:step_review", args=[app]),
        "subsidies:form_pdf": reverse("subsidies:form_pdf", args=[app, city.form.pk]),
        "notifications:open": reverse("notifications:open", args=[city.notice.pk]),
        "messaging:conversation": reverse(
            "messaging:conversation", args=[city.conversation.pk]
        ),
        "messaging:block": reverse("messaging:block", args=[city.conversation.pk]),
        "messaging:unblock": reverse("messaging:unblock", args=[city.conversation.pk]),
        "messaging:report": reverse(
            "messaging:report", args=[city.conversation.pk, city.message.pk]
        ),
        "forum:forum": reverse("forum:forum", args=forum),
        "forum_conversation:topic": reverse(
            "forum_conversation:topic", args=[*forum, *topic]
        ),
        "forum_conversation:topic_create": reverse(
            "forum_conversation:topic_create", args=forum
        ),
        "forum_conversation:post_create": reverse(
            "forum_conversation:post_create", args=[*forum, *topic]
        ),
        "forum_member:profile": reverse(
            "forum_member:profile", args=[city.post.poster_id]
        ),
        "forum_member:user_posts": reverse(
            "forum_member:user_posts", args=[city.post.poster_id]
        ),
        "forum_report_post": reverse("forum_report_post", args=[city.post.pk]),
        "wagtail_serve": city.news.url,
        "billing_imports:inspect": reverse(
            "billing_imports:inspect", args=[city.upload.pk]
        ),
        "billing_dispute_answer": reverse(
            "billing_dispute_answer", args=[city.dispute.pk]
        ),
        **office_steps(app),
        "wagtailadmin_pages:edit": reverse("wagtailadmin_pages:edit", args=[news]),
        "wagtailsnippets_directory_provider:edit": reverse(
            "wagtailsnippets_directory_provider:edit", args=[city.upload.provider_id]
        ),
        # A resident's account, e-mail and all: the superuser's alone.
        "wagtailusers_users:edit": reverse(
            "wagtailusers_users:edit", args=[city.people[roles.RESIDENT_A].pk]
        ),
        "messaging_report_handled": reverse(
            "messaging_report_handled", args=[city.message_report.pk]
        ),
        "forum_post_report_handled": reverse(
            "forum_post_report_handled", args=[city.post_report.pk]
        ),
    }
