from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from convene.blog.models import Post
from convene.blog.tests.helpers import make_author, make_post
from convene.themes.services import create_theme

pytestmark = pytest.mark.django_db


def make_posts(count: int) -> list[Post]:
    """`count` published posts, post 0 the oldest, an hour apart."""
    author = make_author()
    start = timezone.now() - timedelta(days=2)
    return [
        make_post(
            title=f"Post number {i}",
            author=author,
            published_at=start + timedelta(hours=i),
        )
        for i in range(count)
    ]


def test_listing_shows_newest_first_ten_to_a_page(visitor: Client) -> None:
    make_posts(12)

    response = visitor.get(reverse("blog:list"))

    assert response.status_code == 200
    titles = [post.title for post in response.context["posts"]]
    assert titles == [f"Post number {i}" for i in range(11, 1, -1)]
    assert b'aria-label="News pages"' in response.content
    assert b"Page 1 of 2" in response.content


def test_second_page_holds_the_older_posts(visitor: Client) -> None:
    make_posts(12)

    response = visitor.get(reverse("blog:list"), {"page": 2})

    assert response.status_code == 200
    titles = [post.title for post in response.context["posts"]]
    assert titles == ["Post number 1", "Post number 0"]


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", ""])
def test_bad_page_numbers_show_a_real_page(visitor: Client, page: str) -> None:
    make_posts(11)

    response = visitor.get(reverse("blog:list"), {"page": page})

    assert response.status_code == 200
    assert len(response.context["posts"]) in {1, 10}


def test_listing_filters_by_theme(visitor: Client) -> None:
    youth = create_theme("Young people", explanation="Youth work.")
    author = make_author()
    make_post(title="Youth panel", author=author, themes=[youth])
    make_post(title="Budget news", author=author)

    response = visitor.get(reverse("blog:list"), {"theme": youth.slug})

    assert response.status_code == 200
    assert [post.title for post in response.context["posts"]] == ["Youth panel"]
    assert visitor.get(reverse("blog:list"), {"theme": "no-such"}).status_code == 404


def test_listing_hides_drafts_and_scheduled_posts_from_visitors(
    visitor: Client,
) -> None:
    author = make_author()
    make_post(title="Public post", author=author)
    make_post(title="Draft post", author=author, status=Post.Status.DRAFT)
    make_post(
        title="Future post",
        author=author,
        published_at=timezone.now() + timedelta(days=1),
    )

    response = visitor.get(reverse("blog:list"))

    assert response.status_code == 200
    assert [post.title for post in response.context["posts"]] == ["Public post"]


def test_staff_see_drafts_and_scheduled_posts_marked(organiser_client: Client) -> None:
    author = make_author()
    make_post(title="Draft post", author=author, status=Post.Status.DRAFT)
    make_post(
        title="Future post",
        author=author,
        published_at=timezone.now() + timedelta(days=1),
    )

    response = organiser_client.get(reverse("blog:list"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Draft post" in content
    assert "Future post" in content
    assert '<p class="status-badge">Draft</p>' in content
    assert '<p class="status-badge">Scheduled for' in content


def test_listing_query_count_does_not_grow_with_posts(
    visitor: Client, django_assert_num_queries: Any
) -> None:
    theme = create_theme("Volunteering", explanation="Volunteers.")
    for post in make_posts(11):
        post.themes.add(theme)

    # count, one page of posts with their authors, and their themes
    with django_assert_num_queries(3):
        response = visitor.get(reverse("blog:list"))

    assert response.status_code == 200
