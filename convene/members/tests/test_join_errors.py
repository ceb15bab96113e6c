import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from convene.members.models import Member
from convene.members.tests.test_join import join_data

pytestmark = pytest.mark.django_db


def test_missing_fields_re_render_with_errors_and_keep_the_text(
    visitor: Client,
) -> None:
    response = visitor.post(
        reverse("members:join"),
        join_data(name="", region="", bio="We run a lunch club on Tuesdays."),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "There are problems with what you entered" in page
    assert "This field is required." in page
    assert "We run a lunch club on Tuesdays." in page
    assert 'value="Sam.Joiner@Example.org"' in page
    assert not User.objects.exists()
    assert not Member.objects.exists()


def test_passwords_that_differ_are_refused(visitor: Client) -> None:
    response = visitor.post(
        reverse("members:join"), join_data(password_confirm="something-else-entirely")
    )

    assert response.status_code == 400
    assert "The two passwords do not match." in response.content.decode()
    assert not User.objects.exists()


def test_weak_password_is_refused_by_djangos_validators(visitor: Client) -> None:
    response = visitor.post(
        reverse("members:join"),
        join_data(password="12345678", password_confirm="12345678"),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "This password is too common." in page
    assert "Sam Joiner" in page
    assert not User.objects.exists()


def test_bad_email_and_website_are_refused(visitor: Client) -> None:
    response = visitor.post(
        reverse("members:join"), join_data(email="not-an-address", website="nope")
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid email address." in page
    assert "Enter a valid URL." in page
    assert 'value="not-an-address"' in page
    assert not User.objects.exists()
