"""ЄДРПОУ and IBAN are checked by the model and by the Wagtail snippet form."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cms.directory.models import Provider

pytestmark = pytest.mark.django_db

VALID_EDRPOU = "99990019"
WRONG_EDRPOU = "32855962"
VALID_IBAN = "UA213223130000026007233566001"


def provider(**fields):
    values = {"code": "PVK", "name": "КП «Водоканал»", "short_name": "Водоканал"}
    return Provider(**(values | fields))


def test_model_refuses_wrong_edrpou():
    with pytest.raises(ValidationError) as error:
        provider(edrpou=WRONG_EDRPOU).full_clean()

    assert WRONG_EDRPOU in str(error.value.message_dict["edrpou"])


def test_model_accepts_valid_requisites():
    provider(edrpou=VALID_EDRPOU, iban=VALID_IBAN).full_clean()


@pytest.mark.parametrize(
    "iban", ["UA213223130000026007233566002", "DE89370400440532013000", "UA21"]
)
def test_model_refuses_wrong_iban(iban):
    with pytest.raises(ValidationError) as error:
        provider(iban=iban).full_clean()

    assert iban in str(error.value.message_dict["iban"])


@pytest.fixture
def admin_client_logged_in(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="editor", email="editor@example.org", password="pass-word-1"
    )
    client.force_login(user)
    return client


def post_provider(client, edrpou):
    url = reverse("wagtailsnippets_directory_provider:add")
    data = {
        "code": "PVK",
        "name": "Комунальне підприємство «Водоканал»",
        "short_name": "КП «Водоканал»",
        "edrpou": edrpou,
        "iban": VALID_IBAN,
        "is_retail": "on",
    }
    return client.post(url, data)


def test_admin_form_refuses_wrong_edrpou_naming_it(admin_client_logged_in):
    response = post_provider(admin_client_logged_in, WRONG_EDRPOU)

    assert response.status_code == 200, "the form comes back with errors"
    assert f"{WRONG_EDRPOU} не є дійсним кодом ЄДРПОУ" in response.content.decode()
    assert not Provider.objects.exists()


def test_admin_form_accepts_valid_edrpou(admin_client_logged_in):
    response = post_provider(admin_client_logged_in, VALID_EDRPOU)

    assert response.status_code == 302
    assert Provider.objects.get().edrpou == VALID_EDRPOU


def test_admin_lists_show_example_column(admin_client_logged_in, water_tariffs):
    tariffs = admin_client_logged_in.get(reverse("wagtailsnippets_tariffs_tariff:list"))
    providers = admin_client_logged_in.get(
        reverse("wagtailsnippets_directory_provider:list")
    )

    # The example column renders a tick or a cross, not the words True/False.
    for response in (tariffs, providers):
        html = response.content.decode()
        assert response.status_code == 200
        assert "Приклад" in html
        assert "icon-cross" in html
