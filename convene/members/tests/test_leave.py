import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertRedirects
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks

from convene.conversations.erasure import WITHDRAWN_REASON
from convene.conversations.models import OpinionResult, Participant, Statement, Vote
from convene.events.models import Registration
from convene.members.models import (
    ConsentRecord,
    Member,
    Membership,
    MembershipChange,
)
from convene.members.tests.everything import Everything, do_everything

pytestmark = pytest.mark.django_db


def test_leave_asks_first_and_says_what_will_go(member_client: Client) -> None:
    response = member_client.get(reverse("members:leave"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "This cannot be undone." in page
    assert "mina@example.org" in page
    assert "Keep them anonymously" in page
    assert "Remove them" in page
    assert User.objects.filter(username="mina@example.org").exists()


def test_leaving_without_choosing_about_votes_changes_nothing(
    member_client: Client, member: User
) -> None:
    response = member_client.post(reverse("members:leave"))

    assert response.status_code == 400
    assert "Please choose what happens to your votes." in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()
    assert "_auth_user_id" in member_client.session


def _leave(client: Client, voice: str) -> str:
    response = client.post(reverse("members:leave"), {"voice": voice}, follow=True)
    assertRedirects(response, reverse("core:home"))
    return response.content.decode()


def _assert_the_person_is_gone(done: Everything, member_id: int) -> None:
    assert not User.objects.filter(pk=done.user.pk).exists()
    assert not Member.objects.filter(pk=member_id).exists()
    assert not ConsentRecord.objects.filter(member_id=member_id).exists()
    assert not Participant.objects.filter(user_id=done.user.pk).exists()
    for registration in Registration.objects.filter(
        pk__in=[done.past_registration.pk, done.future_registration.pk]
    ):
        assert registration.user is None
        assert registration.name == "Former member"
        assert "mina" not in registration.email
        assert registration.access_needs == ""


def test_leaving_and_keeping_votes_anonymously(
    member_client: Client, member: User, other_member: User
) -> None:
    # given a member who has done everything the site allows
    done = do_everything(member)
    member_id = member.member.pk
    votes_before = Vote.objects.filter(conversation=done.conversation).count()

    # when they leave, keeping their votes and statements anonymously
    page = _leave(member_client, "keep")

    # then everything that was theirs is gone or tied to no one
    assert "Your membership has ended" in page
    assert "mina@example.org" in page
    assert "Your 2 event registrations now carry no name or contact details." in page
    assert "counted, but nothing ties them to you" in page
    _assert_the_person_is_gone(done, member_id)
    done.participant.refresh_from_db()
    assert done.participant.user is None
    assert done.participant.browser_key is None
    assert done.participant.external_ref == ""
    assert Vote.objects.filter(conversation=done.conversation).count() == votes_before
    assert Statement.objects.filter(author=done.participant).count() == 2
    assert Member.objects.count() == 1  # other_member is untouched
    assert "_auth_user_id" not in member_client.session


def test_leaving_and_removing_votes(
    member_client: Client,
    member: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    # given a member who has done everything, and an opinion map counting their votes
    done = do_everything(member)
    member_id = member.member.pk

    # when they leave, removing their votes and statements
    with django_capture_on_commit_callbacks(execute=True):
        page = _leave(member_client, "remove")

    # then their votes are gone and the map is worked out again without them
    assert "Your votes and statements have been removed." in page
    _assert_the_person_is_gone(done, member_id)
    assert not Participant.objects.filter(pk=done.participant.pk).exists()
    remaining = Vote.objects.filter(conversation=done.conversation)
    assert set(remaining.values_list("participant", flat=True)) == {done.neighbour.pk}
    result = OpinionResult.objects.get(conversation=done.conversation)
    assert result.n_votes == remaining.count()
    assert done.participant.pk not in result.participant_ids
    # a statement nobody else voted on is gone
    assert not Statement.objects.filter(pk=done.lonely_statement.pk).exists()
    # one others voted on takes no new votes, is tied to no one, and their votes on it
    # still count in the results
    kept = Statement.objects.get(pk=done.voted_on_statement.pk)
    assert kept.author is None
    assert kept.status == Statement.Status.WITHDRAWN
    assert kept.rejection_reason == WITHDRAWN_REASON
    assert not Statement.objects.visible().filter(pk=kept.pk).exists()
    assert Vote.objects.filter(statement=kept, participant=done.neighbour).exists()


def test_leaving_gives_up_a_place_to_come_and_the_waiting_list_moves(
    member_client: Client, member: User
) -> None:
    done = do_everything(member)
    assert done.waiting.status == Registration.Status.WAITING

    _leave(member_client, "keep")

    done.future_registration.refresh_from_db()
    done.waiting.refresh_from_db()
    done.past_registration.refresh_from_db()
    assert done.future_registration.status == Registration.Status.CANCELLED
    assert done.waiting.status == Registration.Status.CONFIRMED
    assert done.past_registration.status == Registration.Status.CONFIRMED


def test_leaving_is_a_post(member_client: Client, member: User) -> None:
    response = member_client.get(reverse("members:leave"))

    assert response.status_code == 200  # the page asking them to confirm
    assert User.objects.filter(pk=member.pk).exists()


def test_leaving_is_counted_as_a_departure_that_names_no_one(
    member_client: Client, member: User
) -> None:
    # given a member whose membership is active
    assert member.member.membership.status == Membership.Status.ACTIVE

    # when they leave
    _leave(member_client, "keep")

    # then the month's figures count one departure, and the row names no one
    assert not Membership.objects.exists()
    [left] = MembershipChange.objects.filter(kind=MembershipChange.Kind.LEFT)
    assert left.membership is None
    assert left.happened_on == timezone.localdate()
