"""A facilitator's table page: who is there, the conversation, and notes that lose nothing."""

from django.contrib.auth.models import User
from django.urls import reverse

from convene.conversations.models import TableNote
from convene.events.tests.tables_helpers import make_table_scene
from convene.members.models import Role
from convene.members.tests.helpers import make_member


def test_facilitator_sees_their_table_and_its_conversation(organiser: User) -> None:
    scene = make_table_scene(organiser)

    page = scene.client_for(scene.facilitator).get(scene.url("table"))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Table 3" in text
    assert "Young people and work" in text
    assert scene.conversation.question in text
    assert "fran@example.org" in text


def test_notes_saved_with_the_plain_button_show_on_the_page(organiser: User) -> None:
    scene = make_table_scene(organiser)
    client = scene.client_for(scene.facilitator)

    response = client.post(scene.url("table-notes"), {"text": "People want **buses**."})

    assert response.status_code == 302
    page = client.get(scene.url("table")).content.decode()
    assert "People want **buses**." in page


def test_two_racing_saves_keep_both_the_later_current(organiser: User) -> None:
    scene = make_table_scene(organiser)
    phone = scene.client_for(scene.facilitator)
    laptop = scene.client_for(organiser)

    phone.post(
        scene.url("table-notes"),
        {"text": "Earlier: transport."},
        headers={"X-Requested-With": "fetch"},
    )
    laptop.post(
        scene.url("table-notes"),
        {"text": "Later: transport and housing."},
        headers={"X-Requested-With": "fetch"},
    )

    versions = list(
        TableNote.objects.filter(group=scene.table).values_list("text", flat=True)
    )
    assert versions == ["Later: transport and housing.", "Earlier: transport."]
    page = phone.get(scene.url("table")).content.decode()
    assert "Earlier versions" in page
    assert "Earlier: transport." in page  # in the history


def test_a_save_answered_by_json_says_when(organiser: User) -> None:
    scene = make_table_scene(organiser)

    response = scene.client_for(scene.facilitator).post(
        scene.url("table-notes"),
        {"text": "Typed on a phone."},
        headers={"X-Requested-With": "fetch"},
    )

    assert response.status_code == 200
    assert "saved_at" in response.json()


def test_notes_too_long_are_refused_and_the_text_kept_in_the_box(
    organiser: User,
) -> None:
    scene = make_table_scene(organiser)
    too_long = "word " * 10_001

    response = scene.client_for(scene.facilitator).post(
        scene.url("table-notes"), {"text": too_long}
    )

    assert response.status_code == 400
    assert "too long to save" in response.content.decode()
    assert too_long.strip() in response.content.decode()
    assert not TableNote.objects.exists()


def test_notes_are_private_to_the_team_until_published(organiser: User) -> None:
    scene = make_table_scene(organiser)
    scene.client_for(scene.facilitator).post(
        scene.url("table-notes"), {"text": "Buses matter most."}
    )
    stranger = scene.client_for(make_member(email="stan@example.org").user)
    event_page = reverse("events:detail", args=[scene.event.slug])

    assert stranger.get(scene.url("table")).status_code == 403
    assert "Buses matter most." not in stranger.get(event_page).content.decode()

    scene.client_for(organiser).post(scene.url("table-publish"), {"published": "yes"})

    shown = stranger.get(event_page).content.decode()
    assert "Notes from the tables" in shown
    assert "Buses matter most." in shown


def test_facilitator_of_another_table_reads_but_may_not_write(organiser: User) -> None:
    scene = make_table_scene(organiser)
    other = make_member(email="otto@example.org").user
    Role.objects.create(
        user=other,
        email="otto@example.org",
        kind=Role.Kind.FACILITATOR,
        event=scene.event,
        table=scene.other_table,
    )
    client = scene.client_for(other)

    assert client.get(scene.url("table")).status_code == 200
    refused = client.post(scene.url("table-notes"), {"text": "Not my table."})

    assert refused.status_code == 403
    assert "You do not facilitate Table 3" in refused.content.decode()
    assert not TableNote.objects.exists()


def test_organiser_makes_someone_the_tables_facilitator(organiser: User) -> None:
    scene = make_table_scene(organiser)

    scene.client_for(organiser).post(
        scene.url("table-facilitator"), {"email": "new.face@example.org"}
    )

    role = Role.objects.get(email="new.face@example.org")
    assert (role.kind, role.table, role.event) == (
        "facilitator",
        scene.table,
        scene.event,
    )


def test_a_facilitator_may_not_choose_facilitators(organiser: User) -> None:
    scene = make_table_scene(organiser)

    response = scene.client_for(scene.facilitator).post(
        scene.url("table-facilitator"), {"email": "friend@example.org"}
    )

    assert response.status_code == 403
    assert not Role.objects.filter(email="friend@example.org").exists()


def test_organiser_adds_a_table_and_bad_input_changes_nothing(organiser: User) -> None:
    scene = make_table_scene(organiser)
    client = scene.client_for(organiser)
    url = reverse("events:tables", args=[scene.event.slug])

    client.post(
        url, {"name": "Table 5", "topic": "Housing", "capacity": "8", "room": "Hall"}
    )
    refused = client.post(url, {"name": "Table 5", "capacity": "-2"})

    assert refused.status_code == 400
    listing = client.get(url).content.decode()
    assert listing.count("Table 5") == 1
    assert "8 seats" in listing


def test_the_events_team_page_names_each_facilitators_table(organiser: User) -> None:
    scene = make_table_scene(organiser)

    page = scene.client_for(organiser).get(
        reverse("events:team", args=[scene.event.slug])
    )

    assert "Facilitator: Table 3" in page.content.decode()
