import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from convene.blog.models import Post
from convene.blog.tests.helpers import make_post
from convene.conversations.organising import create_conversation
from convene.events.tests.helpers import make_event
from convene.themes.models import Theme
from convene.themes.services import create_theme


@pytest.fixture
def youth(db: None) -> Theme:
    return create_theme(
        "Young people", explanation="Youth work and young people's voices."
    )


def test_theme_list_shows_every_theme_with_its_explanation(
    visitor: Client, youth: Theme
) -> None:
    create_theme("Climate and nature", explanation="Local action on energy and nature.")

    response = visitor.get(reverse("themes:list"))

    assert response.status_code == 200
    assert b"Young people" in response.content
    assert b"Local action on energy and nature." in response.content


def test_theme_page_lists_posts_and_events_tagged_with_it(
    visitor: Client, youth: Theme
) -> None:
    tagged_post = make_post(title="Apprenticeships that work")
    tagged_post.themes.add(youth)
    make_post(title="An untagged post")
    tagged_event = make_event(title="Youth voice day")
    tagged_event.themes.add(youth)
    make_event(title="Untagged event")

    response = visitor.get(youth.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "Apprenticeships that work" in page
    assert "Youth voice day" in page
    assert "An untagged post" not in page
    assert "Untagged event" not in page


def test_theme_page_lists_conversations_tagged_with_it(
    visitor: Client, youth: Theme
) -> None:
    create_conversation("How do we keep young people in the valley?", themes=[youth])
    create_conversation("Where should the next community shop go?")

    page = visitor.get(youth.get_absolute_url()).content.decode()

    assert "How do we keep young people in the valley?" in page
    assert "Where should the next community shop go?" not in page


def test_theme_page_leaves_out_drafts(visitor: Client, youth: Theme) -> None:
    draft = make_post(title="Unfinished thoughts", status=Post.Status.DRAFT)
    draft.themes.add(youth)

    response = visitor.get(youth.get_absolute_url())

    assert b"Unfinished thoughts" not in response.content


def test_unknown_theme_is_not_found(visitor: Client, db: None) -> None:
    assert (
        visitor.get(reverse("themes:detail", args=["no-such-theme"])).status_code == 404
    )


def test_theme_slugs_come_from_names_and_names_are_unique(youth: Theme) -> None:
    assert youth.slug == "young-people"
    with pytest.raises(ValidationError, match="already exists"):
        create_theme("Young people", explanation="Again.")
