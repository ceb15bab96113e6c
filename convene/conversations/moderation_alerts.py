"""Moderators hear of waiting statements by email, so nobody has to keep the moderate page
open: when statements have waited `MODERATION_ALERT_AFTER` seconds, or
`MODERATION_ALERT_COUNT` wait in one conversation. Each moderator is emailed at most once
per `MODERATION_ALERT_INTERVAL`, about all their conversations that are due, and only if
they have not turned it off (their account page).

Run after each statement that awaits moderation (a task queued on commit) and from cron
(`convene alert-moderators`), which catches statements that have simply waited too long.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Min, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from convene.conversations.models import Statement
from convene.members.models import Role


@dataclass(frozen=True)
class Waiting:
    conversation_id: int
    question: str
    url: str
    count: int
    oldest: datetime


def _is_due(count: int, oldest: datetime, now: datetime) -> bool:
    enough = settings.MODERATION_ALERT_COUNT
    after = settings.MODERATION_ALERT_AFTER
    if enough and count >= enough:
        return True
    return bool(after) and now - oldest >= timedelta(seconds=after)


def due_conversations(now: datetime) -> dict[int, Waiting]:
    """Conversations whose waiting statements call for an alert, by id."""
    rows = (
        Statement.objects.filter(status=Statement.Status.PENDING)
        .values("conversation", "conversation__question", "conversation__slug")
        .annotate(count=Count("pk"), oldest=Min("created_at"))
        .order_by("conversation")
    )
    return {
        row["conversation"]: Waiting(
            conversation_id=row["conversation"],
            question=row["conversation__question"],
            url=settings.SITE_URL
            + reverse("conversations:moderate", args=[row["conversation__slug"]]),
            count=row["count"],
            oldest=row["oldest"],
        )
        for row in rows
        if _is_due(row["count"], row["oldest"], now)
    }


@transaction.atomic
def alert_moderators() -> int:
    """Email each moderator who is due an alert; returns how many were emailed."""
    now = timezone.now()
    due = due_conversations(now)
    if not due:
        return 0
    recently = now - timedelta(seconds=settings.MODERATION_ALERT_INTERVAL)
    moderators = Role.objects.held().filter(kind=Role.Kind.MODERATOR)
    # Once per interval per person, whichever of their conversations it was about.
    alerted_lately = moderators.filter(alerted_at__gt=recently).values("user")
    roles = (
        moderators.filter(alerts_on=True)
        .filter(Q(conversation__isnull=True) | Q(conversation__in=list(due)))
        # The row's own time too: PostgreSQL re-reads a locked row's columns once the
        # other transaction commits, but not the subquery.
        .filter(Q(alerted_at__isnull=True) | Q(alerted_at__lte=recently))
        .exclude(user__in=alerted_lately)
        .select_related("user")
        .select_for_update(of=("self",))  # two alerts at once email someone once
        .order_by("pk")
    )
    by_user: dict[int, tuple[User, list[Waiting]]] = {}
    for role in roles:
        assert role.user is not None  # noqa: S101 (held roles have a user)
        _, waiting = by_user.setdefault(role.user.pk, (role.user, []))
        scope = (
            due.values()
            if role.conversation_id is None
            else [due[role.conversation_id]]
        )
        waiting.extend(w for w in scope if w not in waiting)
    Role.objects.filter(kind=Role.Kind.MODERATOR, user__in=list(by_user)).update(
        alerted_at=now
    )
    for user, waiting in by_user.values():
        _email_on_commit(str(user.email), waiting)
    return len(by_user)


def _email_on_commit(address: str, waiting: list[Waiting]) -> None:
    context = {
        "site_name": settings.SITE_NAME,
        "waiting": sorted(waiting, key=lambda w: w.oldest),
        "total": sum(w.count for w in waiting),
        "interval_minutes": max(1, settings.MODERATION_ALERT_INTERVAL // 60),
    }
    subject = render_to_string("conversations/emails/waiting_subject.txt", context)
    body = render_to_string("conversations/emails/waiting.txt", context)
    transaction.on_commit(
        lambda: send_mail(" ".join(subject.split()), body, None, [address])
    )
