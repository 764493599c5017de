"""allauth's pages read as Ukrainian sentences, not capitalised titles."""


def test_the_sign_in_form_words_remember_me_as_a_sentence(client, db):
    page = client.get("/accounts/login/").content.decode()

    assert "Запам'ятати мене" in page or "Запам&#x27;ятати мене" in page
    assert "Мене" not in page


def test_the_authenticator_pages_are_worded_as_sentences(client, django_user_model):
    resident = django_user_model.objects.create_user(
        username="olena", email="olena@example.org", password="a-long-secret-1"
    )
    client.force_login(resident)

    page = client.get("/accounts/2fa/").content.decode()

    assert "Додаток-автентифікатор" in page
    assert "Коди відновлення" in page
    assert "Для Аутентифікації" not in page
