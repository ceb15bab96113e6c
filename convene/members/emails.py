"""The members app's emails: the one place that builds and sends them.

Links use SITE_URL rather than the request's host, so a forged Host header cannot point a
reset link at someone else's site, and tasks (which have no request) can build them.
"""

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from convene.members.models import Member, Role
from convene.members.tokens import invitation_token, verification_token


def _send(template: str, to: str, context: dict[str, object]) -> None:
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        **context,
    }
    subject = render_to_string(f"members/emails/{template}_subject.txt", context)
    body = render_to_string(f"members/emails/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [to])


def verify_url(member: Member) -> str:
    path = reverse("members:verify", args=[verification_token(member)])
    return f"{settings.SITE_URL}{path}"


def send_verification_email(member: Member) -> None:
    days = max(1, settings.VERIFY_EMAIL_MAX_AGE // (24 * 3600))
    _send(
        "verify",
        member.email,
        {"member": member, "url": verify_url(member), "days": days},
    )


def send_already_member_email(member: Member) -> None:
    """Someone tried to join with a member's address: tell the member, not the form."""
    _send(
        "already_member",
        member.email,
        {
            "member": member,
            "login_url": f"{settings.SITE_URL}{reverse('members:login')}",
            "reset_url": f"{settings.SITE_URL}{reverse('members:password-reset')}",
        },
    )


def send_password_reset_email(user: User) -> None:
    path = reverse(
        "members:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    _send(
        "password_reset",
        str(user.email),
        {"user": user, "url": f"{settings.SITE_URL}{path}"},
    )


def _where(role: Role) -> tuple[str, str]:
    """The role's scope in words, and the page to start from."""
    if role.event is not None:
        return role.event.title, f"{settings.SITE_URL}{role.event.get_absolute_url()}"
    if role.conversation is not None:
        conversation = role.conversation
        return (
            conversation.question,
            f"{settings.SITE_URL}{conversation.get_absolute_url()}",
        )
    return "every conversation", f"{settings.SITE_URL}{reverse('conversations:list')}"


def send_role_email(role: Role) -> None:
    """Tell someone they were given a role; without an account, invite them to make one."""
    where, start_url = _where(role)
    context: dict[str, object] = {
        "role": role,
        "kind": role.get_kind_display().lower(),
        "where": where,
        "start_url": start_url,
    }
    if role.user_id is None:
        path = reverse(
            "members:invitation", args=[invitation_token(role.pk, role.email)]
        )
        days = max(1, settings.ROLE_INVITATION_MAX_AGE // (24 * 3600))
        _send(
            "role_invitation",
            role.email,
            {**context, "url": f"{settings.SITE_URL}{path}", "days": days},
        )
        return
    _send("role_given", role.email, context)
