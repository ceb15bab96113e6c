import pytest
from django.test import Client
from django.urls import reverse

from convene.blog.models import Post
from convene.blog.tests.helpers import make_author, make_post

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
