"""Every write to a conversation: taking part, votes, statements, moderation, the opinion map."""

import difflib
import logging
import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import nh3
import numpy as np
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from convene.conversations import live
from convene.conversations.models import (
    STATEMENT_MAX_LENGTH,
    Channel,
    Conversation,
    DiscussionGroup,
    OpinionResult,
    Participant,
    Statement,
    Vote,
    hidden_statuses,
)
from convene.core import ratelimit
from convene.core.errors import Refusal
from convene.core.slugs import unique_slug
from convene.events.models import Event
from convene.opinion.engine import compute_opinion_map
from convene.opinion.results import OpinionResult as OpinionMap
from convene.themes.models import Theme

logger = logging.getLogger(__name__)

# Statements a participant may add in a minute and in an hour: enough for a keen person, too
# few for a script flooding the moderator queue.
STATEMENT_RATE_LIMITS = (
    ratelimit.Limit("conversations:statements", 5, 60),
    ratelimit.Limit("conversations:statements", 20, 3600),
)
# How similar a new statement must be to an earlier one to be flagged for the moderator.
SIMILAR_TOKEN_JACCARD = 0.7
SIMILAR_TEXT_RATIO = 0.85
# The opinion map is recomputed at most about once a second per conversation while votes arrive.
OPINION_UPDATE_DELAY = timedelta(seconds=1)
# How long a pending update blocks others if its task never starts (a worker down): after
# this the next vote schedules a fresh one.
OPINION_PENDING_TIMEOUT = 60


class ConversationError(Refusal):
    """A vote, statement or moderation the rules refuse; the message is shown to the person."""


def _publish(conversation_id: int, what: str) -> None:
    transaction.on_commit(
        partial(live.publish_conversation_changed, conversation_id, what=what)
    )


# --- Conversations ---------------------------------------------------------------------


@transaction.atomic
def create_conversation(
    question: str,
    *,
    slug: str = "",
    description: str = "",
    event: Event | None = None,
    discussion_group: DiscussionGroup | None = None,
    moderation: str = Conversation.Moderation.POST,
    is_open: bool = True,
    is_published: bool = True,
    allow_statements: bool = True,
    themes: Iterable[Theme] = (),
    seed_statements: Iterable[str] = (),
) -> Conversation:
    if discussion_group is not None and event is None:
        event = discussion_group.event
    conversation = Conversation(
        question=question.strip(),
        slug=slug
        or unique_slug(
            Conversation.objects.all(),
            question,
            max_length=100,
            fallback="conversation",
        ),
        description=description.strip(),
        event=event,
        discussion_group=discussion_group,
        moderation=moderation,
        is_open=is_open,
        is_published=is_published,
        allow_statements=allow_statements,
    )
    conversation.full_clean()
    conversation.save()
    conversation.themes.set(list(themes))
    for text in seed_statements:
        add_seed_statement(conversation, text=text)
    return conversation


@transaction.atomic
def create_discussion_group(
    event: Event, *, name: str, topic: str = ""
) -> DiscussionGroup:
    group = DiscussionGroup(event=event, name=name.strip(), topic=topic.strip())
    group.full_clean()
    group.save()
    return group


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
    return _participant_for(
        conversation,
        user=user,
        browser_key=browser_key,
        external_ref=external_ref,
        channel=channel,
    )


def _participant_for(
    conversation: Conversation,
    *,
    user: User | None,
    browser_key: uuid.UUID | None,
    external_ref: str = "",
    channel: str = Channel.WEB,
) -> Participant:
    """`get_or_create_participant` without a savepoint of its own, for services that hold
    the transaction already (a savepoint costs two queries on every vote)."""
    participant = _find_or_make_participant(
        conversation,
        user=user,
        browser_key=browser_key,
        external_ref=external_ref,
        channel=channel,
    )
    # The services that follow read `participant.conversation`: the row in hand, not a query.
    participant.conversation = conversation
    return participant


def _find_or_make_participant(
    conversation: Conversation,
    *,
    user: User | None,
    browser_key: uuid.UUID | None,
    external_ref: str,
    channel: str,
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
    participant, _ = Participant.objects.get_or_create(
        conversation=conversation,
        browser_key=browser_key,
        user=None,
        defaults={"channel": channel},
    )
    return participant


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
) -> Vote:
    """Record or change a participant's vote; the same vote sent again changes nothing."""
    return _cast_vote(
        participant, statement_id=statement_id, choice=choice, channel=channel
    )


def _cast_vote(
    participant: Participant, *, statement_id: int, choice: int, channel: str
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
        vote.save(update_fields=["choice", "channel", "updated_at"])
    transaction.on_commit(partial(schedule_opinion_update, conversation.pk))
    _publish(conversation.pk, "vote")
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
        transaction.on_commit(partial(schedule_opinion_update, conversation.pk))
        _publish(conversation.pk, "vote")
    return len(new) + len(changed)


# --- Statements ------------------------------------------------------------------------


# Element names a browser would act on: nh3's list of safe ones and those it never allows.
_HTML_ELEMENTS = frozenset(nh3.ALLOWED_TAGS) | {
    "base", "body", "button", "embed", "font", "form", "frame", "frameset", "head",
    "html", "iframe", "input", "label", "link", "marquee", "math", "meta", "noscript",
    "object", "option", "script", "select", "source", "style", "svg", "template",
    "textarea", "title", "video", "audio",
}  # fmt: skip
_TAG = re.compile(r"<!--|<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>")


def clean_statement_text(text: str) -> str:
    """The text as typed, its runs of whitespace made single. It is stored as plain text and
    escaped wherever it is shown, so nothing in it is ever read as HTML."""
    return " ".join((text or "").split())


def find_html(text: str) -> str | None:
    """The first HTML tag in the text, if any. `<Friends of the Park>` is not one: only the
    names of HTML elements count, so people's own use of angle brackets gets through."""
    for match in _TAG.finditer(text):
        name = match.group(1)
        if name is None or name.lower() in _HTML_ELEMENTS:
            return match.group(0)
    return None


def checked_statement_text(text: str) -> str:
    """The text to store, or ConversationError saying what to change (empty, HTML, too long)."""
    cleaned = clean_statement_text(text)
    if not cleaned:
        raise ConversationError("Write a statement: plain text, a sentence or two.")
    tag = find_html(cleaned)
    if tag is not None:
        shown = tag if len(tag) <= 40 else tag[:39] + "…"
        # Refused rather than stripped: stripping would quietly delete the person's words.
        raise ConversationError(
            f"Statements are plain text: take out {shown}, which reads as HTML, "
            "and send it again."
        )
    if len(cleaned) > STATEMENT_MAX_LENGTH:
        raise ConversationError(
            f"Keep it to {STATEMENT_MAX_LENGTH} characters (this has {len(cleaned)})."
        )
    return cleaned


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def find_similar_statement(conversation: Conversation, text: str) -> int | None:
    """The earlier statement this text nearly repeats, so the moderator can compare them."""
    tokens = _tokens(text)
    normalised = " ".join(sorted(tokens))
    best: tuple[float, int] | None = None
    earlier = Statement.objects.filter(conversation=conversation).exclude(
        status=Statement.Status.REJECTED
    )
    for pk, other in earlier.values_list("pk", "text"):
        other_tokens = _tokens(other)
        union = tokens | other_tokens
        jaccard = len(tokens & other_tokens) / len(union) if union else 0.0
        matcher = difflib.SequenceMatcher(
            None, normalised, " ".join(sorted(other_tokens))
        )
        # The quick bounds skip the full comparison for texts that can't be close.
        ratio = (
            matcher.ratio()
            if matcher.real_quick_ratio() >= SIMILAR_TEXT_RATIO
            and matcher.quick_ratio() >= SIMILAR_TEXT_RATIO
            else 0.0
        )
        if jaccard >= SIMILAR_TOKEN_JACCARD or ratio >= SIMILAR_TEXT_RATIO:
            score = max(jaccard, ratio)
            if best is None or score > best[0]:
                best = (score, pk)
    return best[1] if best else None


def find_repeated_statement(conversation: Conversation, text: str) -> Statement | None:
    """A statement (not rejected) with the same words in the same order, whatever the case
    and punctuation."""
    words = _words(text)
    earlier = Statement.objects.filter(conversation=conversation).exclude(
        status=Statement.Status.REJECTED
    )
    for statement in earlier.only("pk", "text"):
        if _words(statement.text) == words:
            return statement
    return None


def checked_seed_text(conversation: Conversation, text: str) -> str:
    """`checked_statement_text`, and not a word-for-word repeat of a statement already in
    the conversation (an unsaved conversation has none)."""
    cleaned = checked_statement_text(text)
    repeated = (
        find_repeated_statement(conversation, cleaned) if conversation.pk else None
    )
    if repeated is not None:
        raise ConversationError(
            f"Statement {repeated.pk} already says this: “{repeated.text}”"
        )
    return cleaned


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _check_statement_rate(participant: Participant) -> None:
    for limit in STATEMENT_RATE_LIMITS:
        if ratelimit.reached(limit, str(participant.pk)):
            wait = "a minute" if limit.window <= 60 else "an hour"
            raise ConversationError(
                f"You have added {limit.count} statements in {wait}, the most we take. "
                "Please vote on others' statements and try again later."
            )


def _count_statement(participant: Participant) -> None:
    # Counted once the statement is saved: a refused one doesn't use up the allowance.
    for limit in STATEMENT_RATE_LIMITS:
        ratelimit.record(limit, str(participant.pk))


@transaction.atomic
def check_add_statement(
    participant: Participant,
    *,
    text: str,
    channel: str = Channel.WEB,
) -> Statement:
    """A participant's own statement: pending for the moderator, visible at once if post-moderated."""
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
    _check_statement_rate(participant)
    statement = Statement(
        conversation=conversation,
        author=participant,
        text=cleaned,
        status=Statement.Status.PENDING,
        channel=channel,
        similar_to_id=find_similar_statement(conversation, cleaned),
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
    )
    transaction.on_commit(partial(schedule_opinion_update, conversation.pk))
    _count_statement(participant)
    if conversation.moderation == Conversation.Moderation.POST:
        _publish(conversation.pk, "statement")
    else:
        _publish(conversation.pk, "queued")  # for the moderators only
    return statement


@transaction.atomic
def add_seed_statement(conversation: Conversation, *, text: str) -> Statement:
    """Staff's statements that start a conversation: accepted as written, unless they say
    again, word for word, what a statement in the conversation already says."""
    statement = Statement(
        conversation=conversation,
        text=checked_seed_text(conversation, text),
        is_seed=True,
        status=Statement.Status.ACCEPTED,
        moderated_at=timezone.now(),
    )
    statement.full_clean()
    statement.save()
    _publish(conversation.pk, "statement")
    return statement


@transaction.atomic
def set_conversation_open(conversation: Conversation, *, is_open: bool) -> Conversation:
    """Close a conversation to votes and new statements, or open it again.

    The wall and every phone on the voting page hear of it at once: a closed wall shows where
    the results are instead of the code to join.
    """
    # Compared with the stored value, not the instance's: the admin's form has already set it.
    changed = (
        Conversation.objects.filter(pk=conversation.pk)
        .exclude(is_open=is_open)
        .update(is_open=is_open)
    )
    conversation.is_open = is_open
    if changed:
        _publish(conversation.pk, "state")
        if not is_open:
            # Its map is settled on the final votes (see compute_opinion_result).
            transaction.on_commit(partial(schedule_opinion_update, conversation.pk))
    return conversation


@transaction.atomic
def accept_statement(statement: Statement) -> Statement:
    if statement.status == Statement.Status.ACCEPTED:
        return statement
    statement.status = Statement.Status.ACCEPTED
    statement.rejection_reason = ""
    statement.moderated_at = timezone.now()
    statement.save(update_fields=["status", "rejection_reason", "moderated_at"])
    _publish(statement.conversation_id, "statement")
    # Its votes (its author's agree, at least) now count: the map is computed again.
    transaction.on_commit(partial(schedule_opinion_update, statement.conversation_id))
    return statement


@transaction.atomic
def reject_statement(statement: Statement, *, reason: str) -> Statement:
    """Take a statement out of the conversation; its votes stay but the map ignores it."""
    reason = " ".join(reason.split())
    if not reason:
        raise ConversationError("Give a reason, so the decision can be explained.")
    statement.status = Statement.Status.REJECTED
    statement.rejection_reason = reason
    statement.moderated_at = timezone.now()
    statement.full_clean()
    statement.save(update_fields=["status", "rejection_reason", "moderated_at"])
    _publish(statement.conversation_id, "statement")
    transaction.on_commit(partial(schedule_opinion_update, statement.conversation_id))
    return statement


@transaction.atomic
def mark_statement_meta(statement: Statement, *, is_meta: bool) -> Statement:
    """Mark a statement as about the conversation itself ("I'm not sure I understand"), or not.

    People still see and vote on a meta statement, but the opinion map leaves it out, as
    Pol.is does; so the map is computed again.
    """
    if statement.is_meta == is_meta:
        return statement
    statement.is_meta = is_meta
    statement.save(update_fields=["is_meta"])
    _publish(statement.conversation_id, "statement")
    transaction.on_commit(partial(schedule_opinion_update, statement.conversation_id))
    return statement


# --- The opinion map -------------------------------------------------------------------


def pending_update_key(conversation_id: int) -> str:
    return f"conversations:opinion-update-pending:{conversation_id}"


def _worker_shares_cache() -> bool:
    """Whether the task that clears the pending flag sees the cache this process set it in.

    Embedded, the task worker is another process with its own local-memory cache, so the
    flag can't be cleared by the task: it expires when the queued update is due instead,
    and the next vote after that queues the next update (still at most about one a second).
    """
    cache_backend = str(settings.CACHES["default"]["BACKEND"])
    tasks_backend = str(settings.TASKS["default"]["BACKEND"])
    return not cache_backend.endswith("LocMemCache") or tasks_backend.endswith(
        "ImmediateBackend"
    )


def schedule_opinion_update(conversation_id: int) -> bool:
    """Queue one opinion-map update about a second from now, unless one is already waiting.

    Votes arriving while an update waits are counted by it, so a busy room costs one
    computation a second, not one per vote. The task clears the key as it starts, so votes
    cast during a computation schedule the next one. Returns whether a task was queued.
    """
    from convene.conversations.tasks import update_opinion_map

    timeout = (
        OPINION_PENDING_TIMEOUT
        if _worker_shares_cache()
        else OPINION_UPDATE_DELAY.total_seconds()
    )
    key = pending_update_key(conversation_id)
    if not cache.add(key, 1, timeout):
        return False
    task = update_opinion_map
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + OPINION_UPDATE_DELAY)
    try:
        task.enqueue(conversation_id)
    except DatabaseError:
        # Not queued (embedded: SQLite busy with the worker's write past its timeout). This
        # runs after the vote committed, so the vote stands and the person sees it counted;
        # the next vote queues the update.
        logger.exception(
            "Opinion update for conversation %s not queued", conversation_id
        )
        cache.delete(key)
        return False
    return True


def _stable_indices(
    known: list[int], seen: Iterable[int]
) -> tuple[list[int], dict[int, int]]:
    """Earlier ids keep their index; ids new since are appended in the order they appear."""
    ids = list(known)
    index = {pk: i for i, pk in enumerate(ids)}
    for pk in seen:
        if pk not in index:
            index[pk] = len(ids)
            ids.append(pk)
    return ids, index


def _previous_map(row: OpinionResult | None) -> OpinionMap | None:
    if row is None or not row.data:
        return None
    try:
        return OpinionMap.from_dict(row.data)
    except (KeyError, TypeError, ValueError):
        # A result stored by an older engine: start cold rather than fail the update.
        logger.warning("Opinion map of %s could not warm-start", row.conversation_id)
        return None


def compute_opinion_result(
    conversation: Conversation, *, already_in: Iterable[int] = ()
) -> OpinionResult | None:
    """Recompute and store the conversation's opinion map; None while nobody has voted.

    `already_in` holds participants (pks) to keep in the map however few their votes: on
    import, those Pol.is had in its groups. Once in, they stay in through later updates.
    A closed conversation's groups are found afresh from its votes, without the k smoother
    that keeps a live wall from flickering between counts of groups: its results show the
    groups the final votes make (as Pol.is's worker recomputes a finished conversation).
    The votes are read and the maths done outside any transaction: on SQLite a write
    transaction locks the whole database, and votes arriving meanwhile must not wait for it.
    Only the save is a transaction.
    """
    read_at = timezone.now()
    row = OpinionResult.objects.filter(conversation=conversation).first()
    votes = list(
        Vote.objects.filter(conversation=conversation)
        .order_by("updated_at", "pk")
        .values_list("participant_id", "statement_id", "choice")
    )
    if not votes:
        return None
    participant_ids, participant_index = _stable_indices(
        row.participant_ids if row else [], (p for p, _, _ in votes)
    )
    statement_ids, statement_index = _stable_indices(
        row.statement_ids if row else [], (s for _, s, _ in votes)
    )
    # Meta statements stay out of the maths but keep their routing priority, as in Pol.is.
    # So do statements nobody may vote on yet (pre-moderated, awaiting a moderator), though
    # their authors' own votes are recorded.
    hidden = hidden_statuses(conversation)
    set_apart = {  # index: hidden (True), or meta and shown (False)
        statement_index[s]: status in hidden
        for s, status in Statement.objects.filter(
            Q(status__in=hidden) | Q(is_meta=True), conversation=conversation
        ).values_list("pk", "status")
        if s in statement_index
    }
    previous = _previous_map(row)
    if previous is not None and not conversation.is_open:
        previous = previous.without_group_memory()
    result = compute_opinion_map(
        np.fromiter((participant_index[p] for p, _, _ in votes), np.int64, len(votes)),
        np.fromiter((statement_index[s] for _, s, _ in votes), np.int64, len(votes)),
        np.fromiter((c for _, _, c in votes), np.int64, len(votes)),
        n_participants=len(participant_ids),
        n_statements=len(statement_ids),
        moderated_out=list(set_apart),
        meta=[i for i, is_hidden in set_apart.items() if not is_hidden],
        previous=previous,
        in_conversation=[
            participant_index[p] for p in already_in if p in participant_index
        ],
    )
    return store_opinion_result(
        conversation,
        computed_at=read_at,
        n_votes=len(votes),
        participant_ids=participant_ids,
        statement_ids=statement_ids,
        data=result.to_dict(),
    )


@transaction.atomic
def store_opinion_result(
    conversation: Conversation,
    *,
    computed_at: datetime,
    n_votes: int,
    participant_ids: list[int],
    statement_ids: list[int],
    data: dict[str, Any],
) -> OpinionResult:
    # Two workers may compute one conversation at once (at scale): the map read from the
    # newer votes is kept, whichever finishes last.
    row = (
        OpinionResult.objects.select_for_update()
        .filter(conversation=conversation)
        .first()
    )
    if row is not None and row.computed_at > computed_at:
        return row
    row = row or OpinionResult(conversation=conversation)
    row.computed_at = computed_at
    row.n_votes = n_votes
    row.participant_ids = participant_ids
    row.statement_ids = statement_ids
    row.data = data
    row.save()
    _publish(conversation.pk, "result")
    return row


# --- Taking part on the web ------------------------------------------------------------


@transaction.atomic
def check_web_vote(
    conversation: Conversation,
    *,
    user: User | None,
    browser_key: uuid.UUID | None,
    statement_id: int,
    choice: int,
) -> Vote:
    """A vote from the web page; a refused vote leaves no participant behind either."""
    participant = _participant_for(conversation, user=user, browser_key=browser_key)
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
) -> Statement:
    participant = get_or_create_participant(
        conversation, user=user, browser_key=browser_key
    )
    return check_add_statement(participant, text=text)
