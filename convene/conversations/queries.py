"""Read helpers for conversations: access, the person's participant, the statements to show
them and the moderators, and the addresses to share. The results are read in `results.py`."""

import math
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.safestring import SafeString

from convene.conversations.limits import offered_sparingly, room_token
from convene.conversations.models import (
    Conversation,
    ConversationQuerySet,
    OpinionResult,
    Participant,
    Statement,
    Vote,
)
from convene.conversations.statement_text import Likeness, same_words
from convene.core.qr import qr_svg
from convene.core.staff import staff_may
from convene.members.models import Role
from convene.members.roles import moderates, works_at_event


def public_conversations() -> ConversationQuerySet:
    return (
        Conversation.objects.public()
        .select_related("event", "discussion_group")
        .prefetch_related("themes")
    )


CONVERSATION_STAFF_PERMISSION = "conversations.change_conversation"

Person = User | AnonymousUser


def runs_conversations(user: Person) -> bool:
    return staff_may(user, CONVERSATION_STAFF_PERMISSION)


def may_organise_conversation(user: Person, conversation: Conversation) -> bool:
    """Staff and the organisers of its event: open and close it, export it, its team."""
    if runs_conversations(user):
        return True
    if conversation.event_id is None:
        return False
    return works_at_event(user, conversation.event_id, Role.Kind.ORGANISER)


def may_moderate(user: Person, conversation: Conversation) -> bool:
    if may_organise_conversation(user, conversation):
        return True
    return moderates(user, conversation.pk)


def may_see_conversation(user: Person, conversation: Conversation) -> bool:
    """Published ones to everyone; unpublished ones to those getting them ready."""
    if conversation.is_published:
        return True
    if may_moderate(user, conversation):
        return True
    if conversation.event_id is None:
        return False
    return works_at_event(user, conversation.event_id)


def get_conversation_for(
    user: Person, slug: str, *, with_event: bool = False
) -> Conversation:
    """`with_event` reads the event and discussion group along, for pages that show them;
    the vote path, taken on every tap, does without the joins."""
    conversations = Conversation.objects.all()
    if with_event:
        conversations = conversations.select_related("event", "discussion_group")
    try:
        # get(), not first(): a slug is unique, and first() would sort the one row.
        conversation = conversations.get(slug=slug)
    except Conversation.DoesNotExist:
        raise Http404("No such conversation.") from None
    if not may_see_conversation(user, conversation):
        raise Http404("No such conversation.")
    return conversation


def get_conversation_to_moderate(user: Person, slug: str) -> Conversation:
    conversation = get_conversation_for(user, slug)
    if not may_moderate(user, conversation):
        raise PermissionDenied("Only its moderators, organisers and staff moderate it.")
    return conversation


def get_conversation_to_organise(user: Person, slug: str) -> Conversation:
    conversation = get_conversation_for(user, slug)
    if not may_organise_conversation(user, conversation):
        raise PermissionDenied("Only its event's organisers and staff do this.")
    return conversation


def get_statement_for_moderation(
    user: Person, conversation: Conversation, pk: int
) -> Statement:
    if not may_moderate(user, conversation):
        raise PermissionDenied("Only its moderators, organisers and staff moderate it.")
    statement = Statement.objects.filter(conversation=conversation, pk=pk).first()
    if statement is None:
        raise Http404("No such statement in this conversation.")
    return statement


def participant_of(
    conversation: Conversation,
    *,
    user: User | AnonymousUser,
    browser_key: uuid.UUID | None,
) -> QuerySet[Participant]:
    """The person's participant as a query of at most one row, to read or use as a subquery.

    A member's own participant comes first; failing that, their browser's anonymous one.
    """
    participants = Participant.objects.filter(conversation=conversation)
    if user.is_authenticated and browser_key is not None:
        mine = Q(user=user) | Q(browser_key=browser_key, user=None)
        # The member's row has a user, the browser's has none: nulls sort last.
        return participants.filter(mine).order_by(F("user_id").desc(nulls_last=True))[
            :1
        ]
    if user.is_authenticated:
        return participants.filter(user=user)  # one at most (a constraint)
    if browser_key is not None:
        return participants.filter(browser_key=browser_key, user=None)  # likewise
    return Participant.objects.none()


def find_participant(
    conversation: Conversation,
    *,
    user: User | AnonymousUser,
    browser_key: uuid.UUID | None,
) -> Participant | None:
    """The person's participant if they have taken part; reading never creates one."""
    return participant_of(conversation, user=user, browser_key=browser_key).first()


def _latest_priorities(conversation: Conversation) -> dict[int, float] | None:
    """Each statement's routing priority from the latest opinion map, by statement id."""
    rows = OpinionResult.objects.filter(conversation=conversation).values_list(
        "statement_ids", "data__priorities"
    )
    row = next(iter(rows[:1]), None)  # one row per conversation: nothing to sort
    if row is None or not row[1]:
        return None
    statement_ids, priorities = row
    return {pk: float(p) for pk, p in zip(statement_ids, priorities, strict=False)}


def unvoted_statements(
    conversation: Conversation,
    participant: Participant | QuerySet[Participant] | None,
    *,
    viewer: str | None = None,
) -> list[Statement]:
    """Statements the participant may still vote on, most useful first (as Pol.is routes).

    `participant` may be the query `participant_of` returns, so a page that has not needed
    the row itself reads it within this query rather than in one of its own.

    With an opinion map, its priorities decide; statements newer than the map have no
    priority yet and come first, so they gather votes. Without a map, fewest votes first.
    A statement flagged as nearly repeating another, which no moderator has seen yet, comes
    after all the rest: everyone would otherwise be asked about a likely repeat first. And
    a statement no moderator has seen goes to only a few people (`limits.offered_sparingly`),
    each named by `viewer`.
    Only what the vote page shows is loaded: the id and the text.
    """
    statements = (
        Statement.objects.visible_in(conversation)
        .annotate(n_votes=Count("votes"))
        .only("pk", "text", "status", "similar_to_id")
    )
    if isinstance(participant, QuerySet):
        if not participant.query.is_empty():  # nobody to look up: everything is unvoted
            voted = Vote.objects.filter(participant__in=participant.values("pk"))
            statements = statements.exclude(pk__in=voted.values("statement_id"))
    elif participant is not None:
        statements = statements.exclude(
            pk__in=Vote.objects.filter(participant=participant).values("statement_id")
        )
    candidates = list(statements)
    priorities = _latest_priorities(conversation)
    if priorities is None:
        candidates.sort(key=lambda s: (s.n_votes, s.pk))  # type: ignore[attr-defined]  # annotated
    else:
        candidates.sort(
            key=lambda s: (-priorities.get(s.pk, math.inf), s.n_votes, s.pk)  # type: ignore[attr-defined]  # annotated
        )
    # A stable sort: within each part, the order above stands.
    candidates.sort(key=_likely_repeat)
    return offered_sparingly(candidates, viewer)


def _likely_repeat(statement: Statement) -> bool:
    return (
        statement.status == Statement.Status.PENDING
        and statement.similar_to_id is not None
    )


def votes_of(
    conversation: Conversation, participant: Participant | None
) -> QuerySet[Vote]:
    if participant is None:
        return Vote.objects.none()
    # Votes on statements nobody can see (removed, or waiting for a moderator) can't be
    # changed: not listed.
    return (
        Vote.objects.counted_in(conversation)
        .filter(participant=participant)
        .select_related("statement")
        .order_by("-updated_at")
    )


def newest_visible_statements(conversation_id: int, limit: int = 6) -> list[Statement]:
    """The newest statements the whole room votes on, for the phones and the projector
    alike. A statement no moderator has read yet goes to only a few people
    (UNMODERATED_STATEMENT_AUDIENCE), so it waits for a moderator before it is on show;
    with that setting at 0, post-moderation shows it at once."""
    statements = Statement.objects.visible().filter(conversation_id=conversation_id)
    if settings.UNMODERATED_STATEMENT_AUDIENCE > 0:
        statements = statements.filter(status=Statement.Status.ACCEPTED)
    return list(statements.only("pk", "text", "created_at").order_by("-pk")[:limit])


def similar_statement_id(conversation: Conversation, text: str) -> int | None:
    """The earlier statement (not rejected) this text nearly repeats, so the moderator can
    compare them."""
    likeness = Likeness(text)
    best: tuple[float, int] | None = None
    for pk, other in _not_rejected(conversation).values_list("pk", "text"):
        score = likeness.score(other)
        if score and (best is None or score > best[0]):
            best = (score, pk)
    return best[1] if best else None


def repeated_statement(conversation: Conversation, text: str) -> Statement | None:
    """A statement (not rejected) with the same words in the same order, whatever the case
    and punctuation."""
    for statement in _not_rejected(conversation).only("pk", "text"):
        if same_words(statement.text, text):
            return statement
    return None


def _not_rejected(conversation: Conversation) -> QuerySet[Statement]:
    return Statement.objects.filter(conversation=conversation).exclude(
        status=Statement.Status.REJECTED
    )


def moderation_queue(conversation: Conversation) -> QuerySet[Statement]:
    """Statements no moderator has decided on yet, oldest first, with any near-duplicate."""
    return (
        Statement.objects.filter(
            conversation=conversation, status=Statement.Status.PENDING
        )
        .select_related("similar_to")
        .order_by("pk")
    )


def recently_moderated(conversation: Conversation, limit: int = 20) -> list[Statement]:
    """Decided statements, newest decision first; staff's seeds count as accepted."""
    return list(
        Statement.objects.filter(conversation=conversation)
        .exclude(status=Statement.Status.PENDING)
        .order_by("-moderated_at")[:limit]
    )


def meta_statements(conversation: Conversation) -> QuerySet[Statement]:
    """Statements about the conversation itself, which the opinion map leaves out."""
    return Statement.objects.filter(conversation=conversation, is_meta=True).order_by(
        "pk"
    )


def vote_url(conversation: Conversation) -> str:
    # The configured public address, not the projector's own (often localhost), so phones in
    # the room can open it.
    return settings.SITE_URL + reverse("conversations:vote", args=[conversation.slug])


def results_url(conversation: Conversation) -> str:
    return settings.SITE_URL + reverse(
        "conversations:results", args=[conversation.slug]
    )


def site_url_is_local() -> bool:
    """Whether the configured public address is this machine's own, which phones can't open."""
    host = urlsplit(settings.SITE_URL).hostname or ""
    return host in {"localhost", "127.0.0.1", "::1"} or host.endswith(".localhost")


def room_url(conversation: Conversation) -> str:
    """The voting page with the room's token: phones arriving through it count against the
    room's ceilings (`limits`), which a whole venue behind one address needs."""
    return f"{vote_url(conversation)}?room={room_token(conversation)}"


def qr_svg_for(conversation: Conversation, *, scale: int = 6) -> SafeString:
    """An inline SVG QR code of the conversation's room link, to project or print."""
    url = vote_url(conversation)
    return qr_svg(
        room_url(conversation), title=f"QR code: take part at {url}", scale=scale
    )
