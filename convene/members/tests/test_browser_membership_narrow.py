"""The membership and privacy pages read on a 320-pixel phone."""

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from convene.members.membership_tokens import renewal_token
from convene.members.models import Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_account_renew_and_privacy_pages_fit_a_320_pixel_screen(
    browser: Any, live_server: Any, member: User, member_client: Client
) -> None:
    # given a member whose membership lapsed
    membership = Membership.objects.get(member__user=member)
    Membership.objects.filter(pk=membership.pk).update(
        status=Membership.Status.LAPSED,
        started_on=datetime.date(2024, 2, 1),
        expires_on=datetime.date(2025, 1, 31),
    )
    membership.refresh_from_db()
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
    pages = {
        "account": reverse("members:account"),
        "renew": reverse("members:renew-by-link", args=[renewal_token(membership)]),
        "renew-failed": reverse("members:renew-by-link", args=["not-a-link"]),
        "privacy": reverse("privacy:notice"),
    }
    try:
        page = context.new_page()
        for name, path in pages.items():
            # when they open each page on a small phone
            page.goto(live_server.url + path)

            # then it reads without scrolling sideways
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, name
        page.goto(live_server.url + pages["account"])
        page.get_by_role("button", name="Renew my membership").click()
        assert page.get_by_text("your membership is renewed until").is_visible()
    finally:
        context.close()
