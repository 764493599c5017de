"""Other plugins add panels to a dwelling's page through the
``cabinet_dwelling_panels`` hook; without any, the page is billing's alone."""

from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks

from tests.separate_process import run_with_plugins


def dwelling_url(dwelling):
    return reverse("billing:dwelling", args=[dwelling.pk])


def test_a_hooked_panel_shows_after_the_balance(client, resident, billed_dwelling):
    def panel(request, dwelling):
        return format_html('<section class="extra">{}</section>', dwelling.pk)

    client.force_login(resident)
    with hooks.register_temporarily("cabinet_dwelling_panels", panel):
        html = client.get(dwelling_url(billed_dwelling)).text

    shown = f'<section class="extra">{billed_dwelling.pk}</section>'
    assert shown in html
    assert html.index('class="facts"') < html.index(shown)
    assert html.index(shown) < html.index('class="month-charges"')


def test_a_hook_with_nothing_to_say_adds_nothing(client, resident, billed_dwelling):
    client.force_login(resident)
    with hooks.register_temporarily("cabinet_dwelling_panels", lambda r, d: None):
        response = client.get(dwelling_url(billed_dwelling))

    assert response.status_code == 200
    assert "None" not in response.text


def test_the_page_renders_with_no_panel_hooks(
    client, resident, billed_dwelling, monkeypatch
):
    monkeypatch.setattr(hooks, "get_hooks", lambda name: [])
    client.force_login(resident)

    response = client.get(dwelling_url(billed_dwelling))

    assert response.status_code == 200
    assert response.context["panels"] == []


def test_billing_alone_starts_without_the_payments_plugin(db):
    script = (
        "from django.core.management import call_command; call_command('check');"
        "from django.urls import reverse; from wagtail import hooks;"
        "assert reverse('billing:dwelling', args=[1]);"
        "assert hooks.get_hooks('cabinet_dwelling_panels') == [];"
        "print('ok')"
    )

    result = run_with_plugins(["plugins.billing"], script)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")
