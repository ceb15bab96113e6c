from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from convene.blog.models import Post
from convene.blog.tests.helpers import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft() -> Post:
    return make_post(title="Secret draft", status=Post.Status.DRAFT)


@pytest.fixture
def scheduled() -> Post:
    return make_post(
        title="Coming soon", published_at=timezone.now() + timedelta(days=3)
    )


@pytest.mark.parametrize("client_name", ["visitor", "reader_client"])
def test_drafts_are_404_for_everyone_but_staff(
    request: pytest.FixtureRequest, client_name: str, draft: Post
) -> None:
    client: Client = request.getfixturevalue(client_name)
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("client_name", ["visitor", "reader_client"])
def test_scheduled_posts_are_404_for_everyone_but_staff(
    request: pytest.FixtureRequest, client_name: str, scheduled: Post
) -> None:
    client: Client = request.getfixturevalue(client_name)
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_staff_see_a_draft_with_a_banner(organiser_client: Client, draft: Post) -> None:
    response = organiser_client.get(draft.get_absolute_url())

    assert response.status_code == 200
    assert "Draft — only staff can see this" in response.content.decode()


def test_staff_see_a_scheduled_post_with_its_time(
    organiser_client: Client, scheduled: Post
) -> None:
    response = organiser_client.get(scheduled.get_absolute_url())

    assert response.status_code == 200
    assert "Scheduled for" in response.content.decode()


def test_a_scheduled_post_appears_when_its_time_comes(
    visitor: Client, scheduled: Post
) -> None:
    with time_machine.travel(scheduled.published_at + timedelta(minutes=1)):
        response = visitor.get(scheduled.get_absolute_url())
        listing = visitor.get("/blog/")

    assert response.status_code == 200
    assert "Scheduled for" not in response.content.decode()
    assert listing.status_code == 200
    assert [post.title for post in listing.context["posts"]] == ["Coming soon"]


def test_published_posts_show_no_banner_to_staff(organiser_client: Client) -> None:
    post = make_post()

    response = organiser_client.get(post.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "only staff can see this" not in content
