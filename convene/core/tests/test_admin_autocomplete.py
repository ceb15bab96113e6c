"""An admin form whose autocomplete field was sent text where an id belongs is shown again
with its error, not a server error (found by the form fuzzer)."""

import pytest
from django.test import Client

from convene.blog.models import Post
from convene.blog.tests.helpers import make_post
from convene.conversations.models import Conversation
from convene.members.tests.helpers import make_member

NOT_AN_ID = "1e309"


@pytest.fixture
def staff(organiser_client: Client) -> Client:
    organiser_client.raise_request_exception = False
    return organiser_client


def test_member_form_with_a_malformed_account_is_refused(staff: Client) -> None:
    member = make_member()
    response = staff.post(
        f"/admin/members/member/{member.pk}/change/",
        {
            "user": NOT_AN_ID,
            "kind": "individual",
            "name": "Renamed",
            "region": "north-west",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    member.refresh_from_db()
    assert member.name == "Ann Example"


def test_post_form_with_a_malformed_author_is_refused(staff: Client) -> None:
    post = make_post()
    response = staff.post(
        f"/admin/blog/post/{post.pk}/change/",
        {"title": "Renamed", "slug": post.slug, "author": NOT_AN_ID, "status": "draft"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Post.objects.get(pk=post.pk).title == post.title


def test_new_conversation_with_a_malformed_event_is_refused(staff: Client) -> None:
    response = staff.post(
        "/admin/conversations/conversation/add/",
        {
            "question": "Where next?",
            "slug": "where-next",
            "event": NOT_AN_ID,
            "moderation": "post",
            "statements-TOTAL_FORMS": "0",
            "statements-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Conversation.objects.exists()
