"""Push a conversation's live fragments to everyone watching it.

A room of a hundred people voting at once must not cost a hundred renders per vote: each change
is rendered ONCE, here, and `core.live.send_fragments` encodes it once for the whole Channels
group; the browsers only swap it in (`core/static/core/live.js`). Bursts are coalesced per
process: at most one push every `PUSH_INTERVAL` seconds per conversation, and the last change of
a burst is always pushed (a trailing-edge timer), so the wall never stays behind. Embedded, the
opinion map is computed in the task worker's process, which an in-memory channel layer cannot
reach from here, so votes bring the latest map along and one follow-up push after a burst
carries the recomputed one.

Services call `publish_conversation_changed` inside `transaction.on_commit`; it never raises.
"""

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Literal, TypedDict

from django.conf import settings
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string

from convene.conversations.models import (
    Conversation,
    OpinionResult,
    Participant,
    Statement,
    Vote,
)
from convene.conversations.queries import (
    MapLayout,
    lay_out_map,
    qr_svg_for,
    results_url,
    vote_url,
)
from convene.core.live import send_fragments

logger = logging.getLogger(__name__)

# state: opened or closed just now; join: the current state, for a page catching up;
# queued: a statement is waiting for a moderator
What = Literal["vote", "statement", "result", "state", "join", "queued"]

# At least this many seconds between pushes for one conversation in one process: the wall is
# never more than half a second behind, and a busy room costs two pushes a second, each sent
# to every phone and wall watching (at five a second they took a fifth of the web process).
PUSH_INTERVAL = 0.5
# The opinion map is recomputed about a second after votes stop (services.schedule_opinion_update).
MAP_FOLLOW_UP = 2.5
NEWEST_STATEMENTS = 6

# Element ids in the pages; each names the fragment template that fills it.
WALL_TOTALS = "wall-totals"
WALL_STATEMENTS = "wall-statements"
WALL_MAP = "wall-map"
LIVE_STATEMENTS = "live-statements"
WALL_JOIN = "wall-join"  # the code to join, or where the results are once closed
LIVE_STATE = "conversation-state"  # on the phones: a note when the conversation closes
MODERATION_WAITING = "moderation-waiting"  # on moderators' pages: how many wait now


class Totals(TypedDict):
    n_votes: int
    n_participants: int
    n_statements: int


def group_name(conversation_id: int) -> str:
    """The projector's group: totals, newest accepted statements and the map."""
    return f"conversation-{conversation_id}"


def moderation_group_name(conversation_id: int) -> str:
    """Staff on the moderate page: how many statements are waiting, as they arrive."""
    return f"conversation-{conversation_id}-moderation"


def statements_group_name(conversation_id: int) -> str:
    """Participants' phones: only the newest statements they may vote on. The wall's map is
    redrawn about once a second in a busy room, and a phone on a metered plan has no use
    for it."""
    return f"conversation-{conversation_id}-statements"


# --- what the fragments show: a few small queries per push, never per viewer ---------------


def wall_totals(conversation_id: int) -> Totals:
    """Votes and people counted as the results page counts them (only votes on statements
    people can see), and the statements open for votes, in two queries.

    The votes are all the conversation's but those on the few statements it hides, so the
    count stays a scan of one index: joining each vote to its statement took 130 ms at
    800,000 votes, this 46 ms.
    """
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        return Totals(n_votes=0, n_participants=0, n_statements=0)
    visible = Statement.objects.visible_in(conversation)
    hidden = Statement.objects.hidden_in(conversation)

    def count(queryset: QuerySet[Any]) -> Coalesce:
        counted = queryset.order_by().values("conversation").annotate(n=Count("*"))
        return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), 0)

    votes = Vote.objects.filter(conversation=OuterRef("pk"))
    voters = Participant.objects.filter(conversation=OuterRef("pk")).filter(
        Exists(
            Vote.objects.filter(
                participant=OuterRef("pk"), statement__in=visible.values("pk")
            )
        )
    )
    row = (
        Conversation.objects.filter(pk=conversation_id)
        .annotate(
            n_all=count(votes),
            # By statement alone: with the conversation too, SQLite scans all its votes.
            n_hidden=count(Vote.objects.filter(statement__in=hidden.values("pk"))),
            n_participants=count(voters),
            n_statements=count(visible),
        )
        .values("n_all", "n_hidden", "n_participants", "n_statements")
        .first()
    )
    if row is None:  # deleted meanwhile
        return Totals(n_votes=0, n_participants=0, n_statements=0)
    return Totals(
        n_votes=row["n_all"] - row["n_hidden"],
        n_participants=row["n_participants"],
        n_statements=row["n_statements"],
    )


def newest_visible_statements(
    conversation_id: int, limit: int = NEWEST_STATEMENTS
) -> list[Statement]:
    """Everything people may vote on: for the phones and the projector alike, so the wall
    never shows fewer statements than the room is voting on. (In post-moderation a new
    statement is on show before a moderator has seen it: the moderation setting says so.)"""
    return list(
        Statement.objects.visible()
        .filter(conversation_id=conversation_id)
        .only("pk", "text", "created_at")
        .order_by("-pk")[:limit]
    )


def wall_join_context(conversation: Conversation) -> dict[str, object]:
    if conversation.is_open:
        return {
            "conversation": conversation,
            "join_url": vote_url(conversation),
            "qr_svg": qr_svg_for(conversation, scale=8),
        }
    return {"conversation": conversation, "results_url": results_url(conversation)}


def wall_map_context(opinion: "OpinionMap", totals: Totals) -> dict[str, object]:
    """The map, and how many of the people counted beside it aren't in a group yet (too
    few votes when it was computed), so the groups' sizes and the total agree."""
    unplaced = max(totals["n_participants"] - opinion.layout.n_mapped, 0)
    return {"map": opinion, "unplaced": unplaced}


@dataclass(frozen=True)
class OpinionMap:
    """The latest opinion map, laid out and coloured as on the results page."""

    layout: MapLayout = field(default_factory=MapLayout)
    n_votes: int = 0


def opinion_map(conversation_id: int) -> OpinionMap:
    # Only the parts the map draws, not the whole stored result (PCA components, priorities…).
    row = (
        OpinionResult.objects.filter(conversation_id=conversation_id)
        .values_list(
            "n_votes",
            "data__coordinates",
            "data__clustered",
            "data__participant_group",
            "data__groups",
        )
        .first()
    )
    if row is None:
        return OpinionMap()
    groups: list[dict[str, Any]] = [
        g for g in row[4] or [] if isinstance(g.get("centre"), list)
    ]
    layout = lay_out_map(row[1] or [], row[2] or [], row[3] or [], groups)
    return OpinionMap(layout=layout, n_votes=row[0])


# --- rendering -----------------------------------------------------------------------------


# The stored map's `computed_at` this process last pushed, per conversation. Votes push twice
# a second but the map changes about once a second: it is rendered and sent again only
# when a newer one is stored (a wall that loads or reconnects gets it from the page or a
# "result" push).
_UNSENT = object()
_map_sent: dict[int, object] = {}


def _map_is_new(conversation_id: int) -> bool:
    computed_at = (
        OpinionResult.objects.filter(conversation_id=conversation_id)
        .values_list("computed_at", flat=True)
        .first()
    )
    if _map_sent.get(conversation_id, _UNSENT) == computed_at:
        return False
    _map_sent[conversation_id] = computed_at
    return True


def render_fragments(conversation_id: int, whats: set[str]) -> dict[str, str]:
    """The HTML of every element a change of these kinds touches, keyed by element id.

    A new map is pushed with votes too: the worker that recomputes it may run in another
    process whose pushes an in-memory channel layer cannot carry, so the next vote brings it.
    """
    fragments: dict[str, str] = {}
    fragments[WALL_TOTALS] = render_to_string(
        "conversations/_wall_totals.html",
        {"totals": (totals := wall_totals(conversation_id))},
    )
    if "statement" in whats:
        newest = newest_visible_statements(conversation_id)
        fragments[WALL_STATEMENTS] = render_to_string(
            "conversations/_wall_statements.html", {"statements": newest}
        )
        fragments[LIVE_STATEMENTS] = render_to_string(
            "conversations/_live_statements.html", {"statements": newest}
        )
    if "queued" in whats or "statement" in whats:
        waiting = Statement.objects.filter(
            conversation_id=conversation_id, status=Statement.Status.PENDING
        ).count()
        fragments[MODERATION_WAITING] = render_to_string(
            "conversations/_moderation_waiting.html", {"waiting": waiting}
        )
    if "state" in whats or "join" in whats:
        conversation = Conversation.objects.filter(pk=conversation_id).first()
        if conversation is not None:
            fragments[WALL_JOIN] = render_to_string(
                "conversations/_wall_join.html", wall_join_context(conversation)
            )
            # "open again" only when it was just opened, not on a page's catch-up push.
            fragments[LIVE_STATE] = render_to_string(
                "conversations/_conversation_state.html",
                {"conversation": conversation, "just_changed": "state" in whats},
            )
    if "result" in whats or ("vote" in whats and _map_is_new(conversation_id)):
        fragments[WALL_MAP] = render_to_string(
            "conversations/_wall_map.html",
            wall_map_context(opinion_map(conversation_id), totals),
        )
    return fragments


# --- sending -------------------------------------------------------------------------------


def send_now(conversation_id: int, whats: set[str]) -> None:
    fragments = render_fragments(conversation_id, whats)
    for_phones = {
        id_: fragments.pop(id_)
        for id_ in (LIVE_STATEMENTS, LIVE_STATE)
        if id_ in fragments
    }
    for_moderators = fragments.pop(MODERATION_WAITING, None)
    send_fragments(group_name(conversation_id), fragments)
    if for_phones:
        send_fragments(statements_group_name(conversation_id), for_phones)
    if for_moderators is not None:
        send_fragments(
            moderation_group_name(conversation_id),
            {MODERATION_WAITING: for_moderators},
        )


@dataclass
class _Pending:
    last_sent: float = 0.0
    whats: set[str] = field(default_factory=set)
    timer: threading.Timer | None = None


_lock = threading.Lock()
_pending: dict[int, _Pending] = {}


def _flush(conversation_id: int) -> None:
    """Timer thread: push the latest state for everything that changed during the wait."""
    try:
        with _lock:
            state = _pending.get(conversation_id)
            if state is None:
                return
            whats, state.whats = state.whats, set()
            state.timer = None
            state.last_sent = time.monotonic()
        if whats:
            send_now(conversation_id, whats)
    except Exception:
        logger.exception("Live push for conversation %s failed", conversation_id)
    finally:
        # This thread opened its own database connection; don't leave it open.
        connection.close()


def _map_is_computed_elsewhere() -> bool:
    """Embedded, `convene serve` computes the opinion map in a worker process, and the
    in-memory channel layer cannot carry that process's pushes to the web process."""
    layer = str(settings.CHANNEL_LAYERS["default"]["BACKEND"])
    tasks = str(settings.TASKS["default"]["BACKEND"])
    return layer.endswith("InMemoryChannelLayer") and not tasks.endswith(
        "ImmediateBackend"
    )


# Per conversation: the follow-up timer, and when it is due (MAP_FOLLOW_UP after the last vote).
_follow_ups: dict[int, threading.Timer] = {}
_follow_up_due: dict[int, float] = {}


def _start_follow_up(conversation_id: int, wait: float) -> None:
    timer = threading.Timer(wait, _follow_up, args=[conversation_id])
    timer.daemon = True
    _follow_ups[conversation_id] = timer
    timer.start()


def _follow_up(conversation_id: int) -> None:
    try:
        with _lock:
            _follow_ups.pop(conversation_id, None)
            wait = _follow_up_due.get(conversation_id, 0.0) - time.monotonic()
            if wait > 0:  # votes came in meanwhile: wait for the last one's turn
                _start_follow_up(conversation_id, wait)
                return
            _follow_up_due.pop(conversation_id, None)
        publish_conversation_changed(conversation_id, what="result")
    finally:
        connection.close()


def _arm_map_follow_up(conversation_id: int) -> None:
    """One more push, MAP_FOLLOW_UP seconds after the last vote or moderation, carries the
    recomputed map.

    A vote only moves the due time on; the timer that is running looks at it when it fires,
    so a burst of votes starts one thread, not one each.
    """
    with _lock:
        _follow_up_due[conversation_id] = time.monotonic() + MAP_FOLLOW_UP
        if conversation_id not in _follow_ups:
            _start_follow_up(conversation_id, MAP_FOLLOW_UP)


def publish_conversation_changed(conversation_id: int, *, what: str) -> None:
    """Push fresh fragments for a conversation after a vote, statement or new opinion map.

    Called from `transaction.on_commit`; logs failures and never raises into the caller.
    """
    try:
        # Votes and moderation both recompute the map, in the worker when embedded.
        if what in ("vote", "statement") and _map_is_computed_elsewhere():
            _arm_map_follow_up(conversation_id)
        with _lock:
            state = _pending.setdefault(conversation_id, _Pending())
            state.whats.add(what)
            if state.timer is not None:
                return  # a push is already due and will carry this change
            wait = state.last_sent + PUSH_INTERVAL - time.monotonic()
            if wait > 0:
                state.timer = threading.Timer(wait, _flush, args=[conversation_id])
                state.timer.daemon = True
                state.timer.start()
                return
            whats, state.whats = state.whats, set()
            state.last_sent = time.monotonic()
        send_now(conversation_id, whats)
    except Exception:
        logger.exception("Live push for conversation %s failed", conversation_id)


def reset_throttle() -> None:
    """Forget pending pushes (tests: a timer must not outlive the test that started it)."""
    with _lock:
        for state in _pending.values():
            if state.timer is not None:
                state.timer.cancel()
        _pending.clear()
        _map_sent.clear()
        for timer in _follow_ups.values():
            timer.cancel()
        _follow_ups.clear()
        _follow_up_due.clear()
