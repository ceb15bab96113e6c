"""A demo conversation from the Sheffield event, with votes that form real opinion groups.

The votes are generated (deterministically) from three planted outlooks, so the results page
has something to show: "place-based funders", "grassroots first" and "public-sector partners".
"""

import uuid

import numpy as np

from convene.conversations.models import Conversation, Participant
from convene.conversations.opinion_map import compute_opinion_result
from convene.conversations.organising import accept_statement, create_conversation
from convene.conversations.services import (
    check_add_statement,
    get_or_create_participant,
    record_ballot,
)
from convene.events.models import Event

DEMO_EVENT_SLUG = "community-voices-sheffield"
DEMO_SLUG = "community-development-in-the-north"
DEMO_QUESTION = "What would make community development work better in the North?"
N_PARTICIPANTS = 90
SEED = 20_260_611

# Each statement with how likely each outlook is to agree with it (the rest split between
# disagree and pass). Seeds are staff's; the rest were added by participants.
SEED_STATEMENTS: list[tuple[str, tuple[float, float, float]]] = [
    (
        "Funding for community groups should run for at least five years.",
        (0.9, 0.85, 0.6),
    ),
    (
        "Residents should hold half the seats on boards that fund local projects.",
        (0.3, 0.9, 0.4),
    ),
    ("Councils are the right body to lead community development.", (0.2, 0.1, 0.85)),
    (
        "Small grants under £1,000 should need no more than a one-page form.",
        (0.85, 0.95, 0.7),
    ),
    (
        "Community workers are paid too little for the skills the job needs.",
        (0.8, 0.85, 0.8),
    ),
    ("Outcome targets set by funders get in the way of good work.", (0.4, 0.9, 0.2)),
    (
        "Devolution deals have brought decisions closer to people in the North.",
        (0.5, 0.15, 0.75),
    ),
    (
        "Big national charities should not bid for small local contracts.",
        (0.55, 0.9, 0.3),
    ),
]
PARTICIPANT_STATEMENTS: list[tuple[str, tuple[float, float, float]]] = [
    (
        "Community buildings should be transferred to local groups, not sold off.",
        (0.85, 0.9, 0.35),
    ),
    ("Young people should be paid for sitting on youth panels.", (0.6, 0.85, 0.55)),
    (
        "Health services should fund community groups that keep people well.",
        (0.8, 0.7, 0.9),
    ),
    (
        "Volunteer expenses should be paid on the day, in cash if needed.",
        (0.7, 0.9, 0.25),
    ),
    (
        "Every town needs a paid community development worker, not just the cities.",
        (0.85, 0.8, 0.75),
    ),
    ("Funders should publish who applied and why they said no.", (0.5, 0.9, 0.35)),
    ("Evaluation should be done with residents, not to them.", (0.75, 0.95, 0.55)),
    (
        "Councils should commission fewer, larger contracts to save money.",
        (0.15, 0.05, 0.6),
    ),
    (
        "Credit unions and community shares deserve more support from councils.",
        (0.85, 0.6, 0.6),
    ),
    ("Mutual aid groups should stay informal and unfunded.", (0.2, 0.7, 0.15)),
    (
        "Bus routes matter more to our members than any grant programme.",
        (0.5, 0.8, 0.45),
    ),
    ("Community anchor organisations should hold local budgets.", (0.9, 0.55, 0.3)),
    (
        "Local businesses should be asked to give staff time, not just money.",
        (0.75, 0.45, 0.8),
    ),
    ("Online consultations miss the people we most need to hear.", (0.65, 0.9, 0.5)),
    ("Town deals were decided before residents were asked.", (0.45, 0.9, 0.2)),
    ("Partnership boards need fewer meetings and more decisions.", (0.6, 0.7, 0.85)),
    ("Faith groups are overlooked as partners in community work.", (0.6, 0.5, 0.7)),
]
N_UNMODERATED = 3
NEAR_REPEAT = "Funding for community groups should last for at least five years."
# How many of the participants hold each outlook.
OUTLOOK_WEIGHTS = (0.4, 0.35, 0.25)


def _ballot(
    rng: np.random.Generator, agree_rates: list[float], statement_ids: list[int]
) -> dict[int, int]:
    """One participant's votes: most statements seen, each agreed, disagreed or passed."""
    choices = {}
    for statement_id, agree in zip(statement_ids, agree_rates, strict=True):
        if rng.random() > 0.8:
            continue  # not everyone reaches every statement
        roll = rng.random()
        if roll < agree:
            choices[statement_id] = 1
        elif roll < agree + (1 - agree) * 0.8:
            choices[statement_id] = -1
        else:
            choices[statement_id] = 0
    return choices


def load_conversations_demo() -> str:
    """Build the demo conversation through the services; safe to call once per database."""
    if Conversation.objects.filter(slug=DEMO_SLUG).exists():
        return "Demo conversation is already loaded."
    conversation = create_conversation(
        DEMO_QUESTION,
        slug=DEMO_SLUG,
        description=(
            "At Community Voices in Sheffield we asked what would help community "
            "development work better across the North. Vote on what people said, add "
            "your own view, and see where people agree."
        ),
        event=Event.objects.filter(slug=DEMO_EVENT_SLUG).first(),
        moderation=Conversation.Moderation.POST,
        seed_statements=[text for text, _ in SEED_STATEMENTS],
    )
    rng = np.random.default_rng(SEED)
    outlooks = rng.choice(3, size=N_PARTICIPANTS, p=OUTLOOK_WEIGHTS)
    participants: list[Participant] = [
        get_or_create_participant(
            conversation, browser_key=uuid.UUID(int=rng.integers(1, 2**63).item())
        )
        for _ in range(N_PARTICIPANTS)
    ]
    # The first participants each add a statement of their own, which the rest then see; a
    # moderator has been through all but the last few.
    for n, (author, (text, _)) in enumerate(
        zip(participants, PARTICIPANT_STATEMENTS, strict=False)
    ):
        statement = check_add_statement(author, text=text)
        if n < len(PARTICIPANT_STATEMENTS) - N_UNMODERATED:
            accept_statement(statement)
    rates = [r for _, r in SEED_STATEMENTS + PARTICIPANT_STATEMENTS]
    statement_ids = list(
        conversation.statements.order_by("pk").values_list("pk", flat=True)
    )
    n_votes = 0
    for participant, outlook in zip(participants, outlooks, strict=True):
        ballot = _ballot(rng, [r[outlook] for r in rates], statement_ids)
        n_votes += record_ballot(participant, choices=ballot)
    # A late arrival nearly repeats a seed, for the moderator's queue to flag.
    check_add_statement(participants[-1], text=NEAR_REPEAT)
    result = compute_opinion_result(conversation)
    n_groups = len(result.data.get("groups", [])) if result else 0
    return (
        f"1 conversation: {len(statement_ids) + 1} statements, {N_PARTICIPANTS} participants, "
        f"{n_votes} votes, {n_groups} opinion groups"
    )
