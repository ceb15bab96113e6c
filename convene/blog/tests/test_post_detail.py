from datetime import UTC, datetime

import pytest
from django.test import Client

from convene.blog.tests.helpers import make_event, make_post
from convene.themes.services import create_theme

pytestmark = pytest.mark.django_db


def test_post_page_shows_author_date_time_themes_and_body(visitor: Client) -> None:
    theme = create_theme("Young people", explanation="Youth work.")
    # 13:30 UTC in June is 14:30 in London (British Summer Time).
    post = make_post(
        published_at=datetime(2026, 6, 3, 13, 30, tzinfo=UTC), themes=[theme]
    )

    response = visitor.get(post.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>What we heard in Sheffield</h1>" in content
    assert (
        f'<a href="{post.author.get_absolute_url()}" rel="author">Priya Natarajan</a>'
        in content
    )
    assert "Development Officer - Policy" in content
    assert '<time datetime="2026-06-03T14:30:00+01:00">' in content
    assert "3 June 2026, 14:30" in content
    assert f'<a href="{theme.get_absolute_url()}">Young people</a>' in content
    assert "<h2>At the tables</h2>" in content
    assert "<strong>young people</strong>" in content


def test_post_page_links_back_to_the_listing(visitor: Client) -> None:
    post = make_post()

    response = visitor.get(post.get_absolute_url())

    assert response.status_code == 200
    assert (
        '<a href="/blog/">Return to the blog listings</a>' in response.content.decode()
    )


def test_post_page_links_to_the_event_it_reports_on(visitor: Client) -> None:
    event = make_event()
    post = make_post(event=event)

    response = visitor.get(post.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "This post reports on:" in content
    assert (
        f'<a href="{event.get_absolute_url()}">Community Voices: Sheffield</a>'
        in content
    )


def test_post_without_event_says_nothing_about_one(visitor: Client) -> None:
    post = make_post()

    response = visitor.get(post.get_absolute_url())

    assert response.status_code == 200
    assert b"This post reports on" not in response.content


def test_unknown_post_is_404(visitor: Client) -> None:
    assert visitor.get("/blog/no-such-post/").status_code == 404
