"""A facilitator enters the views of someone at their table who has no phone."""

from django.contrib.auth.models import User
from django.urls import reverse

from convene.conversations.models import Participant, Statement, TablePerson, Vote
from convene.conversations.services import check_cast_vote, get_or_create_participant
from convene.events.tests.tables_helpers import make_table_scene
from convene.members.models import Role
from convene.members.tests.helpers import make_member


def _add(scene, client, **fields) -> TablePerson:  # type: ignore[no-untyped-def]
    client.post(scene.url("table-people"), {"consents": "on", **fields})
    return TablePerson.objects.order_by("pk").last()  # type: ignore[return-value]


def test_someone_known_by_nothing_is_numbered_at_the_table(organiser: User) -> None:
    scene = make_table_scene(organiser)
    client = scene.client_for(scene.facilitator)

    first = _add(scene, client, label="")
    second = _add(scene, client, label="JB")

    assert first.display_name == "Table 3, person 1"
    assert second.display_name == "JB (Table 3, person 2)"
    page = client.get(scene.url("table")).content.decode()
    assert "Table 3, person 1: enter their views" in page


def test_votes_entered_count_as_that_persons_own_with_channel_and_who(
    organiser: User,
) -> None:
    scene = make_table_scene(organiser)
    client = scene.client_for(scene.facilitator)
    person = _add(scene, client, label="Pat")
    entry = scene.url("table-entry", person.pk)
    page = client.get(entry).content.decode()
    first = Statement.objects.filter(conversation=scene.conversation).order_by("pk")
    shown = next(s for s in first if s.text in page)

    client.post(entry, {"statement": shown.pk, "choice": "1"})
    client.post(entry, {"statement": shown.pk, "choice": "1"})  # a double tap

    vote = Vote.objects.get()
    assert (vote.choice, vote.channel, vote.entered_by) == (
        1,
        "facilitator",
        scene.facilitator,
    )
    assert vote.participant.external_ref == f"table-person-{person.pk}"
    assert Vote.objects.counted_in(scene.conversation).count() == 1
    assert shown.text not in client.get(entry).content.decode()  # on to the next
    results = client.get(
        reverse("conversations:results", args=[scene.conversation.slug])
    )
    assert "Entered by a facilitator" in results.content.decode()


def test_a_member_at_the_table_is_counted_once_with_their_own_online_votes(
    organiser: User,
) -> None:
    scene = make_table_scene(organiser)
    mina = make_member(email="mina.t@example.org", name="Mina Tablemate").user
    statements = list(scene.conversation.statements.order_by("pk"))
    check_cast_vote(
        get_or_create_participant(scene.conversation, user=mina),
        statement_id=statements[0].pk,
        choice=-1,
    )
    client = scene.client_for(scene.facilitator)
    found = client.get(scene.url("table"), {"find": "Tablemate"}).content.decode()
    assert "Add Mina Tablemate" in found
    person = _add(scene, client, label="Mina Tablemate", user=str(mina.pk))

    client.post(
        scene.url("table-entry", person.pk),
        {"statement": statements[1].pk, "choice": "0"},
    )

    assert Participant.objects.filter(conversation=scene.conversation).count() == 1
    assert Vote.objects.filter(participant__user=mina).count() == 2


def test_a_statement_in_their_words_waits_for_the_moderators(organiser: User) -> None:
    scene = make_table_scene(organiser)
    client = scene.client_for(scene.facilitator)
    person = _add(scene, client, label="")

    client.post(
        scene.url("table-entry", person.pk),
        {"text": "The bus stops at six and so do we."},
    )

    statement = Statement.objects.get(text="The bus stops at six and so do we.")
    assert (statement.status, statement.channel, statement.entered_by) == (
        "pending",
        "facilitator",
        scene.facilitator,
    )


def test_entering_for_someone_at_another_table_is_refused(organiser: User) -> None:
    scene = make_table_scene(organiser)
    otto = make_member(email="otto@example.org").user
    Role.objects.create(
        user=otto,
        email="otto@example.org",
        kind="facilitator",
        event=scene.event,
        table=scene.other_table,
    )
    person = _add(scene, scene.client_for(scene.facilitator), label="Pat")
    statement = scene.conversation.statements.order_by("pk")[0]
    otto_client = scene.client_for(otto)
    # Otto, at Table 4, through his own table's address and through Table 3's.
    from django.urls import reverse

    via_own = reverse(
        "events:table-entry", args=[scene.event.slug, scene.other_table.pk, person.pk]
    )
    refused = otto_client.post(via_own, {"statement": statement.pk, "choice": "1"})
    refused_too = otto_client.post(
        scene.url("table-entry", person.pk), {"statement": statement.pk, "choice": "1"}
    )

    assert refused.status_code == 403
    assert (
        "Pat (Table 3, person 1) sits at Table 3, not Table 4"
        in refused.content.decode()
    )
    assert refused_too.status_code == 403
    assert "You do not facilitate Table 3" in refused_too.content.decode()
    assert not Vote.objects.exists()


def test_nothing_is_entered_for_someone_who_did_not_agree_to_be_counted(
    organiser: User,
) -> None:
    scene = make_table_scene(organiser)
    client = scene.client_for(scene.facilitator)
    client.post(scene.url("table-people"), {"label": "Sam"})
    person = TablePerson.objects.get()
    statement = scene.conversation.statements.order_by("pk")[0]

    response = client.post(
        scene.url("table-entry", person.pk),
        {"statement": statement.pk, "choice": "1"},
        follow=True,
    )

    assert "has not agreed to be counted" in response.content.decode()
    assert not Vote.objects.exists()


def test_a_member_hidden_from_the_directory_is_not_found_by_name(
    organiser: User,
) -> None:
    scene = make_table_scene(organiser)
    make_member(
        email="hid@example.org", name="Hidden Tablemate", listed_in_directory=False
    )

    found = scene.client_for(scene.facilitator).get(
        scene.url("table"), {"find": "Tablemate"}
    )

    assert "Hidden Tablemate" not in found.content.decode()
    assert "Nobody called “Tablemate”" in found.content.decode()
