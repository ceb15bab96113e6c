"""People choose a table when they register, or the organiser shares them out."""

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from convene.conversations.organising import create_discussion_group
from convene.events.models import Registration
from convene.events.tests.helpers import (
    make_event,
    make_event_today,
    make_registration,
)
from convene.events.tests.tables_helpers import make_table_scene


def test_someone_registering_chooses_a_table(visitor: Client, organiser: User) -> None:
    scene = make_table_scene(organiser)
    url = reverse("events:register", args=[scene.event.slug])
    form = visitor.get(url).content.decode()
    assert "Table 3: Young people and work" in form

    visitor.post(
        url, {"name": "Rae", "email": "rae@example.org", "table": scene.table.pk}
    )

    assert Registration.objects.get(email="rae@example.org").table == scene.table
    page = scene.client_for(scene.facilitator).get(scene.url("table")).content.decode()
    assert "Rae" in page


def test_an_event_without_tables_asks_nothing_about_them(
    visitor: Client, db: None
) -> None:
    event = make_event()

    form = visitor.get(reverse("events:register", args=[event.slug])).content.decode()

    assert "Which table" not in form


def test_a_table_from_another_event_is_refused_and_nothing_saved(
    visitor: Client, organiser: User
) -> None:
    scene = make_table_scene(organiser)
    elsewhere = create_discussion_group(make_event(), name="Table 9")
    url = reverse("events:register", args=[scene.event.slug])

    response = visitor.post(
        url, {"name": "Rae", "email": "rae@example.org", "table": elsewhere.pk}
    )

    assert response.status_code == 400
    assert not Registration.objects.filter(email="rae@example.org").exists()


def test_a_full_table_is_not_offered(visitor: Client, organiser: User) -> None:
    event = make_event()
    small = create_discussion_group(event, name="Small table", capacity=1)
    create_discussion_group(event, name="Big table")
    make_registration(event, name="First in").__class__.objects.filter(
        name="First in"
    ).update(table=small)

    form = visitor.get(reverse("events:register", args=[event.slug])).content.decode()

    assert "Big table" in form
    assert "Small table" not in form


def test_the_organiser_shares_people_out_evenly(
    organiser_client: Client, db: None
) -> None:
    event = make_event(capacity=None)
    tables = [
        create_discussion_group(event, name=f"Table {n}", capacity=3) for n in (1, 2)
    ]
    for n in range(7):
        make_registration(event, name=f"Person {n}")

    organiser_client.post(reverse("events:tables-share-out", args=[event.slug]))

    counts = sorted(Registration.objects.filter(table=t).count() for t in tables)
    assert counts == [3, 3]  # two tables of three seats: the seventh waits for a seat
    assert Registration.objects.filter(event=event, table__isnull=True).count() == 1
    listing = organiser_client.get(
        reverse("events:tables", args=[event.slug])
    ).content.decode()
    assert "3 registered of 3 seats" in listing


def test_someone_walking_in_chooses_a_table_at_the_door(
    organiser_client: Client, db: None
) -> None:
    event = make_event_today(title="Community Voices: Sheffield", capacity=None)
    table = create_discussion_group(event, name="Table 2", topic="Transport")
    url = reverse("events:walk-in", args=[event.slug])
    assert "Table 2: Transport" in organiser_client.get(url).content.decode()

    organiser_client.post(url, {"name": "Dev Patel", "table": table.pk})

    assert Registration.objects.get(name="Dev Patel").table == table
