from typing import Any

from django.test import Client
from django.urls import reverse

from convene.events.tests.helpers import in_days, make_event


def test_lists_upcoming_events_then_past_ones(visitor: Client, db: None) -> None:
    make_event(
        title="Last year's day", starts_at=in_days(-30, 10), ends_at=in_days(-30, 16)
    )
    make_event(title="Next month's day")
    make_event(title="A hidden draft", is_published=False)

    response = visitor.get(reverse("events:list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Next month&#x27;s day") < html.index("Last year&#x27;s day")
    assert "A hidden draft" not in html


def test_past_events_are_paginated(visitor: Client, db: None) -> None:
    for day in range(1, 13):
        make_event(
            title=f"Past day {day}",
            starts_at=in_days(-day, 10),
            ends_at=in_days(-day, 16),
        )

    first = visitor.get(reverse("events:list"))
    second = visitor.get(reverse("events:list"), {"page": 2})

    assert first.status_code == second.status_code == 200
    assert "Past day 1<" in first.content.decode()
    assert "Page 1 of 2" in first.content.decode()
    assert "Past day 12<" in second.content.decode()


def test_list_queries_do_not_grow_with_events(
    visitor: Client, db: None, django_assert_num_queries: Any
) -> None:
    for day in range(1, 4):
        make_event(starts_at=in_days(day, 10), ends_at=in_days(day, 16))
        make_event(starts_at=in_days(-day, 10), ends_at=in_days(-day, 16))

    # upcoming, past count, past page
    with django_assert_num_queries(3):
        response = visitor.get(reverse("events:list"))

    assert response.status_code == 200
