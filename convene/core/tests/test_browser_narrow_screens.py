"""Every public page reads on a 320-pixel phone: nothing is wider than the screen."""

from typing import Any

import pytest

from convene.core.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/members/join/",
    "/members/login/",
    "/blog/",
    "/blog/community-voices-in-sheffield-what-you-told-us/",
    "/events/",
    "/events/community-voices-sheffield/",
    "/events/community-voices-newcastle/register/",
    "/themes/",
    "/themes/young-people/",
    "/conversations/community-development-in-the-north/",
    "/conversations/community-development-in-the-north/vote/",
    "/conversations/community-development-in-the-north/results/",
]


def test_public_pages_fit_a_320_pixel_screen(browser: Any, live_server: Any) -> None:
    load_demo()
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, java_script_enabled=False
    )
    page = context.new_page()
    too_wide = {}
    for path in PAGES:
        response = page.goto(live_server.url + path)
        assert response is not None
        assert response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[path] = width
    context.close()
    assert not too_wide, f"pages wider than the screen: {too_wide}"
