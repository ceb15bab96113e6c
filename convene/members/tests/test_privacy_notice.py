import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from convene.conversations.tests.helpers import make_conversation
from convene.events.tests.helpers import make_event
from convene.members.models import PrivacyNotice

pytestmark = pytest.mark.django_db

NOTICE_URL = reverse("privacy:notice")


def text_of(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(strip_tags(response.content.decode()).split())


def test_the_default_notice_answers_what_a_person_would_ask(visitor: Client) -> None:
    page = text_of(visitor, NOTICE_URL)

    for heading in [
        "What we collect, and why",
        "Our lawful basis",
        "How long we keep it",
        "Who sees it",
        "Getting a copy, correcting or erasing it",
        "Who to contact",
    ]:
        assert heading in page
    assert "{site_name}" not in page
    assert f"{settings.SITE_NAME} is a network of community groups" in page


def test_the_footer_links_to_the_notice(visitor: Client) -> None:
    response = visitor.get(reverse("core:home"))

    assert f'href="{NOTICE_URL}">Privacy notice</a>' in response.content.decode()


def form_pages() -> list[str]:
    event = make_event()
    conversation = make_conversation()
    return [
        reverse("members:join"),
        reverse("members:login"),
        reverse("members:password-reset"),
        reverse("members:resend-verification"),
        reverse("members:account"),
        reverse("events:register", args=[event.slug]),
        reverse("conversations:vote", args=[conversation.slug]),
        reverse("conversations:add-statement", args=[conversation.slug]),
    ]


def test_every_form_that_takes_personal_details_says_what_happens_to_them(
    member: User,
) -> None:
    client = Client()
    for url in form_pages():
        if url != reverse("members:login"):
            client.force_login(member)
        else:
            client.logout()
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'class="meta privacy-line"' in html, url
        line = html.split('class="meta privacy-line">', 1)[1].split("</p>", 1)[0]
        assert f'<a href="{NOTICE_URL}">Privacy notice</a>' in line, url
        assert len(strip_tags(line).split()) > 8, url  # a sentence, not just the link


def test_staff_publish_a_new_notice_that_replaces_the_default(
    organiser_client: Client, visitor: Client
) -> None:
    add_url = reverse("admin:members_privacynotice_add")
    form = organiser_client.get(add_url)
    assert "Our lawful basis" in form.content.decode()  # starts from the current text

    response = organiser_client.post(
        add_url,
        {
            "text": "## Our promise\n\nWrite to Jo at dpo@pennine.example.\n\n"
            '<script>alert("x")</script>'
        },
    )

    assert response.status_code == 302
    page = visitor.get(NOTICE_URL).content.decode()
    assert "Our promise" in page
    assert "dpo@pennine.example" in page
    assert "Our lawful basis" not in page
    assert "<script>alert" not in page
    assert "Last changed" in page


def test_earlier_versions_are_kept_and_cannot_be_rewritten(
    organiser_client: Client, visitor: Client
) -> None:
    add_url = reverse("admin:members_privacynotice_add")
    organiser_client.post(add_url, {"text": "First version."})
    organiser_client.post(add_url, {"text": "Second version."})
    first = PrivacyNotice.objects.get(text="First version.")

    response = organiser_client.post(
        reverse("admin:members_privacynotice_change", args=[first.pk]),
        {"text": "Rewritten history."},
    )

    assert response.status_code == 403
    assert PrivacyNotice.objects.count() == 2
    assert "Second version." in visitor.get(NOTICE_URL).content.decode()


def test_members_cannot_edit_the_notice(member_client: Client) -> None:
    response = member_client.post(
        reverse("admin:members_privacynotice_add"), {"text": "Mine now."}
    )

    assert response.status_code == 302  # to the admin's log-in
    assert not PrivacyNotice.objects.exists()
