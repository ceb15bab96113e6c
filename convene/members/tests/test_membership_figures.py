import csv
import io

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags
from pytest_django import DjangoAssertNumQueries

from convene.members.membership import renew_membership
from convene.members.models import Membership
from convene.members.tests.helpers import make_member

pytestmark = pytest.mark.django_db

FIGURES_URL = reverse("admin:members_membership_figures")
EXPORT_URL = reverse("admin:members_membership_export")


def test_staff_see_joins_renewals_and_lapses_by_month(organiser: User) -> None:
    # given: two join in March 2026; one renews in February 2027, the other lapses in March
    with time_machine.travel("2026-03-02 10:00 +00:00", tick=False):
        make_member(email="stays@example.org")
        make_member(email="goes@example.org")
    with time_machine.travel("2027-02-20 10:00 +00:00", tick=False):
        renew_membership(
            Membership.objects.get(member__user__username="stays@example.org")
        )
    with time_machine.travel("2027-03-02 06:00 +00:00", tick=False):
        call_command("membership_reminders")

        # when
        staff = Client()
        staff.force_login(organiser)
        response = staff.get(FIGURES_URL)

    # then
    assert response.status_code == 200
    rows = {
        " ".join(strip_tags(row.replace("</t", " </t")).split())
        for row in response.content.decode().split("<tr>")
    }
    # month, joined, renewed, lapsed, left
    assert "March 2027 0 0 1 0" in rows
    assert "February 2027 0 1 0 0" in rows
    assert "March 2026 2 0 0 0" in rows
    assert "Active 1" in rows
    assert "Lapsed (not renewed in time) 1" in rows


def exported(client: Client) -> list[dict[str, str]]:
    response = client.get(EXPORT_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_export_holds_the_membership_and_only_details_members_agreed_to(
    organiser_client: Client,
) -> None:
    make_member(
        email="emailable@example.org",
        name="Emma Emailable",
        phone="07700 900 111",
        may_email_events=True,
    )
    make_member(
        email="private@example.org",
        name="Pat Private",
        phone="07700 900 222",
        may_phone=True,
    )

    rows = {row["name"]: row for row in exported(organiser_client)}

    emma, pat = rows["Emma Emailable"], rows["Pat Private"]
    assert emma["membership_type"] == "Individual"
    assert emma["status"] == "active"
    assert emma["counts_as_voice"] == "yes"
    assert emma["expires_on"]
    assert emma["email"] == "emailable@example.org"
    assert emma["may_email_about"] == "events"
    assert emma["phone"] == ""
    assert pat["email"] == ""
    assert pat["phone"] == "07700 900 222"


def test_figures_and_export_take_the_same_few_queries_however_many_members(
    organiser_client: Client,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for n in range(12):
        make_member(email=f"member{n}@example.org", may_phone=True)

    with django_assert_max_num_queries(6):
        organiser_client.get(EXPORT_URL)
    with django_assert_max_num_queries(6):
        organiser_client.get(FIGURES_URL)


def test_members_cannot_see_figures_or_export(member_client: Client) -> None:
    for url in (FIGURES_URL, EXPORT_URL):
        response = member_client.get(url)
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]


def test_staff_see_a_members_membership_on_their_admin_page(
    organiser_client: Client,
) -> None:
    member = make_member(email="shown@example.org")

    response = organiser_client.get(
        reverse("admin:members_member_change", args=[member.pk])
    )

    assert response.status_code == 200
    page = " ".join(strip_tags(response.content.decode()).split())
    assert "Individual" in page
    assert "Active" in page


def test_staff_end_a_membership_and_it_counts_as_left(
    organiser_client: Client,
) -> None:
    member = make_member(email="leaving@example.org")
    membership = Membership.objects.get(member=member)

    response = organiser_client.post(
        reverse("admin:members_membership_changelist"),
        {"action": "end", "_selected_action": [membership.pk]},
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LEFT
    assert membership.changes.filter(kind="left").count() == 1
