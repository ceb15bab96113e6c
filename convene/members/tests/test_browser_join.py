import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.mail import EmailMessage

from convene.members.models import Member
from convene.members.tests.helpers import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_join_verify_log_in_and_see_the_account(
    page: Any, live_server: Any, mailoutbox: list[EmailMessage]
) -> None:
    # given a visitor who joins through the form
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Become a member / Join now").first.click()
    page.get_by_label("An individual").check()
    page.get_by_role("textbox", name="Email address").fill("browser@example.org")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("textbox", name="Name:", exact=True).fill("Bea Browser")
    page.get_by_role("combobox", name="Region").select_option("north-east")
    page.get_by_label("email me about events").check()
    page.get_by_role("button", name="Join").click()
    page.get_by_role("heading", name="Check your email").wait_for()

    # when they open the emailed link (on_commit ran for real: a transactional test)
    assert len(mailoutbox) == 1
    match = re.search(r"https?://\S+/members/verify/\S+", str(mailoutbox[0].body))
    assert match
    page.goto(live_server.url + urlsplit(match.group(0)).path)
    page.get_by_text("your email address is confirmed").wait_for()

    # then they can log in and see their account
    page.get_by_role("textbox", name="Email address").fill("browser@example.org")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Your account").wait_for()
    assert "Bea Browser" in page.content()
    member = Member.objects.get(user__email="browser@example.org")
    assert member.is_verified
    assert member.may_email_events
