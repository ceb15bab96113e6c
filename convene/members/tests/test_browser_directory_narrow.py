"""The member directory reads on a 320-pixel phone, however long the names and addresses."""

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from convene.members.tests.helpers import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_directory_fits_a_320_pixel_screen(
    browser: Any, live_server: Any, member_client: Client
) -> None:
    # given members whose name, email and website have no spaces to wrap at
    make_member(
        email="community.development.coordinator.north@longest-organisation-name.example",
        kind="organisation",
        name="TheBarnsleyAndDistrictCommunityDevelopmentPartnershipTrust",
        contact_name="Rob Rivers",
        region="north-east",
        website="https://www.barnsley-and-district-community-partnership.example/about-us",
        bio="Runs projects in every village: https://example.org/a-very-long-link-to-a-page",
        show_email=True,
        show_website=True,
    )
    session = member_client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(viewport={"width": 320, "height": 640})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session,
                "url": live_server.url,
            }
        ]
    )
    try:
        page = context.new_page()

        # when a member opens the directory on a small phone
        response = page.goto(live_server.url + reverse("members:directory"))

        # then they see every entry without scrolling sideways
        assert response is not None
        assert response.status == 200
        assert page.get_by_role("heading", name="TheBarnsley").is_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320
    finally:
        context.close()
