"""How much one participant, or one network, may do in a conversation in a while, and how
few people are asked about a statement no moderator has read yet.

A venue's Wi-Fi puts every phone in the room behind one address, so a low cap per address
would turn the room away, and a high one lets a script minting fresh cookies in. The way
through: phones that arrive through the conversation's QR code carry its room token (a
cookie the voting page sets) and count against a ceiling sized for a room; anyone else
counts against a lower one. The token is no secret from the room (it is in the projected
code), so the room's ceiling is still a ceiling, each participant has limits of their own,
and a new statement reaches only a few people until a moderator has read it.

Counts live in the cache (Redis at scale, so they hold across web workers) and are per
conversation. Every setting read here is documented in docs/settings.md; 0 turns a limit off.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from convene.conversations.models import Conversation, Participant, Statement
from convene.core import ratelimit
from convene.core.errors import Refusal

HOUR = 3600
MINUTE = 60
DAY = 24 * HOUR
_ROOM_SALT = "convene.conversations.room"


class LimitReached(Refusal):
    """Too much, too fast: the message says what to do, `retry_after` when (in seconds)."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Arrival:
    """Where a web request came from: the client's address, and whether the phone arrived
    through the conversation's room link (its QR code)."""

    address: str
    through_room: bool


# --- The room link -----------------------------------------------------------------------


def room_token(conversation: Conversation) -> str:
    """The token in the conversation's QR code. Derived from the secret key, so it needs no
    storing, and it stays the same for the conversation's life: posters can be printed."""
    return salted_hmac(_ROOM_SALT, str(conversation.pk)).hexdigest()[:12]


def is_room_token(conversation: Conversation, token: str) -> bool:
    return bool(token) and constant_time_compare(token, room_token(conversation))


def _in_minutes(seconds: int) -> str:
    minutes = max(1, -(-seconds // MINUTE))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


# --- Joining -----------------------------------------------------------------------------


def _join_limit(arrival: Arrival) -> ratelimit.Limit:
    if arrival.through_room:
        return ratelimit.Limit(
            "conversations:room-joins",
            settings.ROOM_PARTICIPANTS_PER_ADDRESS_PER_HOUR,
            HOUR,
        )
    return ratelimit.Limit(
        "conversations:joins", settings.PARTICIPANTS_PER_ADDRESS_PER_HOUR, HOUR
    )


def check_join(conversation: Conversation, arrival: Arrival) -> None:
    """Count a new anonymous participant from this address; refuse past the hour's ceiling."""
    limit = _join_limit(arrival)
    if ratelimit.hit(limit, f"{conversation.pk} {arrival.address}"):
        return
    wait = limit.seconds_left()
    if arrival.through_room:
        advice = f"Please try again in {_in_minutes(wait)}, or ask an organiser."
    else:
        advice = (
            "If you are in the room, scan the QR code on the screen to join. Otherwise, "
            f"please try again in {_in_minutes(wait)}."
        )
    raise LimitReached(
        "A great many people have joined this conversation from your network in the "
        f"last hour, more than we take from one connection. Nothing was saved. {advice}",
        retry_after=wait,
    )


# --- Votes -------------------------------------------------------------------------------


def check_vote_rate(participant: Participant) -> None:
    """Count a vote; refuse it past the minute's allowance. One cache call on most votes."""
    limit = ratelimit.Limit(
        "conversations:votes", settings.VOTES_PER_PARTICIPANT_PER_MINUTE, MINUTE
    )
    if ratelimit.hit(limit, str(participant.pk)):
        return
    wait = limit.seconds_left()
    raise LimitReached(
        f"You have voted {limit.count} times in a minute, faster than we take votes. "
        f"This vote was not saved: please wait {wait} second{'s' if wait != 1 else ''} "
        "and vote again.",
        retry_after=wait,
    )


# --- Statements --------------------------------------------------------------------------


def _participant_statement_limits() -> tuple[ratelimit.Limit, ratelimit.Limit]:
    return (
        ratelimit.Limit(
            "conversations:statements",
            settings.STATEMENTS_PER_PARTICIPANT_PER_MINUTE,
            MINUTE,
        ),
        ratelimit.Limit(
            "conversations:statements",
            settings.STATEMENTS_PER_PARTICIPANT_PER_HOUR,
            HOUR,
        ),
    )


def _address_statement_limit(arrival: Arrival) -> ratelimit.Limit:
    if arrival.through_room:
        return ratelimit.Limit(
            "conversations:room-statements",
            settings.ROOM_STATEMENTS_PER_ADDRESS_PER_HOUR,
            HOUR,
        )
    return ratelimit.Limit(
        "conversations:address-statements",
        settings.STATEMENTS_PER_ADDRESS_PER_HOUR,
        HOUR,
    )


def _address_subject(participant: Participant, arrival: Arrival) -> str:
    return f"{participant.conversation_id} {arrival.address}"


def check_statement_rate(participant: Participant, arrival: Arrival | None) -> None:
    """Refuse a statement once the participant, or their network, has added the most we
    take in a while. Counts nothing: `count_statement` does, once one is saved."""
    for limit in _participant_statement_limits():
        if ratelimit.reached(limit, str(participant.pk)):
            wait = "a minute" if limit.window <= MINUTE else "an hour"
            raise LimitReached(
                f"You have added {limit.count} statements in {wait}, the most we take. "
                "Your statement is kept below: please vote on others' statements and "
                f"send it again in {_in_minutes(limit.seconds_left())}.",
                retry_after=limit.seconds_left(),
            )
    if arrival is None:
        return
    limit = _address_statement_limit(arrival)
    if ratelimit.reached(limit, _address_subject(participant, arrival)):
        raise LimitReached(
            "A great many statements have come from your network in the last hour, "
            "more than we take from one connection. Your statement is kept below: please "
            f"send it again in {_in_minutes(limit.seconds_left())}.",
            retry_after=limit.seconds_left(),
        )


def count_statement(participant: Participant, arrival: Arrival | None) -> None:
    # Counted once the statement is saved: a refused one doesn't use up the allowance.
    for limit in _participant_statement_limits():
        if limit.count > 0:
            ratelimit.record(limit, str(participant.pk))
    if arrival is not None:
        limit = _address_statement_limit(arrival)
        if limit.count > 0:
            ratelimit.record(limit, _address_subject(participant, arrival))


# --- Who is asked about a statement no moderator has read ----------------------------------


def on_show_before_moderation(conversation: Conversation) -> bool:
    """Whether a new statement is up for the whole room (the wall, every phone's list of
    newest statements) before a moderator has read it: only in post-moderation with no
    limit on its audience."""
    return (
        conversation.moderation == Conversation.Moderation.POST
        and settings.UNMODERATED_STATEMENT_AUDIENCE <= 0
    )


def offered_sparingly(
    candidates: list[Statement], viewer: str | None
) -> list[Statement]:
    """The statements to offer `viewer` (someone taking part, or None for a first visit),
    in order, with unread ones held to their audience.

    A statement waiting for a moderator (in post-moderation people may vote on it) is put
    first, so it gathers votes, for at most UNMODERATED_STATEMENT_AUDIENCE people a day;
    then it waits for a moderator to accept it. A seat in its audience is taken when it is
    put at the top of someone's card, not when they vote, so a room loading cards at once
    cannot all see it before the first few votes land; whoever holds a seat keeps it
    (a reload takes no other). A first visit, with no one to hold a seat, is offered none.

    Costs nothing when no unread statement is among the candidates; otherwise one cache
    call to read the counts and seats, and, to give a seat, up to four more.
    """
    audience = int(settings.UNMODERATED_STATEMENT_AUDIENCE)
    unread = [s for s in candidates if s.status == Statement.Status.PENDING]
    if audience <= 0 or not unread:
        return candidates
    if viewer is None:
        return [s for s in candidates if s.status != Statement.Status.PENDING]
    offers, seats = _offers(audience), _seats()
    found = ratelimit.counts(
        [(offers, str(s.pk)) for s in unread]
        + [(seats, f"{s.pk} {viewer}") for s in unread]
    )
    given = dict(zip((s.pk for s in unread), found[: len(unread)], strict=True))
    held = {s.pk for s, seat in zip(unread, found[len(unread) :], strict=True) if seat}
    kept = [
        s
        for s in candidates
        if s.status != Statement.Status.PENDING
        or s.pk in held
        or given[s.pk] < audience
    ]
    while kept and kept[0].status == Statement.Status.PENDING:
        top = kept[0]
        if top.pk in held:
            break
        if ratelimit.record(offers, str(top.pk)) <= audience:
            ratelimit.record(seats, f"{top.pk} {viewer}")
            break
        kept.pop(0)  # the last seats went to requests that came at the same moment
    return kept


def _offers(audience: int) -> ratelimit.Limit:
    return ratelimit.Limit("conversations:unread-offers", audience, DAY)


def _seats() -> ratelimit.Limit:
    return ratelimit.Limit("conversations:unread-seats", 1, DAY)
