"""Staff are the people who run the whole site: a staff account the admin gives no
permissions opens nothing beyond the admin's front page; the permission opens the page."""

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from convene.blog.models import Post
from convene.blog.tests.helpers import make_post
from convene.conversations.tests.helpers import make_conversation
from convene.events.tests.helpers import make_event, make_registration

pytestmark = pytest.mark.django_db


def _staff(*permissions: str) -> Client:
    user = User.objects.create_user("st", "st@example.org", "pw", is_staff=True)
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def pages() -> dict[str, str]:
    event = make_event(slug="sheffield")
    make_registration(event, email="priya@example.org")
    make_event(slug="draft", is_published=False)
    make_conversation(slug="open-one")
    return {
        "attendees": reverse("events:attendees", args=["sheffield"]),
        "csv": reverse("events:attendees-csv", args=["sheffield"]),
        "door": reverse("events:check-in", args=["sheffield"]),
        "team": reverse("events:team", args=["sheffield"]),
        "moderate": reverse("conversations:moderate", args=["open-one"]),
        "export": reverse("conversations:export-polis", args=["open-one"]),
        "conversation team": reverse("conversations:team", args=["open-one"]),
    }


def test_staff_without_permissions_are_refused_everywhere(
    pages: dict[str, str],
) -> None:
    staff = _staff()

    answers = {name: staff.get(url).status_code for name, url in pages.items()}
    closing = staff.post(
        reverse("conversations:open-or-close", args=["open-one"]), {"is_open": "0"}
    )

    assert answers == dict.fromkeys(pages, 403)
    assert closing.status_code == 403
    assert staff.get(reverse("events:detail", args=["draft"])).status_code == 404


def test_the_model_permission_opens_that_apps_pages(pages: dict[str, str]) -> None:
    events_staff = _staff("change_event")

    assert events_staff.get(pages["attendees"]).status_code == 200
    assert events_staff.get(pages["csv"]).status_code == 200
    assert events_staff.get(reverse("events:detail", args=["draft"])).status_code == 200
    assert events_staff.get(pages["moderate"]).status_code == 403


def test_drafts_stay_hidden_from_staff_who_may_not_edit_posts() -> None:
    draft = make_post(status=Post.Status.DRAFT)

    assert _staff().get(draft.get_absolute_url()).status_code == 404


def test_staff_who_may_edit_posts_see_drafts() -> None:
    draft = make_post(status=Post.Status.DRAFT)

    assert _staff("change_post").get(draft.get_absolute_url()).status_code == 200
