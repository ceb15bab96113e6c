import csv
import io
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from convene.members.consents import history_of
from convene.members.models import ConsentRecord, Member
from convene.members.tests.test_edit_profile import profile_data

pytestmark = pytest.mark.django_db


def _changes(member: Member, consent: str) -> list[tuple[bool, str, str]]:
    return [
        (record.given, record.channel, record.page)
        for record in history_of(member).filter(consent=consent)
    ]


def test_joining_records_every_consent_as_asked(member: User) -> None:
    records = ConsentRecord.objects.filter(member=member.member)

    assert records.count() == 11  # five ways to contact them, six directory choices
    assert _changes(member.member, "may_email_news") == [(False, "web", "Join form")]
    assert _changes(member.member, "show_email") == [(True, "web", "Join form")]


def test_changing_a_choice_on_the_account_page_adds_to_its_history(
    member_client: Client, member: User
) -> None:
    # given a member who joined without agreeing to event emails
    with time_machine.travel("2026-03-01 10:00Z", tick=False):
        # when they tick it, a month later
        response = member_client.post(reverse("members:account"), profile_data())

    # then that change, and only the changes, are recorded with when and where
    assert response.status_code == 302
    changed = ConsentRecord.objects.filter(
        member=member.member, page="Your account: profile and choices"
    )
    assert sorted(changed.values_list("consent", "given")) == sorted(
        [
            ("may_email_events", True),
            ("show_email", False),
            ("show_phone", True),
            ("show_website", False),
            ("show_region", False),
            ("show_bio", False),
        ]
    )
    event_emails = changed.get(consent="may_email_events")
    assert event_emails.at.isoformat() == "2026-03-01T10:00:00+00:00"
    assert event_emails.channel == ConsentRecord.Channel.WEB

    # and saving again without changing anything records nothing more
    member_client.post(reverse("members:account"), profile_data())
    assert changed.count() == 6


def _admin_post_data(response: Any) -> dict[str, Any]:
    """What the admin's change form would send back unchanged."""
    form = response.context["adminform"].form
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value in (False, None):
            continue
        else:
            data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for inline_form in formset.formset.forms:
            for name in ("id", "member"):
                data[inline_form.add_prefix(name)] = inline_form[name].value()
    return data


def test_staff_see_the_history_and_their_changes_join_it(
    organiser_client: Client, member: User
) -> None:
    # given a member's page in the admin, with the history of their consents
    profile = member.member
    url = reverse("admin:members_member_change", args=[profile.pk])
    page = organiser_client.get(url)
    assert page.status_code == 200
    assert "Consent history" in page.content.decode()

    # when staff record that the member, on the phone, agreed to calls and asked for
    # their email address to be hidden
    data = _admin_post_data(page)
    data.pop("show_email")
    data["may_phone"] = "on"
    response = organiser_client.post(url, data)

    # then the change is recorded as made by staff, by whom, and shown in the history
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _changes(profile, "may_phone")[0] == (
        True,
        "staff",
        "Staff admin: member page",
    )
    assert _changes(profile, "show_email")[0][:2] == (False, "staff")
    latest = history_of(profile).first()
    assert latest is not None
    assert latest.recorded_by == "organiser"
    history = organiser_client.get(url).content.decode()
    assert "Recorded by staff" in history
    assert "phone me" in history


def test_the_staff_export_gives_phone_numbers_only_of_those_who_agree(
    organiser_client: Client, member: User, other_member: User
) -> None:
    Member.objects.filter(user=other_member).update(may_phone=True)

    response = organiser_client.get(reverse("admin:members_member_export"))

    rows = {
        row["email"]: row
        for row in csv.DictReader(io.StringIO(response.content.decode()))
    }
    assert rows["office@riverside-trust.example"]["phone"] == "0191 555 0999"
    assert rows["mina@example.org"]["phone"] == ""
    assert rows["mina@example.org"]["may_phone"] == "no"


def test_a_member_added_by_staff_starts_a_history_recorded_by_them(
    organiser_client: Client,
) -> None:
    account = User.objects.create_user("pat@example.org", "pat@example.org")

    response = organiser_client.post(
        reverse("admin:members_member_add"),
        {
            "user": account.pk,
            "kind": "individual",
            "name": "Pat Paper",
            "region": "north-east",
            "may_email_events": "on",
            "consent_records-TOTAL_FORMS": 0,
            "consent_records-INITIAL_FORMS": 0,
            "membership-TOTAL_FORMS": 0,
            "membership-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    added = Member.objects.get(user=account)
    assert _changes(added, "may_email_events") == [
        (True, "staff", "Staff admin: member page")
    ]
    assert history_of(added).count() == 11


def test_staff_export_those_who_currently_agree_to_news(
    organiser_client: Client, member: User, other_member: User
) -> None:
    Member.objects.filter(user=other_member).update(may_email_news=True)
    changelist = reverse("admin:members_member_changelist")
    agreeing = organiser_client.get(changelist, {"may_email_news__exact": "1"})
    selected = [entry.pk for entry in agreeing.context["cl"].result_list]

    response = organiser_client.post(
        changelist + "?may_email_news__exact=1",
        {"action": "export_csv", "_selected_action": selected},
    )

    emails = [
        row["email"] for row in csv.DictReader(io.StringIO(response.content.decode()))
    ]
    assert emails == ["office@riverside-trust.example"]
