import xml.etree.ElementTree as ET
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

ATOM = "{http://www.w3.org/2005/Atom}"
DUBLIN_CORE = "{http://purl.org/dc/elements/1.1/}"


def parse(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 (our own feed, built in this test)


@pytest.fixture
def posts() -> None:
    author = make_author()
    theme = create_theme("Young people", explanation="Youth work.")
    make_post(
        title="Public post",
        author=author,
        summary="The public summary.",
        body="Full **body** here.",
        themes=[theme],
    )
    make_post(title="Draft post", author=author, status=Post.Status.DRAFT)
    make_post(
        title="Future post",
        author=author,
        published_at=timezone.now() + timedelta(days=1),
    )


@pytest.mark.usefixtures("posts")
def test_rss_feed_lists_only_published_posts(visitor: Client) -> None:
    response = visitor.get(reverse("blog:feed-rss"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse(response.content).find("channel")
    assert channel is not None
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Public post"]
    item = items[0]
    assert item.findtext("description") == "The public summary."
    assert item.findtext("link", "").endswith("/blog/public-post/")
    assert item.findtext("pubDate")
    # RSS 2.0's <author> must be an email address, so Django writes the name as dc:creator.
    assert item.findtext(f"{DUBLIN_CORE}creator") == "Priya Natarajan"
    assert [c.text for c in item.findall("category")] == ["Young people"]


@pytest.mark.usefixtures("posts")
def test_atom_feed_lists_only_published_posts_with_full_content(
    visitor: Client,
) -> None:
    response = visitor.get(reverse("blog:feed-atom"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    entries = parse(response.content).findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Public post"]
    entry = entries[0]
    assert entry.findtext(f"{ATOM}summary") == "The public summary."
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Priya Natarajan"
    assert (
        entry.findtext(f"{ATOM}author/{ATOM}uri")
        == "http://127.0.0.1:8000/blog/authors/priya-natarajan/"
    )
    assert entry.findtext(f"{ATOM}published")
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == ["Young people"]
    content = entry.find(f"{ATOM}content")
    assert content is not None
    assert content.get("type") == "html"
    assert content.text == "<p>Full <strong>body</strong> here.</p>"


def test_feeds_are_valid_when_empty(visitor: Client) -> None:
    for name in ("blog:feed-rss", "blog:feed-atom"):
        response = visitor.get(reverse(name))
        assert response.status_code == 200
        assert parse(response.content).tag in {"rss", f"{ATOM}feed"}


@pytest.mark.parametrize("name", ["blog:feed-rss", "blog:feed-atom"])
def test_feed_query_count_does_not_grow_with_posts(
    visitor: Client, django_assert_num_queries: Any, name: str
) -> None:
    author = make_author()
    theme = create_theme("Volunteering", explanation="Volunteers.")
    for i in range(5):
        make_post(title=f"Post {i}", author=author, themes=[theme])

    # the posts with their authors, and their themes
    with django_assert_num_queries(2):
        response = visitor.get(reverse(name))

    assert response.status_code == 200


@pytest.mark.parametrize("name", ["blog:feed-rss", "blog:feed-atom"])
def test_feeds_stay_readable_when_a_title_or_theme_holds_a_control_character(
    visitor: Client, name: str
) -> None:
    post = make_post(title="Before after", body="Body\x0bwith a tab.")
    theme = create_theme("Housing", explanation="Homes.")
    post.themes.add(theme)
    # Rows saved before the forms refused control characters, which feeds must still carry.
    Post.objects.filter(pk=post.pk).update(title="Before\x0bafter")
    type(theme).objects.filter(pk=theme.pk).update(name="Hous\x0bing")

    response = visitor.get(reverse(name))

    assert response.status_code == 200
    text = ET.tostring(parse(response.content), encoding="unicode")
    assert "Before after" in text
    assert "Hous ing" in text
    assert "\x0b" not in response.content.decode()
