import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from convene.blog.models import Post
from convene.blog.tests.helpers import make_author
from convene.themes.models import Theme

pytestmark = pytest.mark.django_db

REFUSAL = "Remove the invisible control character"


def _new_post(*, title: str, slug: str) -> dict[str, object]:
    """The admin's add-post form, filled in to publish now."""
    now = timezone.localtime()
    return {
        "title": title,
        "slug": slug,
        "author": make_author().pk,
        "summary": "A summary.",
        "body": "A body.",
        "status": Post.Status.PUBLISHED,
        "published_at_0": now.strftime("%Y-%m-%d"),
        "published_at_1": now.strftime("%H:%M:%S"),
    }


def test_admin_refuses_a_post_title_with_a_control_character(
    organiser_client: Client,
) -> None:
    response = organiser_client.post(
        reverse("admin:blog_post_add"),
        _new_post(title="Pasted\x0btitle", slug="pasted-title"),
    )

    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert "Pasted\x0btitle" in response.content.decode()
    assert not Post.objects.exists()


def test_admin_refuses_a_theme_name_with_a_control_character(
    organiser_client: Client,
) -> None:
    response = organiser_client.post(
        reverse("admin:themes_theme_add"),
        {"name": "Hous\x0bing", "slug": "housing", "explanation": "Homes."},
    )

    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert not Theme.objects.exists()


def test_admin_takes_a_title_with_accents_and_dashes(organiser_client: Client) -> None:
    response = organiser_client.post(
        reverse("admin:blog_post_add"),
        _new_post(title="Café — what we heard", slug="cafe-what-we-heard"),
    )

    assert response.status_code == 302
    assert Post.objects.get().title == "Café — what we heard"
