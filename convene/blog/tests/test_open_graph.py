from datetime import UTC, datetime

import pytest
from django.test import Client

from convene.blog.tests.helpers import make_post
from convene.themes.services import create_theme

pytestmark = pytest.mark.django_db


def test_post_page_has_open_graph_article_tags(visitor: Client) -> None:
    themes = [
        create_theme("Young people", explanation="Youth work."),
        create_theme("Volunteering", explanation="Volunteers."),
    ]
    post = make_post(
        summary="What people said.",
        published_at=datetime(2026, 1, 15, 9, 0, tzinfo=UTC),
        themes=themes,
    )

    response = visitor.get(post.get_absolute_url())

    assert response.status_code == 200
    head = response.content.decode().split("</head>")[0]
    assert '<meta property="og:type" content="article">' in head
    assert '<meta property="og:title" content="What we heard in Sheffield">' in head
    assert '<meta property="og:description" content="What people said.">' in head
    assert (
        '<meta property="article:published_time" content="2026-01-15T09:00:00+00:00">'
        in head
    )
    assert (
        f'<meta property="article:author" content="http://127.0.0.1:8000{post.author.get_absolute_url()}">'
        in head
    )
    assert '<meta property="article:tag" content="Young people">' in head
    assert '<meta property="article:tag" content="Volunteering">' in head
    assert (
        '<meta property="og:url" content="http://127.0.0.1:8000/blog/what-we-heard-in-sheffield/">'
        in head
    )
