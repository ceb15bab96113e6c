"""What people said in a conversation, counted: the read API of its results.

The results page, the live wall and reports read figures here, so every one of them counts
the same votes (`Vote.objects.counted_in`): each statement's agree, disagree and pass
counts, people and votes by channel, the opinion map's groups with what each agreed on,
common ground and what divided them.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypedDict

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from convene.conversations.map_layout import (
    MapDot,
    MapGroupMark,
    MapLayout,
    lay_out_map,
)
from convene.conversations.models import (
    Channel,
    Conversation,
    OpinionResult,
    Participant,
    Statement,
    Vote,
)

# Another number of groups whose silhouette is within this of the groups shown divides the
# votes about as well: the results page says so, so nobody reads the count as exact.
SIMILAR_FIT = 0.02


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
    pass over the counted votes grouped by (statement, choice, channel).

    (Three filtered counts per statement took 1.0 s at 800,000 votes, the pass 0.3 s.)
    """
    statements = Statement.objects.counted_in(conversation).order_by("pk")
    tallies: dict[int, list[int]] = {s.pk: [0, 0, 0] for s in statements}
    by_channel: dict[str, int] = {}
    column = {Vote.Choice.AGREE: 0, Vote.Choice.DISAGREE: 1, Vote.Choice.PASS: 2}
    grouped = (
        Vote.objects.counted_in(conversation)
        .values_list("statement_id", "choice", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for statement_id, choice, channel, n in grouped:
        if statement_id in tallies:  # not if moderated out between the two reads
            tallies[statement_id][column[choice]] += n
            by_channel[channel] = by_channel.get(channel, 0) + n
    return _Counted(
        figures={s.pk: StatementFigures(s, *tallies[s.pk]) for s in statements},
        votes_by_channel=by_channel,
    )


def _people_counted(conversation: Conversation) -> QuerySet[Participant]:
    """The conversation's participants with a vote that counts."""
    theirs = Vote.objects.filter(participant=OuterRef("pk")).that_count(conversation)
    return Participant.objects.filter(conversation=conversation).filter(Exists(theirs))


def _channel_counts(
    conversation: Conversation, votes: dict[str, int]
) -> list[ChannelCount]:
    """Voters by channel (people with a counted vote) beside `votes`, channel by channel."""
    voters = dict(
        _people_counted(conversation)
        .values_list("channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        ChannelCount(label, voters.get(value, 0), votes.get(value, 0))
        for value, label in Channel.choices
        if votes.get(value) or voters.get(value)
    ]


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
    if row is not None and row.data:
        _add_opinion_map(results, row, figures)
    return results


def _add_opinion_map(
    results: Results, row: OpinionResult, figures: dict[int, StatementFigures]
) -> None:
    """The stored map's groups, common ground and divisions, told with today's counts."""
    data = row.data
    statement_ids: list[int] = row.statement_ids

    def figures_at(index: int) -> StatementFigures | None:
        if index >= len(statement_ids):
            return None
        return figures.get(statement_ids[index])

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
    split = {divided.figures.statement.pk for divided in results.divisive}
    results.consensus_agree = _common_ground(
        data.get("consensus_agree", []), figures_at, split, lambda f: f.agree_percent
    )
    results.consensus_disagree = _common_ground(
        data.get("consensus_disagree", []),
        figures_at,
        split,
        lambda f: f.disagree_percent,
    )
    results.dots = layout.dots
    results.n_mapped = layout.n_mapped
    results.n_unplaced = max(results.n_participants - layout.n_mapped, 0)
    results.also_fits = other_group_counts_that_fit(
        data.get("silhouettes", {}), len(groups)
    )
    results.groups = [
        GroupSummary(
            label=mark.label,
            size=mark.size,
            colour=mark.colour,
            x=mark.x,
            y=mark.y,
            representative=_representative_rows(group, figures_at),
            nearest=_nearest_group(mark, layout.groups),
            text_colour=mark.text_colour,
        )
        for mark, group in zip(layout.groups, groups, strict=True)
    ]


def _common_ground(
    entries: list[dict[str, Any]],
    figures_at: Callable[[int], StatementFigures | None],
    split: set[int],
    share: Callable[[StatementFigures], int],
) -> list[StatementFigures]:
    found = (figures_at(int(str(e["statement"]))) for e in entries)
    kept = [f for f in found if f is not None and f.statement.pk not in split]
    # Highest share first, as a reader expects of "most people agreed"; sorting is
    # stable, so the engine's order (how sure the agreement is) breaks ties.
    return sorted(kept, key=lambda f: -share(f))


def _representative_rows(
    group: dict[str, Any], figures_at: Callable[[int], StatementFigures | None]
) -> list[RepresentativeRow]:
    rows = []
    for r in group.get("representative", []):
        found = figures_at(int(r["statement"]))
        if found is None:
            continue
        agreed = r["repful_for"] == "agree"
        everyone_side = found.agree if agreed else found.disagree
        rows.append(
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
    return rows


def _nearest_group(mark: MapGroupMark, marks: list[MapGroupMark]) -> str:
    """What the map shows by distance, for readers of the table: the closest other group."""
    others = [m for m in marks if m is not mark]
    if not others:
        return ""
    return min(others, key=lambda m: (m.x - mark.x) ** 2 + (m.y - mark.y) ** 2).label


# --- The live wall ---------------------------------------------------------------------


class Totals(TypedDict):
    n_votes: int
    n_participants: int
    n_statements: int


def wall_totals(conversation_id: int) -> Totals:
    """Votes and people counted as the results page counts them (`Vote.objects.counted_in`),
    and the statements open for votes, in two queries."""
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        return Totals(n_votes=0, n_participants=0, n_statements=0)
    row = (
        Conversation.objects.filter(pk=conversation_id)
        .annotate(
            n_all=_count(Vote.objects.filter(conversation=conversation)),
            # By statement alone: with the conversation too, SQLite scans all its votes.
            n_not_counted=_count(Vote.objects.not_counted_in(conversation)),
            n_participants=_count(_people_counted(conversation)),
            n_statements=_count(Statement.objects.visible_in(conversation)),
        )
        .values("n_all", "n_not_counted", "n_participants", "n_statements")
        .first()
    )
    if row is None:  # deleted meanwhile
        return Totals(n_votes=0, n_participants=0, n_statements=0)
    return Totals(
        n_votes=row["n_all"] - row["n_not_counted"],
        n_participants=row["n_participants"],
        n_statements=row["n_statements"],
    )


def _count(queryset: QuerySet[Any]) -> Coalesce:
    """A count as a subquery, so several are read in one query."""
    counted = queryset.order_by().values("conversation").annotate(n=Count("*"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), 0)


@dataclass(frozen=True)
class WallMap:
    """The latest opinion map, laid out and coloured as on the results page."""

    layout: MapLayout = field(default_factory=MapLayout)
    n_votes: int = 0


def wall_map(conversation_id: int) -> WallMap:
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
        return WallMap()
    groups: list[dict[str, Any]] = [
        g for g in row[4] or [] if isinstance(g.get("centre"), list)
    ]
    layout = lay_out_map(row[1] or [], row[2] or [], row[3] or [], groups)
    return WallMap(layout=layout, n_votes=row[0])


def unplaced_on_wall(wall: WallMap, totals: Totals) -> int:
    """How many of the people counted beside the map aren't in a group yet (too few votes
    when it was computed), so the groups' sizes and the total agree."""
    return max(totals["n_participants"] - wall.layout.n_mapped, 0)
