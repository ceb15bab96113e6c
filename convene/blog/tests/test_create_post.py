import pytest

from convene.blog.models import Post
from convene.blog.services import create_post
from convene.blog.tests.helpers import make_author, make_post
from convene.themes.services import create_theme

pytestmark = pytest.mark.django_db


def test_create_post_makes_a_draft_with_themes() -> None:
    theme = create_theme("Young people", explanation="Youth work.")

    post = create_post(
        "  Hello  ",
        author=make_author(),
        summary="A hello.",
        body="Hi.",
        themes=[theme],
    )

    post.refresh_from_db()
    assert post.title == "Hello"
    assert post.slug == "hello"
    assert post.status == Post.Status.DRAFT
    assert list(post.themes.all()) == [theme]


def test_posts_with_the_same_title_get_different_slugs() -> None:
    author = make_author()
    slugs = {make_post(title="Welcome", author=author).slug for _ in range(3)}
    assert slugs == {"welcome", "welcome-2", "welcome-3"}


def test_slug_suffix_fits_the_field_for_long_titles() -> None:
    author = make_author()
    title = "x" * 200  # a slug that fills the field, leaving no room for a suffix
    first = make_post(title=title, author=author)
    second = make_post(title=title, author=author)
    assert len(first.slug) <= 200
    assert len(second.slug) == 200
    assert second.slug.endswith("-2")
    assert first.slug != second.slug


def test_title_without_sluggable_characters_still_gets_a_slug() -> None:
    author = make_author()
    assert make_post(title="🎉🎉", author=author).slug == "post"
    assert make_post(title="!!!", author=author).slug == "post-2"


def test_authors_with_the_same_name_get_different_slugs() -> None:
    assert make_author(name="Sam Lee").slug == "sam-lee"
    assert make_author(name="Sam Lee").slug == "sam-lee-2"
