"""Taking part in a conversation: participants, their votes and statements, on any channel.

What organisers and moderators do (create, seed, open and close, decide on statements) is in
`organising.py`.

Each public service runs in a transaction of its own; the private `_…` function behind some
of them does the same inside a transaction the caller holds, so a service that needs two of
them (find the web visitor's participant, then record their vote) pays for one transaction,
not three. Side effects, the live push and the opinion map's update, follow the commit.
"""

import uuid
from collections.abc import Mapping

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery

from convene.conversations import limits, live, queries, statement_text
from convene.conversations.models import (
    Channel,
    Conversation,
    Participant,
    Statement,
    Vote,
)
from convene.conversations.tasks import alert_moderators_on_commit, update_map_on_commit
from convene.core.errors import Refusal


class ConversationError(Refusal):
    """A vote, statement or moderation the rules refuse; the message is shown to the person."""


# --- Participants ----------------------------------------------------------------------


@transaction.atomic
def get_or_create_participant(
    conversation: Conversation,
    *,
    user: User | None = None,
    browser_key: uuid.UUID | None = None,
    external_ref: str = "",
    channel: str = Channel.WEB,
) -> Participant:
    """The one participant for this person in this conversation, made on first need.

    Off the web, `external_ref` (a ballot number, a hashed phone number) names them within
    their channel.

    A member is known by their account. When someone took part anonymously and then logs in,
    the browser's participant becomes theirs (and stops answering to the browser key, so
    whoever uses the browser logged out next starts afresh) rather than counting them twice.
    """
    return _find_or_make_participant(
        conversation,
        user=user,
        browser_key=browser_key,
        external_ref=external_ref,
        channel=channel,
    )


def _find_or_make_participant(
    conversation: Conversation,
    *,
    user: User | None,
    browser_key: uuid.UUID | None,
    external_ref: str = "",
    channel: str = Channel.WEB,
    arrival: limits.Arrival | None = None,
) -> Participant:
    """`get_or_create_participant` inside a transaction the caller holds.

    With an `arrival` (a web request), a new anonymous participant counts against its
    address's ceiling (`limits.check_join`); members are known by their account.
    """
    participant = _matching_participant(
        conversation,
        user=user,
        browser_key=browser_key,
        external_ref=external_ref,
        channel=channel,
        arrival=arrival,
    )
    # The services that follow read `participant.conversation`: the row in hand, not a query.
    participant.conversation = conversation
    return participant


def _matching_participant(
    conversation: Conversation,
    *,
    user: User | None,
    browser_key: uuid.UUID | None,
    external_ref: str,
    channel: str,
    arrival: limits.Arrival | None = None,
) -> Participant:
    if external_ref:
        participant, _ = Participant.objects.get_or_create(
            conversation=conversation,
            channel=channel,
            external_ref=external_ref,
            defaults={"user": user},
        )
        return participant
    if user is None and browser_key is None:
        raise ValueError("A participant needs a user, a browser key or a reference.")
    if user is not None:
        mine = Participant.objects.filter(conversation=conversation, user=user).first()
        if mine is not None:
            return mine
        if browser_key is not None:
            adopted = (
                Participant.objects.select_for_update()
                .filter(conversation=conversation, browser_key=browser_key, user=None)
                .first()
            )
            if adopted is not None:
                adopted.user = user
                adopted.browser_key = None
                adopted.save(update_fields=["user", "browser_key"])
                return adopted
        participant, _ = Participant.objects.get_or_create(
            conversation=conversation, user=user, defaults={"channel": channel}
        )
        return participant
    anonymous = {"conversation": conversation, "browser_key": browser_key, "user": None}
    found = Participant.objects.filter(**anonymous).first()
    if found is not None:
        return found
    if arrival is not None:
        limits.check_join(conversation, arrival)
    try:
        with transaction.atomic():
            return Participant.objects.create(**anonymous, channel=channel)
    except IntegrityError:  # the same browser's other request made it a moment ago
        return Participant.objects.get(**anonymous)


# --- Votes -----------------------------------------------------------------------------


def _votable_statement(
    participant: Participant, statement_id: int
) -> tuple[Statement, int | None]:
    """The statement, if it takes votes, and the id of the participant's vote on it if any.

    One query: a room votes mostly on statements it hasn't seen, so the earlier vote rides
    along with the statement rather than costing a query of its own.
    """
    conversation = participant.conversation
    if not conversation.is_open:
        raise ConversationError("This conversation is closed: it takes no more votes.")
    earlier = Vote.objects.filter(participant=participant, statement=OuterRef("pk"))
    statement = (
        Statement.objects.visible_in(conversation)
        .filter(pk=statement_id)
        .annotate(earlier_vote_id=Subquery(earlier.values("pk")[:1]))
        .first()
    )
    if statement is None:
        raise ConversationError(
            "That statement is not open for votes: it may have been removed."
        )
    return statement, statement.earlier_vote_id  # type: ignore[attr-defined]  # annotated


def _checked_choice(choice: object) -> int:
    valid = {c.value for c in Vote.Choice}
    if not isinstance(choice, int) or isinstance(choice, bool) or choice not in valid:
        raise ConversationError("Choose agree, disagree or pass.")
    return choice


@transaction.atomic
def check_cast_vote(
    participant: Participant,
    *,
    statement_id: int,
    choice: int,
    channel: str = Channel.WEB,
    entered_by: User | None = None,
) -> Vote:
    """Record or change a participant's vote; the same vote sent again changes nothing.

    `entered_by`: whoever entered it for the participant (a facilitator at their table)."""
    return _cast_vote(
        participant,
        statement_id=statement_id,
        choice=choice,
        channel=channel,
        entered_by=entered_by,
    )


def _cast_vote(
    participant: Participant,
    *,
    statement_id: int,
    choice: int,
    channel: str,
    entered_by: User | None = None,
) -> Vote:
    """`check_cast_vote` inside a transaction the caller holds."""
    choice = _checked_choice(choice)
    conversation = participant.conversation
    statement, earlier_vote_id = _votable_statement(participant, statement_id)
    if earlier_vote_id is None:
        vote = Vote(
            conversation=conversation,
            statement=statement,
            participant=participant,
            choice=choice,
            channel=channel,
            entered_by=entered_by,
        )
        # The rows were just read in this transaction and the rules just checked (the choice,
        # one vote each); the database constraints still back them. Validating them again
        # would cost six queries on every vote.
        vote.full_clean(
            exclude=["conversation", "statement", "participant"],
            validate_unique=False,
            validate_constraints=False,
        )
        vote.save()
    else:
        vote = Vote.objects.get(pk=earlier_vote_id)
        vote.participant, vote.statement = participant, statement  # rows in hand
        if vote.choice == choice:
            return vote
        vote.choice = choice
        vote.channel = channel
        vote.entered_by = entered_by
        vote.save(update_fields=["choice", "channel", "entered_by", "updated_at"])
    update_map_on_commit(conversation.pk)
    live.publish_on_commit(conversation.pk, "vote")
    return vote


@transaction.atomic
def record_ballot(
    participant: Participant,
    *,
    choices: Mapping[int, int],
    channel: str = Channel.WEB,
) -> int:
    """A participant's votes on many statements at once (a paper ballot, an import, the demo).

    Every choice is checked before anything is written; returns how many votes changed.
    """
    conversation = participant.conversation
    if not conversation.is_open:
        raise ConversationError("This conversation is closed: it takes no more votes.")
    checked = {int(s): _checked_choice(c) for s, c in choices.items()}
    votable = set(
        Statement.objects.visible()
        .filter(conversation=conversation, pk__in=checked)
        .values_list("pk", flat=True)
    )
    if missing := set(checked) - votable:
        raise ConversationError(
            f"Statements {sorted(missing)} are not open for votes in this conversation."
        )
    existing = {
        v.statement_id: v
        for v in Vote.objects.filter(participant=participant, statement_id__in=checked)
    }
    new = [
        Vote(
            conversation=conversation,
            statement_id=statement_id,
            participant=participant,
            choice=choice,
            channel=channel,
        )
        for statement_id, choice in checked.items()
        if statement_id not in existing
    ]
    Vote.objects.bulk_create(new)
    changed = [
        vote
        for statement_id, vote in existing.items()
        if vote.choice != checked[statement_id]
    ]
    for vote in changed:
        vote.choice = checked[vote.statement_id]
        vote.channel = channel
        vote.save(update_fields=["choice", "channel", "updated_at"])
    if new or changed:
        update_map_on_commit(conversation.pk)
        live.publish_on_commit(conversation.pk, "vote")
    return len(new) + len(changed)


# --- Statements ------------------------------------------------------------------------


def checked_statement_text(text: str) -> str:
    """The text to store, or ConversationError saying what to change (empty, HTML, too long)."""
    cleaned = statement_text.clean_statement_text(text)
    problem = statement_text.problem_with(cleaned)
    if problem is not None:
        raise ConversationError(problem)
    return cleaned


@transaction.atomic
def check_add_statement(
    participant: Participant,
    *,
    text: str,
    channel: str = Channel.WEB,
    arrival: limits.Arrival | None = None,
    entered_by: User | None = None,
) -> Statement:
    """A participant's own statement: pending for the moderator, visible at once if post-moderated.

    Refused with `limits.LimitReached` once the participant, or (with an `arrival`) their
    network, has added the most we take in a while."""
    conversation = participant.conversation
    if not conversation.is_open:
        raise ConversationError(
            "This conversation is closed: it takes no new statements."
        )
    if not conversation.allow_statements:
        raise ConversationError(
            "This conversation takes votes only, not new statements."
        )
    cleaned = checked_statement_text(text)
    limits.check_statement_rate(participant, arrival)
    statement = Statement(
        conversation=conversation,
        author=participant,
        text=cleaned,
        status=Statement.Status.PENDING,
        channel=channel,
        entered_by=entered_by,
        similar_to_id=queries.similar_statement_id(conversation, cleaned),
    )
    statement.full_clean()
    statement.save()
    # The author agrees with what they wrote, as in Pol.is: their view is counted, and the
    # next statement they are shown is someone else's.
    Vote.objects.create(
        conversation=conversation,
        statement=statement,
        participant=participant,
        choice=Vote.Choice.AGREE,
        channel=channel,
        entered_by=entered_by,
    )
    update_map_on_commit(conversation.pk)
    limits.count_statement(participant, arrival)
    if limits.on_show_before_moderation(conversation):
        live.publish_on_commit(conversation.pk, "statement")
    else:
        live.publish_on_commit(conversation.pk, "queued")  # for the moderators only
        alert_moderators_on_commit()
    return statement


# --- Taking part on the web ------------------------------------------------------------


@transaction.atomic
def check_web_vote(
    conversation: Conversation,
    *,
    user: User | None,
    browser_key: uuid.UUID | None,
    statement_id: int,
    choice: int,
    arrival: limits.Arrival | None = None,
) -> Vote:
    """A vote from the web page; a refused vote leaves no participant behind either.

    Raises `limits.LimitReached` past the participant's votes a minute, or for a new
    participant past their address's ceiling."""
    participant = _find_or_make_participant(
        conversation, user=user, browser_key=browser_key, arrival=arrival
    )
    limits.check_vote_rate(participant)
    return _cast_vote(
        participant, statement_id=statement_id, choice=choice, channel=Channel.WEB
    )


@transaction.atomic
def check_web_statement(
    conversation: Conversation,
    *,
    user: User | None,
    browser_key: uuid.UUID | None,
    text: str,
    arrival: limits.Arrival | None = None,
) -> Statement:
    participant = _find_or_make_participant(
        conversation, user=user, browser_key=browser_key, arrival=arrival
    )
    return check_add_statement(participant, text=text, arrival=arrival)
