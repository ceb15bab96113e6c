from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from convene.blog.models import Post
from convene.blog.tests.helpers import make_author, make_post
from convene.themes.services import create_theme

pytestmark = pytest.mark.django_db


def test_author_page_shows_role_bio_and_published_posts(visitor: Client) -> None:
    author = make_author()
    make_post(title="Published one", author=author)
    make_post(title="Unfinished one", author=author, status=Post.Status.DRAFT)

    response = visitor.get(reverse("blog:author", args=[author.slug]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Priya Natarajan</h1>" in content
    assert "Development Officer - Policy" in content
    assert "Priya works on policy with member organisations." in content
    assert "Published one" in content
    assert "Unfinished one" not in content


def test_unknown_author_is_404(visitor: Client) -> None:
    assert visitor.get(reverse("blog:author", args=["nobody"])).status_code == 404


def test_author_page_query_count_does_not_grow_with_posts(
    visitor: Client, django_assert_num_queries: Any
) -> None:
    author = make_author()
    theme = create_theme("Volunteering", explanation="Volunteers.")
    for i in range(5):
        make_post(title=f"Post {i}", author=author, themes=[theme])

    # the author, their posts with the author joined, and the posts' themes
    with django_assert_num_queries(3):
        response = visitor.get(reverse("blog:author", args=[author.slug]))

    assert response.status_code == 200
