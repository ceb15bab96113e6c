import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from convene.conversations.models import Conversation, OpinionResult
from convene.conversations.opinion_map import compute_opinion_result
from convene.conversations.results import Results, other_group_counts_that_fit
from convene.conversations.tests.helpers import (
    AGREED_BY_ALL,
    CAMP_A,
    make_conversation,
    make_two_camps,
)

STATIC = Path(__file__).resolve().parents[1] / "static" / "conversations"

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation() -> Conversation:
    conversation = make_conversation(seed_statements=[])
    make_two_camps(conversation, n=24)
    compute_opinion_result(conversation)
    return conversation


def _page(client: Client, conversation: Conversation) -> str:
    response = client.get(f"/conversations/{conversation.slug}/results/")
    assert response.status_code == 200
    return response.content.decode()


def _text(client: Client, conversation: Conversation) -> str:
    """The page with its whitespace collapsed: the template wraps long sentences."""
    return " ".join(_page(client, conversation).split())


def test_the_map_is_an_svg_with_a_table_beside_it(
    visitor: Client, conversation: Conversation
) -> None:
    page = _page(visitor, conversation)

    assert '<svg viewBox="0 0 100 100" role="img"' in page
    assert page.count("<circle ") == 24
    assert "Group A (12)" in page
    assert "Group B (12)" in page
    assert "<caption>Opinion groups</caption>" in page
    assert re.search(r'<th scope="row">\s*<svg class="swatch"', page)
    table = page.split("<caption>Opinion groups</caption>")[1].split("</table>")[0]
    assert "Closest in its votes to" in table
    assert "<td>12</td><td>Group B</td>" in table  # Group A's row
    assert "<td>12</td><td>Group A</td>" in table


def test_a_crowded_map_draws_an_even_sample_and_says_so(
    visitor: Client, conversation: Conversation, monkeypatch: pytest.MonkeyPatch
) -> None:
    from convene.conversations import map_layout

    monkeypatch.setattr(map_layout, "MAP_MAX_DOTS", 10)

    page = _page(visitor, conversation)

    assert page.count("<circle ") == 8  # every third of 24
    assert "an even sample of 8 of the 24 people placed" in page
    assert "Group A (12)" in page


def test_each_group_shows_what_sets_it_apart(
    visitor: Client, conversation: Conversation
) -> None:
    page = _text(visitor, conversation)

    groups = page[
        page.index('id="groups-heading"') : page.index('id="consensus-heading"')
    ]
    assert CAMP_A in groups
    agreed = "100% of those in this group who voted on it agreed (12 of 12)"
    disagreed = "100% of those in this group who voted on it disagreed (12 of 12)"
    assert f"{agreed}, against 0% of everyone else." in groups
    assert f"{disagreed}, against 0% of everyone else." in groups


def test_consensus_and_divisive_statements_are_listed(
    visitor: Client, conversation: Conversation
) -> None:
    page = _page(visitor, conversation)

    consensus = page[
        page.index('id="consensus-heading"') : page.index('id="divisive-heading"')
    ]
    assert AGREED_BY_ALL in consensus
    divisive = page[
        page.index('id="divisive-heading"') : page.index('id="statements-heading"')
    ]
    assert CAMP_A in divisive


def test_every_statement_has_bars_and_figures(
    visitor: Client, conversation: Conversation
) -> None:
    page = _text(visitor, conversation)

    assert '<rect class="agree" width="100" height="1"></rect>' in page
    assert (
        "100% agreed (24), 0% disagreed (0), 0% passed or unsure (0) · 24 votes" in page
    )
    assert "50% agreed (12), 50% disagreed (12)" in page


def test_participants_and_votes_are_counted_by_channel(
    visitor: Client, conversation: Conversation
) -> None:
    page = _page(visitor, conversation)

    assert "24 participants cast 144 votes." in page
    assert '<th scope="row">Web</th><td>18</td><td>108</td>' in page
    assert '<th scope="row">Paper ballot</th><td>6</td><td>36</td>' in page


def test_before_a_map_exists_the_page_says_so(visitor: Client) -> None:
    conversation = make_conversation()

    page = _page(visitor, conversation)

    assert "Opinion groups appear once enough people have voted." in page
    assert "<svg" not in page


def test_the_page_takes_a_fixed_number_of_queries(
    visitor: Client,
    conversation: Conversation,
    django_assert_num_queries: Callable[..., Any],
) -> None:
    # conversation, statements, votes by statement, choice and channel, voters by
    # channel, the map
    with django_assert_num_queries(5):
        _page(visitor, conversation)


def _store_silhouettes(conversation: Conversation, scores: dict[int, float]) -> None:
    """As if the engine had scored each number of groups so (the page reads the stored map)."""
    row = OpinionResult.objects.get(conversation=conversation)
    row.data["silhouettes"] = {str(k): s for k, s in scores.items()}
    row.save(update_fields=["data"])


def test_says_when_other_numbers_of_groups_fit_the_votes_about_as_well(
    visitor: Client, conversation: Conversation
) -> None:
    _store_silhouettes(conversation, {2: 0.421, 3: 0.427, 4: 0.415, 5: 0.30})

    page = _page(visitor, conversation)

    assert (
        "The votes divide almost as well into 3 or 4 groups as into the 2 shown" in page
    )


def test_says_nothing_of_other_counts_when_the_groups_shown_fit_clearly_best(
    visitor: Client, conversation: Conversation
) -> None:
    page = _page(visitor, conversation)

    assert "divide almost as well" not in page


def test_other_counts_that_fit_read_as_a_list() -> None:
    scores = {"2": 0.40, "3": 0.41, "4": 0.395, "5": 0.39}

    assert other_group_counts_that_fit(scores, 3) == [2, 4, 5]
    assert other_group_counts_that_fit(scores, 6) == []
    assert Results(also_fits=[2, 4, 5]).also_fits_words == "2, 4 or 5"
    assert Results(also_fits=[3]).also_fits_words == "3"


def test_where_groups_differ_gives_each_groups_agreement(
    visitor: Client, conversation: Conversation
) -> None:
    page = _page(visitor, conversation)

    divided = page.split('id="divisive-heading"')[1].split("</section>")[0]
    assert CAMP_A in divided
    # 12 of 12 agreed in one camp, none of 12 in the other: the plain shares, the same
    # figures as each group's own section gives.
    assert {"Group A 100%", "Group B 0%"} <= set(_shares(divided)) or {
        "Group A 0%",
        "Group B 100%",
    } <= set(_shares(divided))
    assert "100% of those in this group who voted on it agreed" in page


def _shares(section: str) -> list[str]:
    return re.findall(r"Group [A-E] \d+%", section)


def test_common_ground_never_lists_a_statement_the_groups_split_on(
    visitor: Client,
) -> None:
    from convene.conversations.organising import add_seed_statement
    from convene.conversations.services import record_ballot
    from convene.conversations.tests.helpers import make_participant

    conversation = make_conversation(seed_statements=[])
    late_buses = add_seed_statement(conversation, text="Buses should run after ten.")
    everyone = add_seed_statement(
        conversation, text="Libraries should open on Sundays."
    )
    others = [
        add_seed_statement(conversation, text=f"Statement number {n} on local life.")
        for n in range(6)
    ]
    # 24 people against 6: most of the room agrees on late buses, but the small camp
    # disagrees as one, so the engine finds it both broadly agreed and divisive.
    for i in range(30):
        camp = -1 if i % 5 == 0 else 1
        person = make_participant(conversation)
        choices = {late_buses.pk: camp, everyone.pk: 1}
        choices.update(
            {s.pk: camp if j % 2 == 0 else -camp for j, s in enumerate(others)}
        )
        record_ballot(person, choices=choices, channel=person.channel)
    compute_opinion_result(conversation)

    page = _page(visitor, conversation)

    agree = page.split('id="consensus-heading"')[1].split("</section>")[0]
    differ = page.split('id="divisive-heading"')[1].split("</section>")[0]
    assert late_buses.text in differ
    assert late_buses.text not in agree
    assert everyone.text in agree


def test_people_not_yet_in_a_group_are_counted_and_explained(
    visitor: Client, conversation: Conversation
) -> None:
    from convene.conversations.models import Statement
    from convene.conversations.services import record_ballot
    from convene.conversations.tests.helpers import make_participant

    newcomer = make_participant(conversation)
    first = Statement.objects.filter(conversation=conversation).first()
    assert first is not None
    record_ballot(newcomer, choices={first.pk: 1}, channel=newcomer.channel)
    compute_opinion_result(conversation)

    page = _page(visitor, conversation)

    assert "The groups hold 24 of the 25 participants." in page
    assert "The other 1 has not voted on enough statements" in page


def test_a_statement_nobody_has_voted_on_says_so(
    visitor: Client, conversation: Conversation
) -> None:
    from convene.conversations.organising import add_seed_statement

    add_seed_statement(conversation, text="Parish councils should meet in the evening.")

    page = _page(visitor, conversation)

    listed = page.split('id="statements-heading"')[1]
    assert "Parish councils should meet in the evening." in listed
    assert "No votes yet." in listed
    assert "0% agreed (0)" not in page


def test_map_labels_are_dark_enough_to_read_on_the_light_map() -> None:
    from convene.conversations.map_layout import GROUP_COLOURS, readable_on_light

    assert readable_on_light("#0072b2") == "#0072b2"  # already 5:1
    for colour in GROUP_COLOURS:
        darker = readable_on_light(colour)
        # WCAG contrast against #fafafa (luminance 0.955) of at least 4.5:1
        r, g, b = (int(darker[i : i + 2], 16) / 255 for i in (1, 3, 5))
        linear = [
            c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
            for c in (r, g, b)
        ]
        luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
        assert (0.955 + 0.05) / (luminance + 0.05) >= 4.5


def test_up_to_four_groups_never_share_a_hue_with_agree_or_disagree() -> None:
    import colorsys

    from convene.conversations.map_layout import GROUP_COLOURS

    def hue(colour: str) -> float:
        r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        return colorsys.rgb_to_hsv(r, g, b)[0] * 360

    css = (STATIC / "conversations.css").read_text()
    bars = [
        re.search(rf"\.vote-bar \.{name} {{ fill: (#[0-9a-f]{{6}}); }}", css)
        for name in ("agree", "disagree")
    ]
    for bar in bars:
        assert bar is not None
        for colour in GROUP_COLOURS[:4]:
            apart = abs(hue(colour) - hue(bar.group(1))) % 360
            assert min(apart, 360 - apart) > 30, (colour, bar.group(1))


def test_the_map_keeps_the_rooms_proportions() -> None:
    from convene.conversations.map_layout import lay_out_map

    # Two groups far apart on the first component, with a small spread on the second.
    coordinates = [[-4.0, -0.4], [-4.0, 0.4], [4.0, -0.4], [4.0, 0.4]]
    groups = [{"centre": [-4.0, 0.0], "size": 2}, {"centre": [4.0, 0.0], "size": 2}]
    layout = lay_out_map(coordinates, [0, 1, 2, 3], [0, 0, 1, 1], groups)

    xs = [dot.x for dot in layout.dots]
    ys = [dot.y for dot in layout.dots]
    assert max(xs) - min(xs) == pytest.approx(84)
    # A tenth of the width, as in the votes, not stretched to fill the box.
    assert max(ys) - min(ys) == pytest.approx(8.4)
    assert min(ys) + max(ys) == pytest.approx(100)  # centred


def test_the_headline_counts_only_votes_on_statements_on_the_page(
    visitor: Client, conversation: Conversation
) -> None:
    from convene.conversations.organising import reject_statement
    from convene.conversations.tests.helpers import make_participant, vote

    turned_down = conversation.statements.create(text="Close the library")
    newcomer = make_participant(conversation)
    vote(newcomer, turned_down, 1)
    reject_statement(turned_down, reason="Off the question")

    page = _page(visitor, conversation)

    # As before: the rejected statement's vote, and its only voter, are counted nowhere.
    assert "24 participants cast 144 votes." in page
    assert '<th scope="row">Web</th><td>18</td><td>108</td>' in page


def test_each_statements_shares_add_up_to_100() -> None:
    from convene.conversations.results import percents_adding_to_100

    assert percents_adding_to_100([34, 25, 7]) == [51, 38, 11]
    assert percents_adding_to_100([1, 1, 1]) == [34, 33, 33]
    assert percents_adding_to_100([24, 0, 0]) == [100, 0, 0]
    assert percents_adding_to_100([0, 0, 0]) == [0, 0, 0]
    for counts in ([2, 3, 4], [10, 10, 1], [333, 333, 334], [7, 0, 2]):
        assert sum(percents_adding_to_100(counts)) == 100


def test_people_who_voted_exactly_alike_each_get_a_dot() -> None:
    from convene.conversations.map_layout import lay_out_map

    alike = [[-1.0, 0.5]] * 10
    coordinates = [*alike, [1.0, -0.5], [1.0, 0.5]]
    groups = [{"centre": [-1.0, 0.5], "size": 10}, {"centre": [1.0, 0.0], "size": 2}]
    layout = lay_out_map(coordinates, list(range(12)), [0] * 10 + [1, 1], groups)

    group_a = [(d.x, d.y) for d in layout.dots if d.label == "Group A"]
    assert len(set(group_a)) == 10
    # still together, around the point they share
    first = group_a[0]
    assert all(abs(x - first[0]) < 8 and abs(y - first[1]) < 8 for x, y in group_a)


def test_every_statement_can_be_read_most_disagreed_first(
    visitor: Client, conversation: Conversation
) -> None:
    response = visitor.get(
        f"/conversations/{conversation.slug}/results/", {"order": "disagreed"}
    )

    assert response.status_code == 200
    page = response.content.decode()

    listed = page.split('id="statements-heading"')[1]
    assert '<strong aria-current="true">most disagreed</strong>' in listed
    # nobody disagreed with it: after the statements the camps split on, though added first
    assert listed.index(CAMP_A) < listed.index(AGREED_BY_ALL)
    default = _page(visitor, conversation).split('id="statements-heading"')[1]
    assert default.index(AGREED_BY_ALL) < default.index(CAMP_A)


def test_an_unknown_order_falls_back_to_as_added(
    visitor: Client, conversation: Conversation
) -> None:
    response = visitor.get(f"/conversations/{conversation.slug}/results/?order=<b>")

    assert response.status_code == 200
    assert '<strong aria-current="true">as added</strong>' in response.content.decode()
