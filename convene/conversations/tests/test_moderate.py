import pytest
from django.test import Client

from convene.conversations.models import Conversation, Statement
from convene.conversations.tests.helpers import (
    add_statement,
    make_conversation,
    make_participant,
    seeds,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation() -> Conversation:
    return make_conversation(moderation="pre")


@pytest.fixture
def pending(conversation: Conversation) -> Statement:
    return add_statement(
        make_participant(conversation), "Funders should commit for five years, not one!"
    )


def _url(conversation: Conversation, statement: Statement, action: str) -> str:
    return f"/conversations/{conversation.slug}/moderate/{statement.pk}/{action}/"


def test_queue_shows_pending_statements_and_near_repeats(
    organiser_client: Client, conversation: Conversation, pending: Statement
) -> None:
    response = organiser_client.get(f"/conversations/{conversation.slug}/moderate/")

    assert response.status_code == 200
    page = response.content.decode()
    assert pending.text in page
    assert f"Nearly repeats statement {seeds(conversation)[0].pk}" in page


def test_accept_makes_the_statement_votable(
    organiser_client: Client, conversation: Conversation, pending: Statement
) -> None:
    response = organiser_client.post(_url(conversation, pending, "accept"))

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Statement.Status.ACCEPTED
    assert pending.moderated_at is not None
    assert pending in Statement.objects.visible()


def test_reject_records_the_reason(
    organiser_client: Client, conversation: Conversation, pending: Statement
) -> None:
    response = organiser_client.post(
        _url(conversation, pending, "reject"), {"reason": "Repeats statement 1"}
    )

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Statement.Status.REJECTED
    assert pending.rejection_reason == "Repeats statement 1"
    page = organiser_client.get(f"/conversations/{conversation.slug}/moderate/")
    assert page.status_code == 200
    assert "Repeats statement 1" in page.content.decode()


def test_reject_without_a_reason_is_refused(
    organiser_client: Client, conversation: Conversation, pending: Statement
) -> None:
    response = organiser_client.post(
        _url(conversation, pending, "reject"), {"reason": " "}
    )

    assert response.status_code == 400
    assert "Give a reason" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Statement.Status.PENDING


def test_a_reason_over_the_limit_is_refused_and_kept_to_shorten(
    organiser_client: Client, conversation: Conversation, pending: Statement
) -> None:
    reason = " ".join(["Names a person who has not agreed to be named here."] * 5)

    response = organiser_client.post(
        _url(conversation, pending, "reject"), {"reason": reason}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert (
        f"Statement {pending.pk}: Ensure this value has at most 200 characters "
        f"(it has {len(reason)})." in page
    )
    assert "Give a reason" not in page
    assert f'value="{reason}"' in page
    pending.refresh_from_db()
    assert pending.status == Statement.Status.PENDING
    assert pending.rejection_reason == ""
    assert pending.moderated_at is None


def test_staff_add_seed_statements(
    organiser_client: Client, conversation: Conversation
) -> None:
    response = organiser_client.post(
        f"/conversations/{conversation.slug}/moderate/seed/",
        {"text": "Youth workers need secure contracts."},
    )

    assert response.status_code == 302
    seed = Statement.objects.get(text="Youth workers need secure contracts.")
    assert seed.is_seed
    assert seed.status == Statement.Status.ACCEPTED


def test_a_seed_statement_that_repeats_one_word_for_word_is_refused(
    organiser_client: Client, conversation: Conversation
) -> None:
    first = seeds(conversation)[0]
    before = Statement.objects.count()

    response = organiser_client.post(
        f"/conversations/{conversation.slug}/moderate/seed/",
        {"text": first.text.upper() + "!"},
    )

    assert response.status_code == 400
    assert f"Statement {first.pk} already says this" in response.content.decode()
    assert Statement.objects.count() == before


def test_staff_can_remove_an_accepted_seed_statement_from_the_moderate_page(
    organiser_client: Client, conversation: Conversation
) -> None:
    first = seeds(conversation)[0]
    page = organiser_client.get(f"/conversations/{conversation.slug}/moderate/")
    assert page.status_code == 200
    assert f"Remove statement {first.pk}" in page.content.decode()

    response = organiser_client.post(
        _url(conversation, first, "reject"), {"reason": "Asked twice"}
    )

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Statement.Status.REJECTED
    assert first not in Statement.objects.visible()
    after = organiser_client.get(response["Location"]).content.decode()
    assert f"Removed from the conversation: “{first.text}”" in after


def test_reloading_a_refused_form_goes_back_to_the_moderate_page(
    organiser_client: Client, conversation: Conversation, pending: Statement
) -> None:
    # A refusal is shown at the form's own address; the browser reloads it with a GET.
    moderate = f"/conversations/{conversation.slug}/moderate/"
    for url in (_url(conversation, pending, "reject"), moderate + "seed/"):
        response = organiser_client.get(url)

        assert response.status_code == 302
        assert response["Location"] == moderate


def test_visitors_are_sent_to_log_in(
    visitor: Client, conversation: Conversation, pending: Statement
) -> None:
    for response in [
        visitor.get(f"/conversations/{conversation.slug}/moderate/"),
        visitor.post(_url(conversation, pending, "accept")),
        visitor.post(_url(conversation, pending, "reject"), {"reason": "No"}),
        visitor.post(
            f"/conversations/{conversation.slug}/moderate/seed/", {"text": "Hi"}
        ),
    ]:
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    pending.refresh_from_db()
    assert pending.status == Statement.Status.PENDING
    assert Statement.objects.count() == 4


def test_members_may_not_moderate(
    member_client: Client, conversation: Conversation, pending: Statement
) -> None:
    for response in [
        member_client.get(f"/conversations/{conversation.slug}/moderate/"),
        member_client.post(_url(conversation, pending, "accept")),
        member_client.post(_url(conversation, pending, "reject"), {"reason": "No"}),
    ]:
        assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == Statement.Status.PENDING


def test_a_statement_of_another_conversation_is_not_found(
    organiser_client: Client, pending: Statement
) -> None:
    other = make_conversation(slug="other", question="Another question?")

    response = organiser_client.post(_url(other, pending, "accept"))

    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == Statement.Status.PENDING
