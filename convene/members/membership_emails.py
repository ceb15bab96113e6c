"""The renewal reminder email. Links use SITE_URL: a task has no request to take a host from."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from convene.members.membership import long_date
from convene.members.membership_tokens import renewal_token
from convene.members.models import Membership


def renew_url(membership: Membership) -> str:
    path = reverse("members:renew-by-link", args=[renewal_token(membership)])
    return f"{settings.SITE_URL}{path}"


def send_renewal_reminder(membership: Membership) -> None:
    assert membership.expires_on is not None  # noqa: S101 (lifetime memberships are never due)
    context = {
        "site_name": settings.SITE_NAME,
        "member": membership.member,
        "membership": membership,
        "expires": long_date(membership.expires_on),
        "url": renew_url(membership),
        "days": max(1, settings.RENEW_LINK_MAX_AGE // (24 * 3600)),
        "account_url": f"{settings.SITE_URL}{reverse('members:account')}",
        "privacy_url": f"{settings.SITE_URL}{reverse('privacy:notice')}",
    }
    subject = render_to_string("members/emails/renewal_reminder_subject.txt", context)
    body = render_to_string("members/emails/renewal_reminder.txt", context)
    send_mail(" ".join(subject.split()), body, None, [membership.member.email])
