import pytest
from django.test import Client
from django.urls import reverse

from convene.conversations.organising import create_discussion_group
from convene.events.models import Event, Registration
from convene.events.tests.helpers import make_event, make_registration
from convene.events.tests.pdf_reading import read_pdf


@pytest.fixture
def event(db: None) -> Event:
    return make_event(title="Community Voices: Sheffield", capacity=None)


@pytest.mark.parametrize(("sheet", "per_page"), [("3x7", 21), ("2x4", 8)])
def test_badges_fill_a4_label_sheets_with_names_and_organisations(
    organiser_client: Client, event: Event, sheet: str, per_page: int
) -> None:
    people = [
        make_registration(event, name=f"Person {n:02}", organisation=f"Group {n:02}")
        for n in range(per_page + 1)
    ]

    response = organiser_client.get(
        reverse("events:badges", args=[event.slug]), {"sheet": sheet}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = read_pdf(response.content)
    assert pdf.all_a4()
    assert len(pdf.pages) == 2  # one full sheet, and one badge on the next
    for person in people:
        assert person.name in pdf.text
        assert person.organisation in pdf.text
    assert "Person 00" in pdf.pages[0]
    assert f"Person {per_page:02}" in pdf.pages[1]
    assert "@example.org" not in pdf.text


def test_badges_leave_out_cancelled_and_waiting_people(
    organiser_client: Client,
) -> None:
    event = make_event(capacity=1)
    make_registration(event, name="Has Place")
    make_registration(event, name="Still Waiting")

    response = organiser_client.get(reverse("events:badges", args=[event.slug]))

    text = read_pdf(response.content).text
    assert "Has Place" in text
    assert "Still Waiting" not in text


def test_a_badge_names_the_table_its_wearer_sits_at(
    organiser_client: Client, event: Event
) -> None:
    table = create_discussion_group(event, name="Table 4: Young people and work")
    seated = make_registration(event, name="Sitting Down")
    Registration.objects.filter(pk=seated.pk).update(table=table)
    make_registration(event, name="No Table Yet")

    response = organiser_client.get(reverse("events:badges", args=[event.slug]))

    text = read_pdf(response.content).text
    assert "Table 4: Young people and work" in text
    assert text.count("Table 4") == 1  # on Sitting Down's badge only
