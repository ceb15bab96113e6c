import pytest
from django.test import Client
from django.urls import reverse

from convene.blog.tests.helpers import make_post

pytestmark = pytest.mark.django_db


def head_of(content: bytes) -> str:
    return content.decode().split("</head>")[0]


def assert_advertises_both_feeds(head: str) -> None:
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="Convene news (RSS)" href="{reverse("blog:feed-rss")}">'
        in head
    )
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Convene news (Atom)" href="{reverse("blog:feed-atom")}">'
        in head
    )


def test_home_page_head_advertises_both_feeds(visitor: Client) -> None:
    response = visitor.get(reverse("core:home"))

    assert response.status_code == 200
    assert_advertises_both_feeds(head_of(response.content))


def test_post_page_head_advertises_both_feeds(visitor: Client) -> None:
    post = make_post()

    response = visitor.get(post.get_absolute_url())

    assert response.status_code == 200
    assert_advertises_both_feeds(head_of(response.content))


def test_home_page_shows_latest_posts_as_cards(visitor: Client) -> None:
    post = make_post(title="Fresh news")

    response = visitor.get(reverse("core:home"))

    assert response.status_code == 200
    assert (
        f'<a href="{post.get_absolute_url()}">Fresh news</a>'
        in response.content.decode()
    )
