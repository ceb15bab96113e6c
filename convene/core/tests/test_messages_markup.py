"""The note a page shows after a form (saved, sent, refused) reads as a list, and is announced.

A list given a role of its own is a list no more to screen readers (axe's `listitem` rule),
so the live region wraps the list instead of being it.
"""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

SENT = "If an account with that address is waiting to be confirmed"


class _Page(HTMLParser):
    """Each <li>'s parent element, and the text inside role="status" regions."""

    VOID = frozenset({"br", "hr", "img", "input", "link", "meta", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, dict[str, str | None]]] = []
        self.list_item_parents: list[tuple[str, dict[str, str | None]]] = []
        self.status_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self.list_item_parents.append(self.open[-1])
        if tag not in self.VOID:
            self.open.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if any(attrs.get("role") == "status" for _, attrs in self.open):
            self.status_text += data


def test_a_flash_message_is_a_list_item_inside_a_live_region(visitor: Client) -> None:
    response = visitor.post(
        reverse("members:resend-verification"),
        {"email": "someone@example.org"},
        follow=True,
    )

    assert response.status_code == 200
    page = _Page()
    page.feed(response.content.decode())
    assert SENT in page.status_text
    for tag, attrs in page.list_item_parents:
        assert tag in {"ul", "ol"}
        assert "role" not in attrs
