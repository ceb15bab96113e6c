import re
import uuid
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from convene.conversations.models import (
    Channel,
    Conversation,
    Participant,
    Statement,
    Vote,
)
from convene.conversations.opinion_map import compute_opinion_result
from convene.conversations.organising import add_seed_statement, create_conversation
from convene.conversations.services import (
    check_add_statement,
    check_cast_vote,
    get_or_create_participant,
    record_ballot,
)
from convene.events.models import Event
from convene.opinion.tests.helpers import third_camp_comes_round
from testsupport.live import WebsocketCommunicator

SEEDS = [
    "Funders should commit for five years, not one.",
    "Residents should sit on the boards that fund local projects.",
    "Volunteers need paying expenses on the day, not weeks later.",
]


def make_event(**overrides: Any) -> Event:
    """An inert past event row, enough for a conversation to belong to."""
    starts_at = timezone.now() - timedelta(days=7)
    fields: dict[str, Any] = {
        "title": "Community Voices: Sheffield",
        "slug": "community-voices-sheffield",
        "summary": "An afternoon of conversation about what matters locally.",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=3),
    }
    fields.update(overrides)
    return Event.objects.create(**fields)


def make_conversation(**overrides: Any) -> Conversation:
    """An open, published, post-moderated conversation with three seed statements."""
    fields: dict[str, Any] = {
        "question": "What would make community development work better in the North?",
        "slug": "better-in-the-north",
        "seed_statements": SEEDS,
    }
    fields.update(overrides)
    return create_conversation(fields.pop("question"), **fields)


def make_participant(conversation: Conversation) -> Participant:
    return get_or_create_participant(conversation, browser_key=uuid.uuid4())


def vote(participant: Participant, statement: Statement, choice: int) -> Vote:
    return check_cast_vote(participant, statement_id=statement.pk, choice=choice)


def add_statement(participant: Participant, text: str) -> Statement:
    return check_add_statement(participant, text=text)


def seeds(conversation: Conversation) -> list[Statement]:
    return list(conversation.statements.filter(is_seed=True).order_by("pk"))


def results_page(client: Client, conversation: Conversation) -> str:
    response = client.get(f"/conversations/{conversation.slug}/results/")
    assert response.status_code == 200
    return response.content.decode()


def results_section(results: str, heading: str, next_heading: str) -> str:
    """A section of the results page, from its heading's id to the next one's."""
    return results[
        results.index(f'id="{heading}"') : results.index(f'id="{next_heading}"')
    ]


def group_sizes(results: str) -> dict[str, int]:
    """The results page's table of opinion groups: each group's label and its people."""
    if "<caption>Opinion groups</caption>" not in results:
        return {}
    table = results.split("<caption>Opinion groups</caption>")[1].split("</table>")[0]
    return {
        label: int(size)
        for label, size in re.findall(r"(Group [A-Z])</th>\s*<td>(\d+)</td>", table)
    }


def statement_card(client: Client, conversation: Conversation) -> str:
    """The vote page's card: the statement this browser is offered next."""
    response = client.get(vote_url(conversation))
    assert response.status_code == 200
    card = response.content.decode().split('id="statement-card"')[1]
    return card.split("</form>")[0]


def vote_url(conversation: Conversation) -> str:
    return f"/conversations/{conversation.slug}/vote/"


def post_vote(
    client: Client,
    conversation: Conversation,
    statement: Statement | int,
    choice: object,
) -> Any:
    """The vote form's POST, answered however it is; `vote_through_form` checks it."""
    pk = statement if isinstance(statement, int) else statement.pk
    return client.post(vote_url(conversation), {"statement": pk, "choice": choice})


def vote_through_form(
    client: Client,
    conversation: Conversation,
    statement: Statement | int,
    choice: object,
    *,
    expect: int = 302,
) -> Any:
    """Vote as a browser without JavaScript does. A vote taken redirects to the next
    statement (302); a refused one is answered with its reason (`expect=400`)."""
    response = post_vote(client, conversation, statement, choice)
    assert response.status_code == expect
    return response


def wall_socket(conversation: Conversation) -> WebsocketCommunicator:
    """The projector's socket: totals, newest statements, the map and how to join."""
    return WebsocketCommunicator(f"/ws/conversations/{conversation.slug}/")


def phone_socket(conversation: Conversation) -> WebsocketCommunicator:
    """A participant's phone: the newest statements, and a note when voting closes."""
    return WebsocketCommunicator(f"/ws/conversations/{conversation.slug}/statements/")


async def receive_fragments(
    socket: WebsocketCommunicator, *, until: str, timeout: float = 5
) -> dict[str, str]:
    """The fragments pushed to `socket` up to the first push that carries element `until`,
    merged by element id as the page's script swaps them in (one change may come as two
    pushes, the second held back by the push throttle)."""
    fragments: dict[str, str] = {}
    while until not in fragments:
        message = await socket.receive_json_from(timeout=timeout)
        fragments.update(message["fragments"])
    return fragments


AGREED_BY_ALL = "Community workers are paid too little for the skills the job needs."
CAMP_A = "Councils are the right body to lead community development."
CAMP_B = "Residents should hold half the seats on boards that fund local projects."


def third_camp_comes_round_in(conversation: Conversation) -> None:
    """Three camps of 20 vote on twelve statements and the map is updated five times;
    then the third camp votes again along the first camp's line (as
    `opinion.tests.helpers.third_camp_comes_round`), and no map is computed since.

    In the end the votes make two groups, of 40 and 20.
    """
    (pids, tids, choices), final_camps = third_camp_comes_round()
    statements = [
        add_seed_statement(conversation, text=f"Statement number {i + 1}.")
        for i in range(tids.max() + 1)
    ]
    people = [make_participant(conversation) for _ in range(len(final_camps))]
    changing = len(pids) * 3 // 4  # the last quarter of the log is the change of mind
    for p, t, c in zip(
        pids[:changing], tids[:changing], choices[:changing], strict=True
    ):
        vote(people[p], statements[t], int(c))
    for _ in range(5):
        compute_opinion_result(conversation)
    for p, t, c in zip(
        pids[changing:], tids[changing:], choices[changing:], strict=True
    ):
        vote(people[p], statements[t], int(c))


def make_two_camps(conversation: Conversation, *, n: int = 24) -> list[Participant]:
    """n participants (a quarter on paper) in two camps that agree on one statement."""
    texts = [
        AGREED_BY_ALL,
        CAMP_A,
        CAMP_B,
        "Funders should publish who applied and why they said no.",
        "Devolution deals have brought decisions closer to people.",
        "Mutual aid groups should stay informal and unfunded.",
    ]
    statements = [add_seed_statement(conversation, text=t) for t in texts]
    people = []
    for i in range(n):
        if i % 4 == 3:
            person = get_or_create_participant(
                conversation, external_ref=f"ballot-{i}", channel=Channel.PAPER
            )
        else:
            person = make_participant(conversation)
        camp = 1 if i % 2 else -1
        choices = {statements[0].pk: 1}
        for j, statement in enumerate(statements[1:]):
            choices[statement.pk] = camp if j % 2 == 0 else -camp
        record_ballot(person, choices=choices, channel=person.channel)
        people.append(person)
    return people
