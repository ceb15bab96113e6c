"""The live wall fits a projector: everything on one screen, the QR code whole, the map large."""

from typing import Any

import pytest
from django.urls import reverse

from convene.conversations.models import Conversation
from convene.conversations.tests.helpers import make_conversation, make_two_camps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROJECTORS = [(1920, 1080), (1280, 720), (1024, 768)]


@pytest.fixture
def conversation() -> Conversation:
    conversation = make_conversation(
        question="What would make the high street busier on a weekday?"
    )
    make_two_camps(conversation)  # enough votes for an opinion map with groups
    return conversation


def box(page: Any, selector: str) -> dict[str, float]:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not shown"
    return dict(found)


def inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_the_wall_fits_a_projector_screen(
    page: Any, live_server: Any, conversation: Conversation
) -> None:
    for width, height in PROJECTORS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(
            live_server.url + reverse("conversations:wall", args=[conversation.slug])
        )
        screen = {"x": 0.0, "y": 0.0, "width": float(width), "height": float(height)}
        size = f"at {width}x{height}"

        assert page.evaluate("document.documentElement.scrollHeight") <= height, size
        qr = box(page, ".wall-qr svg")
        opinion_map = box(page, "svg.opinion-map")
        # The QR code is drawn whole inside its column (a phone can't scan half of one) ...
        assert inside(qr, box(page, ".wall-join")), size
        assert inside(qr, screen), size
        assert qr["width"] >= 0.15 * width, size
        # ... and the map is large enough to read from the back of the room.
        assert inside(opinion_map, screen), size
        assert not overlap(opinion_map, qr), size
        assert min(opinion_map["width"], opinion_map["height"]) >= 0.45 * height, size


LONG_LINK = (
    "See https://www.example.org/funding/programmes/community-awards-for-"
    "small-groups-application-guidance-and-eligibility for how others do it."
)


def test_a_pasted_link_wraps_on_a_phone_and_on_the_wall(
    page: Any, live_server: Any, conversation: Conversation
) -> None:
    from convene.conversations.organising import add_seed_statement

    add_seed_statement(conversation, text=LONG_LINK)
    slug = conversation.slug

    page.set_viewport_size({"width": 390, "height": 844})
    for name in ("vote", "results", "wall"):
        page.goto(live_server.url + reverse(f"conversations:{name}", args=[slug]))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{name} is {width}px wide on a 390px phone"

    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(live_server.url + reverse("conversations:wall", args=[slug]))
    listed = page.locator(".wall-statements li", has_text="example.org").first
    assert inside(
        box(page, ".wall-statements li >> nth=0"), box(page, ".wall-statements")
    )
    assert listed.evaluate("e => e.scrollWidth <= e.clientWidth")
