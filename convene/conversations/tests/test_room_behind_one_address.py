"""A venue's Wi-Fi puts a whole room behind one address: the room gets in, a script doesn't.

Phones that scan the QR code carry the room's token and count against the room's ceiling;
a script sending each vote or statement with a fresh cookie, without it, is stopped at the
lower ceiling for one connection, with a 429 that says when to try again.
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from convene.conversations.models import Conversation, Participant, Statement, Vote
from convene.conversations.queries import qr_svg_for, room_url, vote_url
from convene.conversations.tests.helpers import make_conversation, seeds
from convene.core.qr import qr_svg

if TYPE_CHECKING:  # the test client's response type exists only in django-stubs
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db

VENUE = "198.51.100.7"  # the venue's one public address
ELSEWHERE = "203.0.113.20"


@pytest.fixture(autouse=True)
def _one_hour() -> Iterator[None]:
    """Everything happens within one clock hour, so no count starts again halfway."""
    with time_machine.travel(timezone.now().replace(minute=5, second=0), tick=False):
        yield


def _phone(address: str = VENUE) -> Client:
    return Client(REMOTE_ADDR=address)


def _room_path(conversation: Conversation) -> str:
    url = urlsplit(room_url(conversation))
    return f"{url.path}?{url.query}"


def _scan(phone: Client, conversation: Conversation) -> None:
    """Open the room link, as the camera app does with the QR code."""
    assert phone.get(_room_path(conversation)).status_code == 200


def _vote(
    phone: Client, conversation: Conversation, statement: Statement
) -> "Response":
    return phone.post(
        f"/conversations/{conversation.slug}/vote/",
        {"statement": statement.pk, "choice": 1},
    )


def _add(phone: Client, conversation: Conversation, text: str) -> "Response":
    return phone.post(f"/conversations/{conversation.slug}/add/", {"text": text})


def test_three_hundred_phones_behind_one_address_all_take_part() -> None:
    conversation = make_conversation()
    first = seeds(conversation)[0]
    phones = [_phone() for _ in range(300)]

    for n, phone in enumerate(phones):
        _scan(phone, conversation)
        assert _vote(phone, conversation, first).status_code == 302
        response = _add(phone, conversation, f"Idea {n} from the room: plant tree {n}.")
        assert response.status_code == 302, response.content.decode()[:2000]

    assert Participant.objects.count() == 300
    assert Vote.objects.filter(statement=first).count() == 300
    assert Statement.objects.filter(is_seed=False).count() == 300


def test_a_script_with_fresh_cookies_is_stopped_at_fifty_people() -> None:
    conversation = make_conversation()
    first = seeds(conversation)[0]

    answers = [_vote(_phone(), conversation, first) for _ in range(60)]

    assert [a.status_code for a in answers].count(302) == 50
    refused = answers[50]
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(55 * 60)
    assert "scan the QR code on the screen" in refused.content.decode()
    assert Participant.objects.count() == Vote.objects.count() == 50


def test_a_script_adding_statements_with_fresh_cookies_is_stopped_at_twenty() -> None:
    conversation = make_conversation()
    texts = [f"Statement number {n} from a script." for n in range(30)]

    answers = [_add(_phone(), conversation, text) for text in texts]

    assert [a.status_code for a in answers].count(302) == 20
    refused = answers[20]
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(55 * 60)
    page = refused.content.decode()
    assert "more than we take from one connection" in page
    assert f"\n{texts[20]}</textarea>" in page  # kept in the box
    assert Statement.objects.filter(is_seed=False).count() == 20


def test_the_room_link_has_a_ceiling_too(settings: Any) -> None:
    settings.ROOM_PARTICIPANTS_PER_ADDRESS_PER_HOUR = 3
    conversation = make_conversation()
    first = seeds(conversation)[0]
    phones = [_phone() for _ in range(4)]
    for phone in phones:
        _scan(phone, conversation)

    answers = [_vote(phone, conversation, first).status_code for phone in phones]

    assert answers == [302, 302, 302, 429]
    assert Participant.objects.count() == 3


def test_a_made_up_room_token_counts_as_no_room_link(settings: Any) -> None:
    settings.PARTICIPANTS_PER_ADDRESS_PER_HOUR = 2
    conversation = make_conversation()
    first = seeds(conversation)[0]
    phones = [_phone() for _ in range(3)]
    for phone in phones:
        phone.get(f"{vote_url(conversation)}?room=0123456789ab")

    answers = [_vote(phone, conversation, first).status_code for phone in phones]

    assert answers == [302, 302, 429]


def test_another_address_and_another_conversation_count_apart(settings: Any) -> None:
    settings.PARTICIPANTS_PER_ADDRESS_PER_HOUR = 1
    conversation = make_conversation()
    other = make_conversation(slug="another-conversation")
    assert _vote(_phone(), conversation, seeds(conversation)[0]).status_code == 302

    elsewhere = _vote(_phone(ELSEWHERE), conversation, seeds(conversation)[0])
    other_conversation = _vote(_phone(), other, seeds(other)[0])
    same_again = _vote(_phone(), conversation, seeds(conversation)[0])

    assert (elsewhere.status_code, other_conversation.status_code) == (302, 302)
    assert same_again.status_code == 429


def test_people_already_taking_part_are_not_held_back(settings: Any) -> None:
    settings.PARTICIPANTS_PER_ADDRESS_PER_HOUR = 1
    conversation = make_conversation()
    first, second, third = seeds(conversation)
    taking_part = _phone()
    assert _vote(taking_part, conversation, first).status_code == 302
    assert _vote(_phone(), conversation, first).status_code == 429

    assert _vote(taking_part, conversation, second).status_code == 302
    assert (
        _add(taking_part, conversation, "More seats at the bus stops.").status_code
        == 302
    )
    assert _vote(taking_part, conversation, third).status_code == 302


def test_members_are_known_by_their_account_not_counted_as_newcomers(
    settings: Any, member_client: Client
) -> None:
    settings.PARTICIPANTS_PER_ADDRESS_PER_HOUR = 1
    conversation = make_conversation()
    first = seeds(conversation)[0]
    assert _vote(_phone(), conversation, first).status_code == 302

    assert _vote(member_client, conversation, first).status_code == 302


def test_the_qr_code_holds_the_room_link() -> None:
    conversation = make_conversation()
    url = vote_url(conversation)

    assert qr_svg_for(conversation) == qr_svg(
        room_url(conversation), title=f"QR code: take part at {url}", scale=6
    )
    assert room_url(conversation).startswith(f"{url}?room=")


def test_a_newcomer_refused_on_the_statement_form_keeps_their_statement(
    settings: Any,
) -> None:
    settings.PARTICIPANTS_PER_ADDRESS_PER_HOUR = 1
    conversation = make_conversation()
    assert _add(_phone(), conversation, "Longer opening hours.").status_code == 302

    refused = _add(_phone(), conversation, "A crossing by the school.")

    assert refused.status_code == 429
    assert refused["Retry-After"] == str(55 * 60)
    page = refused.content.decode()
    assert "scan the QR code on the screen" in page
    assert "\nA crossing by the school.</textarea>" in page  # kept in the box
    assert Participant.objects.count() == 1
