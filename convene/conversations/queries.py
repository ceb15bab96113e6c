"""Read helpers for conversations: access, the next statement to show, the results page."""

import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from convene.conversations.models import (
    Channel,
    Conversation,
    ConversationQuerySet,
    OpinionResult,
    Participant,
    Statement,
    Vote,
)

GROUP_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Colour-blind-safe (Okabe-Ito); every colour is paired with a letter in the text and table.
# Green and vermilion come last, so that up to four groups never look like the agree and
# disagree bars beside them.
GROUP_COLOURS = ["#0072b2", "#e69f00", "#cc79a7", "#56b4e9", "#009e73", "#d55e00"]
UNGROUPED_COLOUR = "#8a8a8a"
# Beyond this many people the map draws an even sample, so the page stays light on a phone;
# the table and the group sizes always count everyone.
MAP_MAX_DOTS = 1500
# Another number of groups whose silhouette is within this of the groups shown divides the
# votes about as well: the results page says so, so nobody reads the count as exact.
SIMILAR_FIT = 0.02


def public_conversations() -> ConversationQuerySet:
    return (
        Conversation.objects.public()
        .select_related("event", "discussion_group")
        .prefetch_related("themes")
    )


def get_conversation_for(
    user: User | AnonymousUser,
    slug: str,
    *,
    manage: bool = False,
    with_event: bool = False,
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
    if not conversation.is_published and not user.is_staff:
        raise Http404("No such conversation.")
    if manage and not user.is_staff:
        raise PermissionDenied("Only staff moderate conversations.")
    return conversation


def get_statement_for_moderation(
    user: User | AnonymousUser, conversation: Conversation, pk: int
) -> Statement:
    if not user.is_staff:
        raise PermissionDenied("Only staff moderate conversations.")
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
    conversation: Conversation, participant: Participant | QuerySet[Participant] | None
) -> list[Statement]:
    """Statements the participant may still vote on, most useful first (as Pol.is routes).

    `participant` may be the query `participant_of` returns, so a page that has not needed
    the row itself reads it within this query rather than in one of its own.

    With an opinion map, its priorities decide; statements newer than the map have no
    priority yet and come first, so they gather votes. Without a map, fewest votes first.
    A statement flagged as nearly repeating another, which no moderator has seen yet, comes
    after all the rest: everyone would otherwise be asked about a likely repeat first.
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
    return candidates


def _likely_repeat(statement: Statement) -> bool:
    return (
        statement.status == Statement.Status.PENDING
        and statement.similar_to_id is not None
    )


def votes_of(participant: Participant | None) -> QuerySet[Vote]:
    if participant is None:
        return Vote.objects.none()
    # Votes on statements nobody can see (removed, or waiting for a moderator) can't be
    # changed: not listed.
    return (
        Vote.objects.on_visible_statements()
        .filter(participant=participant)
        .select_related("statement")
        .order_by("-updated_at")
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


def qr_svg_for(conversation: Conversation, *, scale: int = 6) -> SafeString:
    """An inline SVG QR code of the conversation's voting page, to project or print."""
    url = vote_url(conversation)
    # No fixed size, only a viewBox: the page's CSS sizes it, and it scales without clipping.
    svg = segno.make(url, error="m").svg_inline(
        scale=scale, omitsize=True, title=f"QR code: take part at {url}"
    )
    # segno writes the SVG itself from our own URL: nothing user-typed reaches it.
    return mark_safe(svg)  # noqa: S308


# --- The results page ------------------------------------------------------------------


@dataclass(frozen=True)
class StatementFigures:
    statement: Statement
    agree: int
    disagree: int
    passed: int

    @property
    def total(self) -> int:
        return self.agree + self.disagree + self.passed

    @property
    def _percents(self) -> list[int]:
        return percents_adding_to_100([self.agree, self.disagree, self.passed])

    @property
    def agree_percent(self) -> int:
        return self._percents[0]

    @property
    def disagree_percent(self) -> int:
        return self._percents[1]

    @property
    def pass_percent(self) -> int:
        return self._percents[2]


def percents_adding_to_100(counts: list[int]) -> list[int]:
    """Whole percentages of the total that add up to 100, as a reader checks they do.

    Each share is rounded down, then the shares that lost most are rounded up until the
    total is 100 (34, 25 and 7 of 66 read 51%, 38%, 11%, not 52%, 38%, 11%).
    """
    total = sum(counts)
    if total == 0:
        return [0] * len(counts)
    exact = [100 * n / total for n in counts]
    percents = [math.floor(e) for e in exact]
    by_loss = sorted(range(len(counts)), key=lambda i: percents[i] - exact[i])
    for i in by_loss[: 100 - sum(percents)]:
        percents[i] += 1
    return percents


@dataclass(frozen=True)
class RepresentativeRow:
    figures: StatementFigures
    side: str  # "agreed" or "disagreed"
    group_percent: int
    others_percent: int
    n_success: int  # members of the group who voted so
    n_trials: int  # members of the group who voted on it at all


@dataclass(frozen=True)
class GroupShare:
    label: str
    colour: str
    percent: int


@dataclass(frozen=True)
class DivisiveRow:
    figures: StatementFigures
    # The share of each group who agreed, of those in it who voted on the statement.
    by_group: list[GroupShare]


@dataclass(frozen=True)
class GroupSummary:
    label: str
    size: int
    colour: str
    x: float
    y: float
    representative: list[RepresentativeRow]
    nearest: str = ""  # the group whose voting is closest to this one's, for the table
    text_colour: str = ""  # the colour darkened for labels on the light map


@dataclass(frozen=True)
class MapDot:
    x: float
    y: float
    colour: str
    label: str


@dataclass(frozen=True)
class MapGroupMark:
    letter: str
    size: int
    colour: str
    x: float
    y: float

    @property
    def label(self) -> str:
        return f"Group {self.letter}"

    @property
    def text_colour(self) -> str:
        """The group's colour, darkened until its label reads on the map's light ground."""
        return readable_on_light(self.colour)


def _rgb(colour: str) -> tuple[float, float, float]:
    return (
        int(colour[1:3], 16) / 255,
        int(colour[3:5], 16) / 255,
        int(colour[5:7], 16) / 255,
    )


def _luminance(rgb: tuple[float, float, float]) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def readable_on_light(colour: str, ground: str = "#fafafa", ratio: float = 4.5) -> str:
    """`colour` darkened in steps until it has WCAG's contrast `ratio` against `ground`
    (4.5:1, for text of the map labels' size)."""
    ground_light = _luminance(_rgb(ground))
    r, g, b = _rgb(colour)
    for _ in range(20):
        if (ground_light + 0.05) / (_luminance((r, g, b)) + 0.05) >= ratio:
            break
        r, g, b = r * 0.9, g * 0.9, b * 0.9
    return "#" + "".join(f"{round(c * 255):02x}" for c in (r, g, b))


@dataclass(frozen=True)
class MapLayout:
    """An opinion map placed in the 0..100 view box that the results page and wall draw."""

    dots: list[MapDot] = field(default_factory=list)
    groups: list[MapGroupMark] = field(default_factory=list)
    n_mapped: int = (
        0  # everyone placed on the map, of whom `dots` may be an even sample
    )


def lay_out_map(
    coordinates: list[list[float]],
    clustered: list[int],
    participant_group: list[int],
    groups: list[dict[str, Any]],
) -> MapLayout:
    xs, ys = _scaled_together(
        [c[0] for c in coordinates] + [g["centre"][0] for g in groups],
        [c[1] for c in coordinates] + [g["centre"][1] for g in groups],
    )
    letters = [GROUP_LETTERS[i % len(GROUP_LETTERS)] for i in range(len(groups))]
    colours = [GROUP_COLOURS[i % len(GROUP_COLOURS)] for i in range(len(groups))]
    step = max(1, -(-len(coordinates) // MAP_MAX_DOTS))  # ceiling division
    placed = list(zip(xs, ys, clustered, strict=False))
    dots = []
    seen_at: dict[tuple[float, float], int] = {}
    for x, y, index in placed[::step]:
        # People who voted exactly alike land on one point; set each one after the first
        # a little apart, so a group of ten shows ten dots, not eight.
        repeat = seen_at.get((x, y), 0)
        seen_at[(x, y)] = repeat + 1
        x, y = _spread_apart(x, y, repeat)
        g = participant_group[index] if index < len(participant_group) else -1
        grouped = 0 <= g < len(groups)
        dots.append(
            MapDot(
                x,
                y,
                colours[g] if grouped else UNGROUPED_COLOUR,
                f"Group {letters[g]}" if grouped else "No group yet",
            )
        )
    n = len(coordinates)
    marks = [
        MapGroupMark(
            letters[i], int(group.get("size", 0)), colours[i], xs[n + i], ys[n + i]
        )
        for i, group in enumerate(groups)
    ]
    return MapLayout(dots=dots, groups=marks, n_mapped=n)


@dataclass(frozen=True)
class ChannelCount:
    label: str
    participants: int
    votes: int


@dataclass
class Results:
    computed_at: datetime | None = None
    groups: list[GroupSummary] = field(default_factory=list)
    dots: list[MapDot] = field(default_factory=list)
    consensus_agree: list[StatementFigures] = field(default_factory=list)
    consensus_disagree: list[StatementFigures] = field(default_factory=list)
    divisive: list[DivisiveRow] = field(default_factory=list)
    statements: list[StatementFigures] = field(default_factory=list)
    meta: list[StatementFigures] = field(default_factory=list)  # left out of the groups
    channels: list[ChannelCount] = field(default_factory=list)
    n_participants: int = 0
    n_votes: int = 0
    n_mapped: int = 0  # everyone placed on the map, of whom `dots` may be a sample
    # People who voted but are in no group yet: too few votes when the map was computed.
    n_unplaced: int = 0
    # Other numbers of groups that divide the votes about as well as those shown.
    also_fits: list[int] = field(default_factory=list)

    @property
    def also_fits_words(self) -> str:
        """`also_fits` as a reader says it: "3", "3 or 4", "3, 4 or 5"."""
        words = [str(k) for k in self.also_fits]
        if len(words) < 2:
            return "".join(words)
        return f"{', '.join(words[:-1])} or {words[-1]}"


@dataclass(frozen=True)
class _Counted:
    figures: dict[int, StatementFigures]  # by statement id, in id order
    votes_by_channel: dict[str, int]


def _counted_votes(conversation: Conversation) -> _Counted:
    """Each statement's agree, disagree and pass counts and the votes by channel, from one
    pass over the conversation's votes grouped by (statement, choice, channel).

    Only statements people can see are counted; the others' few votes are dropped here.
    (Three filtered counts per statement took 1.0 s at 800,000 votes, the pass 0.3 s.)
    """
    statements = Statement.objects.visible_in(conversation).order_by("pk")
    tallies: dict[int, list[int]] = {s.pk: [0, 0, 0] for s in statements}
    by_channel: dict[str, int] = {}
    column = {Vote.Choice.AGREE: 0, Vote.Choice.DISAGREE: 1, Vote.Choice.PASS: 2}
    grouped = (
        conversation.votes.values_list("statement_id", "choice", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for statement_id, choice, channel, n in grouped:
        if statement_id in tallies:
            tallies[statement_id][column[choice]] += n
            by_channel[channel] = by_channel.get(channel, 0) + n
    return _Counted(
        figures={s.pk: StatementFigures(s, *tallies[s.pk]) for s in statements},
        votes_by_channel=by_channel,
    )


def _channel_counts(
    conversation: Conversation, votes: dict[str, int]
) -> list[ChannelCount]:
    """Voters by channel (people with a counted vote) beside `votes`, channel by channel."""
    visible = Statement.objects.visible_in(conversation).values("pk")
    voters = dict(
        Participant.objects.filter(conversation=conversation)
        .filter(
            Exists(
                Vote.objects.filter(participant=OuterRef("pk"), statement__in=visible)
            )
        )
        .values_list("channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        ChannelCount(label, voters.get(value, 0), votes.get(value, 0))
        for value, label in Channel.choices
        if votes.get(value) or voters.get(value)
    ]


_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
_DOT_SPACING = 2.3  # view-box units: more than a results-page dot across (2.2)


def _spread_apart(x: float, y: float, repeat: int) -> tuple[float, float]:
    """The `repeat`-th extra dot at one point, on a sunflower spiral around it."""
    if repeat == 0:
        return x, y
    radius = _DOT_SPACING * math.sqrt(repeat)
    angle = repeat * _GOLDEN_ANGLE
    return (
        round(x + radius * math.cos(angle), 2),
        round(y + radius * math.sin(angle), 2),
    )


def _scaled_together(
    xs: list[float], ys: list[float]
) -> tuple[list[float], list[float]]:
    """Into the 8..92 band of the map's square 0..100 view box, both axes at one scale.

    The second component spreads people less than the first; stretching each axis to fill
    the box would show differences along it as large as the main divide.
    """
    if not xs:
        return [], []
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0

    def place(values: list[float]) -> list[float]:
        # Centred in the band: the shorter axis leaves equal room on either side.
        middle = (min(values) + max(values)) / 2
        return [round(50 + 84 * (v - middle) / span, 2) for v in values]

    return place(xs), place(ys)


def _percent(n: int, total: int) -> int:
    return round(100 * n / total) if total > 0 else 0


def other_group_counts_that_fit(silhouettes: dict[str, float], shown: int) -> list[int]:
    """Other numbers of groups the votes divide into about as well as the `shown` groups.

    The engine scores each number of groups by its silhouette; near ties are common (the
    number shown also depends on the conversation's history), and a reader should know.
    """
    scores = {int(k): float(s) for k, s in silhouettes.items()}
    if shown not in scores:
        return []
    return sorted(
        k for k, s in scores.items() if k != shown and s >= scores[shown] - SIMILAR_FIT
    )


def _divisive_rows(
    entries: list[dict[str, Any]],
    figures_at: Callable[[int], StatementFigures | None],
    layout: MapLayout,
) -> list[DivisiveRow]:
    rows = []
    for entry in entries:
        found = figures_at(int(entry["statement"]))
        if found is None:
            continue
        if "n_agree" in entry:
            # The plain share who agreed, as "What each group thinks" counts it.
            percents = [
                _percent(int(a), int(n))
                for a, n in zip(entry["n_agree"], entry["n_seen"], strict=True)
            ]
        else:  # a map stored before the counts were kept
            percents = [round(100 * float(r)) for r in entry.get("agree_rates", [])]
        rows.append(
            DivisiveRow(
                figures=found,
                by_group=[
                    GroupShare(mark.label, mark.colour, percent)
                    for mark, percent in zip(layout.groups, percents, strict=False)
                ],
            )
        )
    return rows


# How "Every statement" can be ordered on the results page: (key, label), the first the default.
STATEMENT_ORDERS = [
    ("added", "as added"),
    ("agreed", "most agreed"),
    ("disagreed", "most disagreed"),
    ("votes", "most votes"),
]


def ordered_statements(
    statements: list[StatementFigures], order: str
) -> list[StatementFigures]:
    """`statements` (in the order added) in the reader's chosen order; ties keep that order.

    Shares are ranked as the engine estimates them, (n + 1) / (votes + 2), so one agree
    out of one vote (0.67) doesn't rank above 67 out of 76 (0.88); the page still shows
    the plain shares.
    """
    keys: dict[str, Callable[[StatementFigures], float]] = {
        "agreed": lambda f: -(f.agree + 1) / (f.total + 2),
        "disagreed": lambda f: -(f.disagree + 1) / (f.total + 2),
        "votes": lambda f: -f.total,
    }
    key = keys.get(order)
    return sorted(statements, key=key) if key else statements


def results_for(conversation: Conversation) -> Results:
    """Everything the results page shows, in a fixed handful of queries."""
    counted = _counted_votes(conversation)
    every = counted.figures
    # Meta statements are shown apart; a map computed before one was marked may still list it.
    figures = {pk: f for pk, f in every.items() if not f.statement.is_meta}
    channels = _channel_counts(conversation, counted.votes_by_channel)
    results = Results(
        statements=list(figures.values()),
        meta=[f for f in every.values() if f.statement.is_meta],
        channels=channels,
        n_participants=sum(c.participants for c in channels),
        n_votes=sum(c.votes for c in channels),
    )
    row = OpinionResult.objects.filter(conversation=conversation).first()
    if row is None or not row.data:
        return results
    data = row.data
    statement_ids: list[int] = row.statement_ids

    def figures_at(index: int) -> StatementFigures | None:
        if index >= len(statement_ids):
            return None
        return figures.get(statement_ids[index])

    def listed(entries: list[dict[str, object]]) -> list[StatementFigures]:
        found = (figures_at(int(str(e["statement"]))) for e in entries)
        return [f for f in found if f is not None]

    groups = data.get("groups", [])
    layout = lay_out_map(
        data.get("coordinates", []),
        data.get("clustered", []),
        data.get("participant_group", []),
        groups,
    )
    results.computed_at = row.computed_at
    results.divisive = _divisive_rows(data.get("divisive", []), figures_at, layout)
    # A statement the groups split on is not common ground, however the whole room voted.
    split = {row.figures.statement.pk for row in results.divisive}

    def common_ground(
        key: str, share: Callable[[StatementFigures], int]
    ) -> list[StatementFigures]:
        kept = [f for f in listed(data.get(key, [])) if f.statement.pk not in split]
        # Highest share first, as a reader expects of "most people agreed"; sorting is
        # stable, so the engine's order (how sure the agreement is) breaks ties.
        return sorted(kept, key=lambda f: -share(f))

    results.consensus_agree = common_ground(
        "consensus_agree", lambda f: f.agree_percent
    )
    results.consensus_disagree = common_ground(
        "consensus_disagree", lambda f: f.disagree_percent
    )
    results.dots = layout.dots
    results.n_mapped = layout.n_mapped
    results.n_unplaced = max(results.n_participants - layout.n_mapped, 0)
    results.also_fits = other_group_counts_that_fit(
        data.get("silhouettes", {}), len(groups)
    )
    for mark, group in zip(layout.groups, groups, strict=True):
        representative = []
        for r in group.get("representative", []):
            found = figures_at(int(r["statement"]))
            if found is None:
                continue
            agreed = r["repful_for"] == "agree"
            everyone_side = found.agree if agreed else found.disagree
            representative.append(
                RepresentativeRow(
                    figures=found,
                    side="agreed" if agreed else "disagreed",
                    group_percent=_percent(r["n_success"], r["n_trials"]),
                    others_percent=_percent(
                        everyone_side - r["n_success"], found.total - r["n_trials"]
                    ),
                    n_success=int(r["n_success"]),
                    n_trials=int(r["n_trials"]),
                )
            )
        results.groups.append(
            GroupSummary(
                label=mark.label,
                size=mark.size,
                colour=mark.colour,
                x=mark.x,
                y=mark.y,
                representative=representative,
                nearest=_nearest_group(mark, layout.groups),
                text_colour=mark.text_colour,
            )
        )
    return results


def _nearest_group(mark: MapGroupMark, marks: list[MapGroupMark]) -> str:
    """What the map shows by distance, for readers of the table: the closest other group."""
    others = [m for m in marks if m is not mark]
    if not others:
        return ""
    return min(others, key=lambda m: (m.x - mark.x) ** 2 + (m.y - mark.y) ** 2).label
