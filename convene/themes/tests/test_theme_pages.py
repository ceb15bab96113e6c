from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from convene.blog.models import Post
from convene.blog.tests.helpers import make_author, make_post
from convene.conversations.organising import (
    create_conversation,
    create_discussion_group,
)
from convene.events.services import create_series, create_venue
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

    response = visitor.get(youth.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "How do we keep young people in the valley?" in page
    assert "Where should the next community shop go?" not in page


def test_theme_page_leaves_out_drafts(visitor: Client, youth: Theme) -> None:
    draft = make_post(title="Unfinished thoughts", status=Post.Status.DRAFT)
    draft.themes.add(youth)

    response = visitor.get(youth.get_absolute_url())

    assert response.status_code == 200
    assert b"Unfinished thoughts" not in response.content


@pytest.mark.parametrize("n", [2, 6])
def test_theme_page_takes_the_same_queries_however_much_carries_the_theme(
    visitor: Client, youth: Theme, django_assert_num_queries: Any, n: int
) -> None:
    # Each item has its own author, venue, series, event and discussion group, and a
    # second theme, so a query per item for any of them would show in the count.
    volunteering = create_theme("Volunteering", explanation="Giving time.")
    for i in range(n):
        make_post(
            title=f"News item {i}",
            author=make_author(name=f"Author {i}"),
            themes=[youth, volunteering],
        )
        event = make_event(
            title=f"Youth day {i}",
            venue=create_venue(f"Hall {i}", address=f"{i} High Street\nWigan"),
            series=create_series(f"Youth days {i}"),
            themes=[youth],
        )
        create_conversation(
            f"What would keep young people here, question {i}?",
            event=event,
            discussion_group=create_discussion_group(event, name=f"Table {i}"),
            themes=[youth, volunteering],
        )

    # the theme; the posts with their authors, and the posts' themes; the events with
    # their venues and series; the conversations with their events and groups, and the
    # conversations' themes
    with django_assert_num_queries(6):
        response = visitor.get(youth.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    for i in range(n):
        assert f"News item {i}" in page
        assert f"Author {i}" in page
        assert f"Hall {i}" in page
        assert f"Youth days {i}" in page
        assert f"question {i}?" in page
        assert f"Table {i}" in page


def test_unknown_theme_is_not_found(visitor: Client, db: None) -> None:
    assert (
        visitor.get(reverse("themes:detail", args=["no-such-theme"])).status_code == 404
    )


def test_theme_slugs_come_from_names_and_names_are_unique(youth: Theme) -> None:
    assert youth.slug == "young-people"
    with pytest.raises(ValidationError, match="already exists"):
        create_theme("Young people", explanation="Again.")
