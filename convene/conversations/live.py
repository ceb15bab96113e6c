"""Push a conversation's live fragments to everyone watching it.

A room of a hundred people voting at once must not cost a hundred renders per vote: each change
is rendered ONCE, here, and `core.live.send_fragments` encodes it once for the whole Channels
group; the browsers only swap it in (`core/static/core/live.js`). Bursts are coalesced per
process by `core.live.Throttle`: at most one push every `PUSH_INTERVAL` seconds per
conversation, the last change of a burst always pushed. Where the worker that recomputes the
opinion map can't push to the browsers itself (embedded), votes bring the latest map along
and one follow-up push after a burst carries the recomputed one.

Services call `publish_on_commit`; a push never raises into them.
"""

from functools import partial
from typing import Literal

from django.db import transaction
from django.template.loader import render_to_string

from convene.conversations import queries, results
from convene.conversations.models import Conversation, OpinionResult, Statement
from convene.core import topology
from convene.core.live import FollowUp, Throttle, send_fragments

# state: opened or closed just now; join: the current state, for a page catching up;
# queued: a statement is waiting for a moderator
What = Literal["vote", "statement", "result", "state", "join", "queued"]

# At least this many seconds between pushes for one conversation in one process: the wall is
# never more than half a second behind, and a busy room costs two pushes a second, each sent
# to every phone and wall watching (at five a second they took a fifth of the web process).
PUSH_INTERVAL = 0.5
# The opinion map is recomputed about a second after votes stop (tasks.schedule_opinion_update).
MAP_FOLLOW_UP = 2.5

# Element ids in the pages; each names the fragment template that fills it.
WALL_TOTALS = "wall-totals"
WALL_STATEMENTS = "wall-statements"
WALL_MAP = "wall-map"
LIVE_STATEMENTS = "live-statements"
WALL_JOIN = "wall-join"  # the code to join, or where the results are once closed
LIVE_STATE = "conversation-state"  # on the phones: a note when the conversation closes
MODERATION_WAITING = "moderation-waiting"  # on moderators' pages: how many wait now


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


def publish_on_commit(conversation_id: int, what: What) -> None:
    """Push what changed once the transaction that changed it commits."""
    transaction.on_commit(
        partial(publish_conversation_changed, conversation_id, what=what)
    )


def publish_conversation_changed(conversation_id: int, *, what: str) -> None:
    """Push fresh fragments for a conversation after a vote, statement or new opinion map
    (now, or with the next push if one is due); logs failures and never raises."""
    # Votes and moderation recompute the map; if the worker's push can't reach the
    # browsers, one from here follows it.
    if what in ("vote", "statement") and not topology.worker_pushes_reach_browsers():
        _map_follow_up.arm(conversation_id)
    _throttle.changed(conversation_id, what)


def _push(conversation_id: int, whats: set[str]) -> None:
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


_throttle = Throttle(PUSH_INTERVAL, _push, name="conversation")
_map_follow_up = FollowUp(
    MAP_FOLLOW_UP, partial(publish_conversation_changed, what="result")
)


def reset_throttle() -> None:
    """Forget pending pushes (tests: a timer must not outlive the test that started it)."""
    _throttle.reset()
    _map_follow_up.reset()
    _map_sent.clear()


# --- rendering -----------------------------------------------------------------------------


def render_fragments(conversation_id: int, whats: set[str]) -> dict[str, str]:
    """The HTML of every element a change of these kinds touches, keyed by element id.

    A new map is pushed with votes too: the worker that recomputes it may run in another
    process whose pushes an in-memory channel layer cannot carry, so the next vote brings it.
    """
    fragments: dict[str, str] = {}
    fragments[WALL_TOTALS] = render_to_string(
        "conversations/_wall_totals.html",
        {"totals": (totals := results.wall_totals(conversation_id))},
    )
    if "statement" in whats:
        newest = queries.newest_visible_statements(conversation_id)
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
            wall_map_context(results.wall_map(conversation_id), totals),
        )
    return fragments


def wall_join_context(conversation: Conversation) -> dict[str, object]:
    if conversation.is_open:
        return {
            "conversation": conversation,
            "join_url": queries.vote_url(conversation),
            "qr_svg": queries.qr_svg_for(conversation, scale=8),
        }
    return {
        "conversation": conversation,
        "results_url": queries.results_url(conversation),
    }


def wall_map_context(
    wall: results.WallMap, totals: results.Totals
) -> dict[str, object]:
    return {"map": wall, "unplaced": results.unplaced_on_wall(wall, totals)}


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
