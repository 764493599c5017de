"""The resident's applications and starting one: a button per own dwelling
without an application in progress, POST only; and the cabinet's link to
the page, which billing shows only while the subsidies plugin is enabled."""

from datetime import date

import pytest
from django.urls import reverse

from plugins.billing.models import AccessLevel, DwellingAccess
from plugins.subsidies import services
from plugins.subsidies.choices import ApplicationStatus as Status
from plugins.subsidies.models import SubsidyApplication
from tests.billing.conftest import flat_with_account
from tests.separate_process import run_with_plugins
from tests.subsidies.conftest import set_status

pytestmark = pytest.mark.django_db

INDEX = "/cabinet/subsidies/"


def start_url(dwelling):
    return reverse("subsidies:start", args=[dwelling.pk])


def test_the_page_lives_in_the_cabinet():
    assert reverse("subsidies:index") == INDEX


def test_an_anonymous_visitor_is_sent_to_log_in(client, flat):
    for response in (client.get(INDEX), client.post(start_url(flat))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert not SubsidyApplication.objects.exists()


def test_the_list_holds_ones_own_applications_and_dwellings(
    client, resident, neighbour, flat, neighbours_dwelling
):
    mine = services.start_application(resident, flat)
    theirs = services.start_application(neighbour, neighbours_dwelling)
    client.force_login(resident)

    page = client.get(INDEX).text

    assert reverse("subsidies:detail", args=[mine.pk]) in page
    assert reverse("subsidies:detail", args=[theirs.pk]) not in page
    assert "вул. Соборна, 12, кв. 5" in page
    assert "кв. 6" not in page
    assert "чернетка" in page
    # The flat has an application in progress: no second button for it.
    assert start_url(flat) not in page


def test_each_own_dwelling_without_an_application_offers_to_apply(
    client, resident, neighbour, flat, water_provider, neighbours_dwelling
):
    second, _account = flat_with_account(
        resident,
        water_provider,
        apartment="9",
        area="40.00",
        persons=1,
        number="100299",
        access_code="1111",
        payer="Коваленко Олена Іванівна",
    )
    finished = services.start_application(resident, second)
    set_status(finished, Status.REJECTED)
    # A dwelling delegated to her is not hers to apply for.
    DwellingAccess.objects.create(
        dwelling=neighbours_dwelling,
        user=resident,
        level=AccessLevel.VIEW_AND_PAY,
        granted_by=neighbour,
    )
    client.force_login(resident)

    page = client.get(INDEX).text

    assert f'action="{start_url(flat)}"' in page
    assert f'action="{start_url(second)}"' in page
    assert start_url(neighbours_dwelling) not in page
    assert "Подати заяву на субсидію" in page


def test_applying_starts_a_draft_and_opens_its_first_step(client, resident, flat):
    client.force_login(resident)

    assert client.get(start_url(flat)).status_code == 405
    response = client.post(start_url(flat))

    application = SubsidyApplication.objects.get()
    assert application.applicant == resident
    assert application.status == Status.DRAFT
    assert application.prefill["address"] == "вул. Соборна, 12, кв. 5"
    assert response["Location"] == reverse(
        "subsidies:step_dwelling", args=[application.pk]
    )

    again = client.post(start_url(flat))

    assert again["Location"] == response["Location"]
    assert SubsidyApplication.objects.count() == 1


def test_applying_again_while_one_is_sent_opens_its_status(
    client, resident, application, flat
):
    set_status(application, Status.SUBMITTED)
    client.force_login(resident)

    response = client.post(start_url(flat))

    assert response["Location"] == reverse("subsidies:detail", args=[application.pk])
    assert SubsidyApplication.objects.count() == 1


def test_nobody_applies_for_anothers_dwelling(
    client, resident, neighbour, editor, flat
):
    DwellingAccess.objects.create(
        dwelling=flat, user=neighbour, level=AccessLevel.VIEW, granted_by=resident
    )
    for user in (neighbour, editor):
        client.force_login(user)

        assert client.post(start_url(flat)).status_code == 404
    assert not SubsidyApplication.objects.exists()


def test_the_list_reads_a_fixed_number_of_queries(
    client, resident, flat, water_provider, django_assert_max_num_queries
):
    for number in range(5):
        dwelling, _account = flat_with_account(
            resident,
            water_provider,
            apartment=str(20 + number),
            area="40.00",
            persons=1,
            number=f"1003{number:02d}",
            access_code="1111",
            payer="Коваленко Олена Іванівна",
        )
        if number % 2:
            services.start_application(resident, dwelling)
    services.start_application(resident, flat)
    client.force_login(resident)
    client.get(INDEX)  # the theme's first reads of the site

    with django_assert_max_num_queries(8):
        response = client.get(INDEX)

    assert response.text.count('class="subsidy-status') == 3
    assert response.text.count('class="apply-form"') == 3


def test_the_cabinet_links_to_the_page(client, resident, flat):
    client.force_login(resident)

    page = client.get(reverse("billing:cabinet")).text

    assert f'href="{INDEX}"' in page
    assert "Житлова субсидія" in page


def test_the_cabinet_works_without_the_subsidies_plugin(db):
    # The page's footer may save the site's contacts on first use: the other
    # process rolls back whatever it wrote, leaving the test database as it was.
    script = """
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.template.loader import render_to_string
from django.test import RequestFactory

request = RequestFactory().get("/cabinet/")
request.user = AnonymousUser()
with transaction.atomic():
    html = render_to_string("billing/cabinet.html", {"rows": []}, request)
    transaction.set_rollback(True)
assert "cabinet-subsidies" not in html, html
assert "subsidies" not in html, html
print("ok")
"""

    result = run_with_plugins(["plugins.billing", "plugins.payments"], script)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_a_subsidy_in_force_is_not_applied_for_again(
    client, resident, application, flat
):
    set_status(application, Status.APPROVED)
    application.period_from, application.period_to = date(2026, 1, 1), date(2099, 4, 30)
    application.save()
    client.force_login(resident)

    assert start_url(flat) not in client.get(INDEX).text
    response = client.post(start_url(flat), follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "subsidies:detail", args=[application.pk]
    )
    assert "призначено до 30.04.2099" in response.text
    assert SubsidyApplication.objects.count() == 1


def test_once_the_period_has_ended_a_new_application_is_offered(
    client, resident, application, flat
):
    set_status(application, Status.APPROVED)
    application.period_from, application.period_to = date(2020, 1, 1), date(2020, 4, 30)
    application.save()
    client.force_login(resident)

    assert start_url(flat) in client.get(INDEX).text
    client.post(start_url(flat))

    assert SubsidyApplication.objects.count() == 2
