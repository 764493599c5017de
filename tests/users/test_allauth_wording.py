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


def test_the_reset_e_mail_names_the_portal_not_the_server(
    client, django_user_model, mailoutbox, settings
):
    from allauth.account.models import EmailAddress

    settings.WAGTAIL_SITE_NAME = "Павлоград — комунальний портал"
    resident = django_user_model.objects.create_user(
        username="olena", email="olena@example.org", password="a-long-secret-1"
    )
    EmailAddress.objects.create(
        user=resident, email=resident.email, verified=True, primary=True
    )

    client.post("/accounts/password/reset/", {"email": "olena@example.org"})

    (message,) = mailoutbox
    assert message.subject.startswith("[Павлоград — комунальний портал] ")
    assert "Лист для відновлення пароля" in message.subject
    assert "Павлоград — комунальний портал" in message.body
    assert "testserver!" not in message.body


def test_a_numeric_password_is_refused_in_good_ukrainian(client, db):
    page = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "4815162342",
            "password2": "4815162342",
        },
    ).content.decode()

    assert "Пароль не може складатися лише з цифр." in page
