"""The social-protection office and a queue of sent applications, for the
tests of the office's screens. Import the fixtures a test module needs."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from plugins.billing.models import Dwelling
from plugins.subsidies.choices import ApplicationStatus, Relation
from plugins.subsidies.models import (
    HouseholdMember,
    Income,
    SubsidyApplication,
    Transition,
)
from plugins.subsidies.staff import social_protection_group

QUEUE = "subsidies_applications_modeladmin_index"
SCREEN = "subsidies_applications_modeladmin_inspect"


def step_url(name, application):
    from django.urls import reverse

    return reverse(f"subsidies_applications_modeladmin_{name}", args=[application.pk])


def turned_away(response):
    """Refused by the admin: 403, or Wagtail's redirect to the dashboard."""
    if response.status_code == 302:
        return response["Location"] == "/admin/"
    return response.status_code == 403


def office_user(django_user_model, username, first_name, last_name):
    user = django_user_model.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password="x",
        first_name=first_name,
        last_name=last_name,
    )
    user.groups.add(social_protection_group())
    return user


@pytest.fixture
def office_member(django_user_model):
    return office_user(django_user_model, "tkachenko", "Марія", "Ткаченко")


@pytest.fixture
def colleague(django_user_model):
    return office_user(django_user_model, "bondar", "Ігор", "Бондар")


@pytest.fixture
def viewer(django_user_model):
    """Someone who may look at applications but not decide on them."""
    user = django_user_model.objects.create_user(username="viewer", password="x")
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "view_subsidyapplication"]
        )
    )
    return user


@pytest.fixture
def editor(django_user_model):
    """A content editor: in the admin, with no permission on subsidies."""
    user = django_user_model.objects.create_user(username="editor", password="x")
    editors = Group.objects.create(name="Editors of the test")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(editors)
    return user


def sent(application, status=ApplicationStatus.SUBMITTED, at=None, assignee=None):
    """The application as if sent at ``at`` and moved to ``status``."""
    SubsidyApplication.objects.filter(pk=application.pk).update(
        status=status,
        submitted_at=at or timezone.now(),
        assignee=assignee,
    )
    application.refresh_from_db()
    return application


def household_application(applicant, street, house, member_name, status, **sent_kw):
    """A sent application of a dwelling at ``street``, ``house`` whose
    applicant member is ``member_name``."""
    dwelling = Dwelling.objects.create(
        street=street, house=house, total_area=Decimal("44.00"), registered_persons=1
    )
    application = SubsidyApplication.objects.create(
        dwelling=dwelling,
        applicant=applicant,
        prefill={
            "address": f"{street}, {house}",
            "street": street,
            "total_area": "44.00",
            "registered_persons": 1,
            "services": [],
        },
    )
    HouseholdMember.objects.create(
        application=application,
        full_name=member_name,
        birth_date=date(1970, 1, 1),
        relation=Relation.APPLICANT,
        rnokpp="1759013776",
    )
    return sent(application, status, **sent_kw)


@pytest.fixture
def queue(django_user_model, office_member, colleague):
    """Five sent applications and a draft:

    - Бойко, вул. Шевченка 3: submitted today, nobody handles it;
    - Гончаренко, вул. Шевченка 7: submitted 40 days ago;
    - Дорошенко, вул. Дніпровська 1: in review with the office member;
    - Мельник, вул. Дніпровська 9: in review with a colleague;
    - Руденко, вул. Соборна 2: approved by the office member, 60 days ago;
    - a draft of Сидоренко that the office must never see.
    """
    now = timezone.now()
    people = {}
    for username, first, last in [
        ("boiko", "Андрій", "Бойко"),
        ("honcharenko", "Ганна", "Гончаренко"),
        ("doroshenko", "Тарас", "Дорошенко"),
        ("melnyk", "Ірина", "Мельник"),
        ("rudenko", "Степан", "Руденко"),
        ("sydorenko", "Оксана", "Сидоренко"),
    ]:
        people[last] = django_user_model.objects.create_user(
            username=username, password="x", first_name=first, last_name=last
        )
    submitted = ApplicationStatus.SUBMITTED
    in_review = ApplicationStatus.IN_REVIEW
    rows = {
        "Бойко": household_application(
            people["Бойко"], "вул. Шевченка", "3", "Бойко Андрій Петрович", submitted
        ),
        "Гончаренко": household_application(
            people["Гончаренко"],
            "вул. Шевченка",
            "7",
            "Гончаренко Ганна Іванівна",
            submitted,
            at=now - timedelta(days=40),
        ),
        "Дорошенко": household_application(
            people["Дорошенко"],
            "вул. Дніпровська",
            "1",
            "Дорошенко Тарас Олегович",
            in_review,
            at=now - timedelta(days=3),
            assignee=office_member,
        ),
        "Мельник": household_application(
            people["Мельник"],
            "вул. Дніпровська",
            "9",
            "Мельник Ірина Василівна",
            in_review,
            at=now - timedelta(days=2),
            assignee=colleague,
        ),
        "Руденко": household_application(
            people["Руденко"],
            "вул. Соборна",
            "2",
            "Руденко Степан Миколайович",
            ApplicationStatus.APPROVED,
            at=now - timedelta(days=60),
            assignee=office_member,
        ),
    }
    draft = household_application(
        people["Сидоренко"], "вул. Соборна", "4", "Сидоренко Оксана", submitted
    )
    SubsidyApplication.objects.filter(pk=draft.pk).update(
        status=ApplicationStatus.DRAFT, submitted_at=None
    )
    rows["draft"] = draft
    return rows


def add_income(member, kind, amount):
    return Income.objects.create(member=member, kind=kind, amount=Decimal(amount))


def record(application, from_status, to_status, by, message=""):
    return Transition.objects.create(
        application=application,
        from_status=from_status,
        to_status=to_status,
        by=by,
        message=message,
    )
