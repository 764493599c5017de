"""Talking on the portal, in public and in private: Olena asks the water
provider in the forum and its representative answers; then she and her
neighbour write to each other and the header counts what is unread.

Everything happens in two browser sessions; the ORM only builds the people,
the forums and the representative's appointment.
"""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from plugins.forum import representatives, services
from tests.e2e.test_resident_journey import PASSWORD, site_tree  # noqa: F401

# The portal's page tree, on the live server's host.
pytestmark = pytest.mark.usefixtures("site_tree")

QUESTION = "Коли дадуть воду на Соборній?"
DETAILS = "Третій день **немає води**. <script>document.title='зламано'</script>"
ANSWER = "Аварію усунемо сьогодні до 18:00."


def person(user_model, login, display_name):
    email = f"{login}@example.org"
    user = user_model.objects.create_user(
        username=login, email=email, password=PASSWORD, display_name=display_name
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def people(transactional_db, django_user_model, water_provider):
    services.seed_forums()
    dispatcher = person(django_user_model, "dispatcher", "Диспетчер водоканалу")
    representatives.appoint(dispatcher, water_provider)
    return {
        "olena": person(django_user_model, "olena", "Олена К."),
        "petro": person(django_user_model, "petro", "Петро С."),
        "dispatcher": dispatcher,
    }


def signed_in(browser, live_server, login):
    context = browser.new_context(locale="uk-UA")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.goto(f"{live_server.url}/accounts/login/")
    tab.fill("input[name=login]", f"{login}@example.org")
    tab.fill("input[name=password]", PASSWORD)
    tab.press("input[name=password]", "Enter")
    expect(tab.locator("header")).to_contain_text("Вийти")
    return tab


def write_markdown(tab, text):
    # The engine's editor hides the textarea behind its own editing surface.
    tab.locator(".CodeMirror").click()
    tab.keyboard.type(text)


def test_a_representative_answers_a_residents_question(browser, live_server, people):
    olena = signed_in(browser, live_server, "olena")
    # The editor once fetched an icon font from an outside host.
    elsewhere = []
    olena.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:"))
            else elsewhere.append(request.url)
        ),
    )
    olena.goto(f"{live_server.url}/forum/")
    olena.get_by_role("link", name="КП «Водоканал»").click()
    olena.get_by_role("link", name="Нова тема").first.click()
    expect(olena.locator(".editor-toolbar button.bold")).to_have_attribute(
        "title", "Жирний (Ctrl-B)"
    )
    olena.fill("input[name=subject]", QUESTION)
    write_markdown(olena, DETAILS)
    olena.get_by_role("button", name="Надіслати").click()
    expect(olena.locator("h1")).to_have_text(QUESTION)
    assert elsewhere == []
    expect(olena.locator(".post-content strong")).to_have_text("немає води")
    assert olena.title() != "зламано"
    topic_url = olena.url

    dispatcher = signed_in(browser, live_server, "dispatcher")
    dispatcher.goto(topic_url)
    dispatcher.get_by_role("link", name="Відповісти").first.click()
    write_markdown(dispatcher, ANSWER)
    dispatcher.get_by_role("button", name="Надіслати").click()

    olena.goto(topic_url)
    answer = olena.locator(".post", has_text=ANSWER)
    expect(answer.locator(".representative-badge")).to_have_text(
        "Представник КП «Водоканал»"
    )
    expect(olena.locator(".post", has_text="Третій день")).not_to_contain_text(
        "Представник"
    )
    olena.get_by_role("link", name="КП «Водоканал»").first.click()
    row = olena.locator(".topic-name", has_text=QUESTION)
    expect(row.locator(".topic-answered")).to_have_text("Відповідь: КП «Водоканал»")


def test_two_residents_write_to_each_other_and_the_counter_follows(
    browser, live_server, people
):
    olena = signed_in(browser, live_server, "olena")
    petro = signed_in(browser, live_server, "petro")
    expect(petro.locator(".header-messages .header-counter")).to_have_count(0)

    olena.goto(f"{live_server.url}/cabinet/messages/new/")
    olena.fill("input[name=recipient]", "петро с.")
    olena.fill("textarea[name=body]", "Добрий день! Чи є у вас вода?")
    olena.get_by_role("button", name="Надіслати").click()
    expect(olena.locator("h1")).to_have_text("Розмова з Петро С.")

    petro.reload()
    counter = petro.locator(".header-messages .header-counter")
    expect(counter).to_contain_text("1")
    petro.locator(".header-messages").click()
    petro.get_by_role("link", name="Олена К.").click()
    expect(petro.locator("body")).to_contain_text("Чи є у вас вода?")
    expect(counter).to_have_count(0)
    petro.fill("textarea[name=body]", "Немає з ранку.")
    petro.get_by_role("button", name="Надіслати").click()
    expect(petro.locator(".messages, ol").last).to_contain_text("Немає з ранку.")

    olena.goto(f"{live_server.url}/")
    expect(olena.locator(".header-messages .header-counter")).to_contain_text("1")
