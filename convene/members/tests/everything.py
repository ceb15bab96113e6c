"""A member who has done everything the site allows, built through the services, so the
download and leaving tests can check every item is there and then gone."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from convene.conversations.models import Conversation, Participant, Statement
from convene.conversations.services import (
    check_add_statement,
    check_cast_vote,
    get_or_create_participant,
)
from convene.conversations.tests.helpers import make_conversation, seeds
from convene.events.models import Event, Registration
from convene.events.services import register_attendee
from convene.events.tests.helpers import make_event
from convene.members import consents
from convene.members.models import Member


@dataclass
class Everything:
    user: User
    past_event: Event
    future_event: Event
    past_registration: Registration
    future_registration: Registration
    waiting: Registration
    conversation: Conversation
    participant: Participant
    neighbour: Participant
    voted_on_statement: Statement
    lonely_statement: Statement


def do_everything(user: User) -> Everything:
    member = Member.objects.get(user=user)
    consents.change_consents(
        member,
        {"may_email_events": True, "may_phone": True},
        channel=consents.Channel.PAPER,
        page="Membership form, Northern Assembly",
    )
    consents.change_consents(
        member,
        {"may_phone": False},
        channel=consents.Channel.PHONE,
        page="Call to the office",
    )

    past_event = make_event(title="Northern Assembly")
    past_registration = register_attendee(
        past_event,
        name="Mina Member",
        email=user.email,
        access_needs="Vegetarian lunch",
        user=user,
    )
    ended = timezone.now() - timedelta(days=60)
    Event.objects.filter(pk=past_event.pk).update(
        starts_at=ended - timedelta(hours=6), ends_at=ended
    )

    future_event = make_event(title="Spring Gathering", capacity=1)
    future_registration = register_attendee(
        future_event, name="Mina Member", email=user.email, user=user
    )
    waiting = register_attendee(
        future_event, name="Wendy Waiting", email="wendy@example.org"
    )

    conversation = make_conversation()
    participant = get_or_create_participant(conversation, user=user)
    first, second, _ = seeds(conversation)
    check_cast_vote(participant, statement_id=first.pk, choice=1)
    check_cast_vote(participant, statement_id=second.pk, choice=-1)
    voted_on = check_add_statement(
        participant, text="Small grants should be decided by residents."
    )
    lonely = check_add_statement(
        participant, text="Every village hall deserves a defibrillator."
    )
    neighbour = get_or_create_participant(conversation, browser_key=uuid.uuid4())
    check_cast_vote(neighbour, statement_id=voted_on.pk, choice=1)
    check_cast_vote(neighbour, statement_id=first.pk, choice=-1)
    return Everything(
        user=user,
        past_event=past_event,
        future_event=future_event,
        past_registration=past_registration,
        future_registration=future_registration,
        waiting=waiting,
        conversation=conversation,
        participant=participant,
        neighbour=neighbour,
        voted_on_statement=voted_on,
        lonely_statement=lonely,
    )
