import uuid
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks

from convene.conversations.models import Participant, Vote
from convene.conversations.services import check_cast_vote, get_or_create_participant
from convene.conversations.tests.helpers import make_conversation, seeds
from convene.events.models import Event, Registration
from convene.events.services import register_attendee
from convene.events.tests.helpers import make_event
from convene.members import retention
from convene.members.models import Member
from convene.members.registry import Retention
from convene.members.tests.helpers import make_member

pytestmark = pytest.mark.django_db


def _event_that_ended(days_ago: int, *needs: str) -> list[Registration]:
    event = make_event()
    registrations = [
        register_attendee(
            event, name=f"Attendee {n}", email=f"a{n}@example.org", access_needs=need
        )
        for n, need in enumerate(needs)
    ]
    ended = timezone.now() - timedelta(days=days_ago)
    Event.objects.filter(pk=event.pk).update(
        starts_at=ended - timedelta(hours=4), ends_at=ended
    )
    return registrations


def _needs(registrations: list[Registration]) -> list[str]:
    return [
        Registration.objects.get(pk=registration.pk).access_needs
        for registration in registrations
    ]


@pytest.fixture
def anonymous_voter() -> Participant:
    """Someone who voted without logging in, 400 days ago, and never came back."""
    with time_machine.travel(timezone.now() - timedelta(days=400)):
        conversation = make_conversation()
        participant = get_or_create_participant(conversation, browser_key=uuid.uuid4())
        check_cast_vote(participant, statement_id=seeds(conversation)[0].pk, choice=1)
    return participant


def test_the_run_erases_what_is_past_its_time_and_nothing_else(
    anonymous_voter: Participant, member: User
) -> None:
    # given needs from an event 40 days ago and one 10 days ago, an account never
    # confirmed 31 days ago, and an anonymous browser idle for 400 days
    old = _event_that_ended(40, "Step-free access", "Vegan lunch")
    recent = _event_that_ended(10, "Hearing loop")
    with time_machine.travel(timezone.now() - timedelta(days=31)):
        stale = make_member(email="never@example.org", verified=False)
    fresh = make_member(email="soon@example.org", verified=False)

    # when the retention run goes
    call_command("erase_expired")

    # then only what is past its time went
    assert _needs(old) == ["", ""]
    assert _needs(recent) == ["Hearing loop"]
    assert Registration.objects.filter(pk=old[0].pk).exists()  # the place stays
    assert not User.objects.filter(pk=stale.user_id).exists()
    assert Member.objects.filter(pk=fresh.pk).exists()
    assert Member.objects.filter(user=member).exists()  # confirmed members stay
    anonymous_voter.refresh_from_db()
    assert anonymous_voter.browser_key is None
    assert Vote.objects.filter(participant=anonymous_voter).count() == 1


def test_a_retention_setting_of_zero_keeps_that_kind(
    settings: Any,
) -> None:
    old = _event_that_ended(40, "Step-free access")
    settings.RETENTION_ATTENDEE_NEEDS_DAYS = 0

    call_command("erase_expired")

    assert _needs(old) == ["Step-free access"]


class Stopped(Exception):
    """The process dying after its first batch was committed."""


def test_an_interrupted_run_resumes_without_erasing_twice_or_skipping() -> None:
    # given five attendees' needs past their time
    registrations = _event_that_ended(40, *(f"Need {n}" for n in range(5)))
    erased: list[int] = []

    def die_after_first_batch(kind: Retention, count: int) -> None:
        erased.append(count)
        raise Stopped

    # when a run is cut short after its first batch of two
    with pytest.raises(Stopped):
        retention.erase_expired(batch_size=2, on_batch=die_after_first_batch)

    # then that batch stands, and the staff page's count says what is left
    assert _needs(registrations).count("") == 2
    [needs] = [
        item for item in retention.status() if item.retention.key == "attendee_needs"
    ]
    assert needs.due_now.count == 3

    # and the next run erases exactly the three left
    done = retention.erase_expired(batch_size=2)
    assert done["attendee_needs"] == 3
    assert [*erased, done["attendee_needs"]] == [2, 3]
    assert _needs(registrations) == [""] * 5
    assert retention.erase_expired()["attendee_needs"] == 0


def test_staff_page_says_what_will_be_erased_next(
    organiser_client: Client, anonymous_voter: Participant
) -> None:
    _event_that_ended(40, "Step-free access", "Vegan lunch")
    _event_that_ended(28, "Hearing loop")  # falls due in two days

    response = organiser_client.get(reverse("members:retention"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Attendees&#x27; access and dietary needs" in page
    assert "RETENTION_ATTENDEE_NEEDS_DAYS" in page
    [needs] = [
        item
        for item in response.context["statuses"]
        if item.retention.key == "attendee_needs"
    ]
    assert needs.due_now.count == 2
    assert needs.due_within_week == 1
    oldest = timezone.localtime(timezone.now() - timedelta(days=40))
    assert oldest.strftime("%-d %B %Y") in page
    [browsers] = [
        item
        for item in response.context["statuses"]
        if item.retention.key == "anonymous_participants"
    ]
    assert browsers.due_now.count == 1


def test_staff_find_the_page_from_the_members_list(organiser_client: Client) -> None:
    response = organiser_client.get(reverse("admin:members_member_changelist"))

    assert reverse("members:retention") in response.content.decode()


def test_staff_can_run_it_now(
    organiser_client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    old = _event_that_ended(40, "Step-free access")

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(reverse("members:retention"))

    assert response.status_code == 302
    assert _needs(old) == [""]


def test_only_staff_see_the_retention_page(
    member_client: Client, visitor: Client
) -> None:
    for client in (member_client, visitor):
        response = client.get(reverse("members:retention"))
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
