import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from convene.members.models import Member
from convene.members.tests.helpers import PASSWORD, make_theme

pytestmark = pytest.mark.django_db


def join_data(**overrides: object) -> dict[str, object]:
    return {
        "kind": "individual",
        "email": "Sam.Joiner@Example.org",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
        "name": "Sam Joiner",
        "organisation": "Wigan Lunch Club",
        "region": "north-west",
        "may_email_news": "on",
        "listed_in_directory": "on",
        "show_email": "on",
        **overrides,
    }


def test_join_page_is_linked_from_every_page(visitor: Client) -> None:
    response = visitor.get(reverse("core:home"))

    assert response.status_code == 200
    assert "Become a member" in response.content.decode()
    assert reverse("members:join") in response.content.decode()


def test_individual_joins_and_is_sent_a_verification_email(
    visitor: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    theme = make_theme("Young people")

    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(reverse("members:join"), join_data(themes=[theme.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("members:joined")
    member = Member.objects.get()
    assert member.user.username == member.user.email == "sam.joiner@example.org"
    assert member.user.check_password(PASSWORD)
    assert member.kind == Member.Kind.INDIVIDUAL
    assert member.organisation == "Wigan Lunch Club"
    assert list(member.themes.all()) == [theme]
    assert member.may_email_news
    assert not member.may_phone
    assert member.show_email
    assert not member.show_phone
    assert not member.is_verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam.joiner@example.org"]
    assert "/members/verify/" in mail.outbox[0].body
    assert (
        "sam.joiner@example.org" in visitor.get(response["Location"]).content.decode()
    )


def test_organisation_joins_with_a_contact_name(
    visitor: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(
            reverse("members:join"),
            join_data(
                kind="organisation",
                email="hello@food-bank.example",
                name="Barnsley Food Bank",
                contact_name="Jan Smith",
                organisation="",
                may_phone="on",
                show_phone="on",
                phone="01226 555 000",
            ),
        )

    assert response.status_code == 302
    member = Member.objects.get()
    assert member.kind == Member.Kind.ORGANISATION
    assert member.name == "Barnsley Food Bank"
    assert member.contact_name == "Jan Smith"
    assert member.may_phone
    assert member.show_phone
    assert len(mail.outbox) == 1


def test_the_themes_checkboxes_are_a_named_group(client: Client) -> None:
    response = client.get(reverse("members:join"))

    assert response.status_code == 200
    page = response.content.decode()
    themes = page.split("<fieldset>")
    assert any(
        "<legend>Themes you are interested in</legend>" in part for part in themes
    )
    assert '<label for="">' not in page
