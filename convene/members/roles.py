"""Who holds which role where: the reads behind every access helper and team page.

Roles are scoped by id (an event's, a conversation's) so this module needs nothing from the
apps whose pages they open; those apps' access helpers (`events/access.py`,
`conversations/queries.py`) ask here and add their staff rule.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q

from convene.members.models import Role, RoleQuerySet


def _held_by(user: User | AnonymousUser) -> RoleQuerySet:
    if not isinstance(user, User):
        return Role.objects.none()
    if not user.is_active:
        return Role.objects.none()
    return Role.objects.held().filter(user=user)


def works_at_event(user: User | AnonymousUser, event_id: int, *kinds: str) -> bool:
    """Whether `user` holds one of `kinds` (all kinds when none are named) at the event."""
    roles = _held_by(user).filter(event=event_id)
    if kinds:
        roles = roles.filter(kind__in=kinds)
    return roles.exists()


def moderates(user: User | AnonymousUser, conversation_id: int) -> bool:
    """A moderator of this conversation, or of every conversation."""
    return (
        _held_by(user)
        .filter(kind=Role.Kind.MODERATOR)
        .filter(Q(conversation=conversation_id) | Q(conversation__isnull=True))
        .exists()
    )


def roles_of(user: User) -> RoleQuerySet:
    """A person's own roles, for their account page."""
    return (
        Role.objects.filter(user=user)
        .select_related("event", "conversation")
        .order_by("kind", "pk")
    )


def event_team(event_id: int) -> RoleQuerySet:
    """Everyone given a role at the event, invitations not yet accepted included."""
    return (
        Role.objects.filter(event=event_id)
        .select_related("user", "user__member", "table")
        .order_by("kind", "email")
    )


def conversation_team(conversation_id: int) -> RoleQuerySet:
    """The conversation's own moderators (those of every conversation are listed apart)."""
    return (
        Role.objects.filter(kind=Role.Kind.MODERATOR, conversation=conversation_id)
        .select_related("user", "user__member")
        .order_by("email")
    )


def moderators_of_everything() -> RoleQuerySet:
    return (
        Role.objects.filter(kind=Role.Kind.MODERATOR, conversation__isnull=True)
        .select_related("user", "user__member")
        .order_by("email")
    )


def facilitates_table(user: User | AnonymousUser, event_id: int, table_id: int) -> bool:
    """A facilitator of this table, or of the whole event (no table: every table)."""
    return (
        _held_by(user)
        .filter(kind=Role.Kind.FACILITATOR, event=event_id)
        .filter(Q(table=table_id) | Q(table__isnull=True))
        .exists()
    )
