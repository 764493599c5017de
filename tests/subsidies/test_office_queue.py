"""The office's queue: sent applications only, the filters, the search, the
counters per status, and a bounded number of queries however long it is."""

from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from plugins.subsidies.choices import ApplicationStatus
from tests.subsidies.office_fixtures import (  # noqa: F401
    QUEUE,
    colleague,
    office_member,
    queue,
)

pytestmark = pytest.mark.django_db


def listed(client, **params):
    """The applicants' names in the queue's rows, in their order."""
    response = client.get(reverse(QUEUE), params)
    assert response.status_code == 200
    return [row.applicant_full_name for row in response.context["object_list"]]


@pytest.fixture
def officer_client(client, office_member):  # noqa: F811
    client.force_login(office_member)
    return client


def test_the_queue_lists_sent_applications_newest_first_never_a_draft(
    officer_client,
    queue,  # noqa: F811
):
    names = listed(officer_client)

    assert names == [
        "Бойко Андрій Петрович",
        "Мельник Ірина Василівна",
        "Дорошенко Тарас Олегович",
        "Гончаренко Ганна Іванівна",
        "Руденко Степан Миколайович",
    ]


def test_a_row_shows_number_address_status_and_who_handles_it(
    officer_client,
    queue,  # noqa: F811
):
    response = officer_client.get(reverse(QUEUE))

    page = response.content.decode()
    doroshenko = queue["Дорошенко"]
    assert f"№ {doroshenko.pk}" in page
    assert "вул. Дніпровська, 1" in page
    assert "Марія Ткаченко" in page
    assert str(ApplicationStatus.IN_REVIEW.label) in page
    assert "Сидоренко" not in page


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("submitted", ["Бойко Андрій Петрович", "Гончаренко Ганна Іванівна"]),
        ("in_review", ["Мельник Ірина Василівна", "Дорошенко Тарас Олегович"]),
        ("approved", ["Руденко Степан Миколайович"]),
        ("rejected", []),
    ],
)
def test_the_status_filter(officer_client, queue, status, expected):  # noqa: F811
    assert listed(officer_client, status=status) == expected


def test_the_status_filter_never_offers_drafts(officer_client, queue):  # noqa: F811
    assert listed(officer_client, status="draft") == []


@pytest.mark.parametrize(
    ("assignee", "expected"),
    [
        ("mine", ["Дорошенко Тарас Олегович", "Руденко Степан Миколайович"]),
        ("others", ["Мельник Ірина Василівна"]),
        ("nobody", ["Бойко Андрій Петрович", "Гончаренко Ганна Іванівна"]),
    ],
)
def test_the_assignee_filter(officer_client, queue, assignee, expected):  # noqa: F811
    assert listed(officer_client, assignee=assignee) == expected


def test_the_street_filter_offers_the_streets_and_filters_by_one(
    officer_client,
    queue,  # noqa: F811
):
    response = officer_client.get(reverse(QUEUE))
    street_filter = next(
        spec
        for spec in response.context["view"].filter_specs
        if getattr(spec, "parameter_name", None) == "street"
    )
    offered = [value for value, _label in street_filter.lookup_choices]

    names = listed(officer_client, street="вул. Шевченка")

    # The draft's street (Соборна 4) counts no more than the draft does.
    assert offered == ["вул. Дніпровська", "вул. Соборна", "вул. Шевченка"]
    assert names == ["Бойко Андрій Петрович", "Гончаренко Ганна Іванівна"]


def sent_filter(response):
    return next(
        spec
        for spec in response.context["view"].filter_specs
        if getattr(spec, "field_path", None) == "submitted_at"
    )


def test_the_sent_date_filter_takes_the_last_seven_days_in_kyiv(
    officer_client,
    queue,  # noqa: F811
):
    response = officer_client.get(reverse(QUEUE))
    week_ago = timezone.localdate() - timedelta(days=7)
    _label, past_week = next(
        (label, lookup)
        for label, lookup in sent_filter(response).links
        if "submitted_at__gte" in lookup
        and lookup["submitted_at__gte"].date() == week_ago
    )

    names = listed(officer_client, **{k: str(v) for k, v in past_week.items()})

    assert names == [
        "Бойко Андрій Петрович",
        "Мельник Ірина Василівна",
        "Дорошенко Тарас Олегович",
    ]


def test_the_sent_date_filter_offers_no_undated_choice(
    officer_client,
    queue,  # noqa: F811
):
    response = officer_client.get(reverse(QUEUE))

    links = sent_filter(response).links
    assert all("submitted_at__isnull" not in lookup for _, lookup in links)
    assert len(links) == 5


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # The applicant member's name as written in the application.
        ("Петрович", ["Бойко Андрій Петрович"]),
        # The applicant's account name.
        ("Ганна", ["Гончаренко Ганна Іванівна"]),
        # The address, and words that must all match.
        ("Дніпровська 9", ["Мельник Ірина Василівна"]),
        ("Дніпровська", ["Мельник Ірина Василівна", "Дорошенко Тарас Олегович"]),
        ("Сидоренко", []),
    ],
)
def test_the_search_by_applicant_or_address(officer_client, queue, words, expected):  # noqa: F811
    assert listed(officer_client, q=words) == expected


def test_a_search_pasted_with_a_nul_character_still_finds(officer_client, queue):  # noqa: F811
    assert listed(officer_client, q="Петр\x00ович") == ["Бойко Андрій Петрович"]


@pytest.mark.parametrize(
    "params",
    [
        # A lookup of the engine's own, which would let the list be narrowed
        # by anything an applicant's row leads to.
        {"applicant__password__startswith": "no-hash-starts-so"},
        {"applicant__email__contains": "nobody"},
        # A parameter that names no field, as another page's links carry.
        {"page": "2"},
        # A filter's value with a NUL, which PostgreSQL refuses.
        {"status": "submitted\x00", "street": "\x00"},
    ],
)
def test_only_the_offered_filters_narrow_the_queue(officer_client, queue, params):  # noqa: F811
    assert len(listed(officer_client, **params)) == 5


def test_a_sent_date_filter_given_no_date_is_a_bad_request(officer_client, queue):  # noqa: F811
    response = officer_client.get(reverse(QUEUE), {"submitted_at__gte": "вчора"})

    assert response.status_code == 400


def test_the_counters_count_each_status_and_link_to_its_list(
    officer_client,
    queue,  # noqa: F811
):
    response = officer_client.get(reverse(QUEUE))

    counters = {c["status"]: c for c in response.context["counters"]}
    assert {status: c["count"] for status, c in counters.items()} == {
        ApplicationStatus.SUBMITTED: 2,
        ApplicationStatus.IN_REVIEW: 2,
        ApplicationStatus.NEEDS_INFO: 0,
        ApplicationStatus.APPROVED: 1,
        ApplicationStatus.REJECTED: 0,
        ApplicationStatus.WITHDRAWN: 0,
    }
    link = counters[ApplicationStatus.IN_REVIEW]["url"]
    assert f'href="{link}"' in response.content.decode()
    assert officer_client.get(link).context["result_count"] == 2


def test_the_counters_stay_whole_while_a_filter_narrows_the_list(
    officer_client,
    queue,  # noqa: F811
):
    response = officer_client.get(reverse(QUEUE), {"status": "approved"})

    counters = {c["status"]: c for c in response.context["counters"]}
    assert counters[ApplicationStatus.SUBMITTED]["count"] == 2
    assert counters[ApplicationStatus.APPROVED]["current"]


def test_the_queue_reads_a_bounded_number_of_queries(
    officer_client,
    queue,  # noqa: F811
    django_assert_max_num_queries,
):
    with django_assert_max_num_queries(20):
        response = officer_client.get(reverse(QUEUE), {"q": "вул", "assignee": "mine"})

    assert response.context["result_count"] == 2


def test_nothing_is_added_edited_or_deleted_here(officer_client, queue):  # noqa: F811
    application = queue["Бойко"]

    for action in ("create", "edit", "delete", "history"):
        name = f"subsidies_applications_modeladmin_{action}"
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[] if action == "create" else [application.pk])
    response = officer_client.get(reverse(QUEUE))
    assert "/create/" not in response.content.decode()
    assert (
        officer_client.get(
            f"/admin/subsidies/applications/edit/{application.pk}/"
        ).status_code
        == 404
    )
