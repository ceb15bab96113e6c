"""Who may do what with an event: the rules every event page and socket is fetched through.

Staff who run events hold `events.change_event`. An event's organisers manage it like
staff: phone-ins, badges, the attendee list with contact details, its CSV, the team. Its
door volunteers work the door: search, walk-ins, check-in, paper arrivals, the door list and
the attendee list, with names, codes, arrival and access needs, never emails or phone
numbers. Anyone with a role at an unpublished event may see it, to get ready.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404

from convene.conversations.models import DiscussionGroup, TablePerson
from convene.core.staff import staff_may
from convene.events.models import Event
from convene.members.models import Role
from convene.members.roles import facilitates_table, works_at_event

EVENT_STAFF_PERMISSION = "events.change_event"

Person = User | AnonymousUser


def runs_events(user: Person) -> bool:
    return staff_may(user, EVENT_STAFF_PERMISSION)


def may_see_event(user: Person, event: Event) -> bool:
    if event.is_published:
        return True
    if runs_events(user):
        return True
    return works_at_event(user, event.pk)


def may_manage_event(user: Person, event: Event) -> bool:
    """Staff and the event's organisers: contact details, the CSV, the team."""
    if runs_events(user):
        return True
    return works_at_event(user, event.pk, Role.Kind.ORGANISER)


def may_work_the_door(user: Person, event: Event) -> bool:
    if may_manage_event(user, event):
        return True
    return works_at_event(user, event.pk, Role.Kind.DOOR)


def may_see_attendees(user: Person, event: Event) -> bool:
    """Names, codes, arrival and access needs: what the door works from."""
    return may_work_the_door(user, event)


def may_see_contact_details(user: Person, event: Event) -> bool:
    """Attendees' email addresses and phone numbers, and the CSV that carries them."""
    return may_manage_event(user, event)


def may_read_table_notes(user: Person, event: Event) -> bool:
    """Tables' notes, unpublished: the event's organisers, facilitators and staff."""
    if may_manage_event(user, event):
        return True
    return works_at_event(user, event.pk, Role.Kind.FACILITATOR)


def may_facilitate(user: Person, table: DiscussionGroup) -> bool:
    """Write the table's notes and enter views for the people at it."""
    if may_manage_event(user, table.event):
        return True
    return facilitates_table(user, table.event_id, table.pk)


def assignable_kinds(user: Person, event: Event) -> list[Role.Kind]:
    """The roles `user` may give at the event: organisers give every role but their own."""
    if runs_events(user):
        return [Role.Kind.ORGANISER, Role.Kind.FACILITATOR, Role.Kind.DOOR]
    if works_at_event(user, event.pk, Role.Kind.ORGANISER):
        return [Role.Kind.FACILITATOR, Role.Kind.DOOR]
    return []


def _event(slug: str) -> Event:
    event = Event.objects.select_related("venue", "series").filter(slug=slug).first()
    if event is None:
        raise Http404("No such event.")
    return event


def get_event_for(user: Person, slug: str) -> Event:
    """The event as `user` may see it; an unpublished one is unknown to everyone else."""
    event = _event(slug)
    if not may_see_event(user, event):
        raise Http404("No such event.")
    return event


def get_event_to_manage(user: Person, slug: str) -> Event:
    event = get_event_for(user, slug)
    if not may_manage_event(user, event):
        raise PermissionDenied("Only the event's organisers and staff manage it.")
    return event


def get_event_for_door(user: Person, slug: str) -> Event:
    event = get_event_for(user, slug)
    if not may_work_the_door(user, event):
        raise PermissionDenied("Only the event's door team, organisers and staff.")
    return event


def get_table_for(user: Person, slug: str, pk: int) -> DiscussionGroup:
    """A table of the event, for those who may read its notes."""
    event = get_event_for(user, slug)
    table = DiscussionGroup.objects.filter(event=event, pk=pk).first()
    if table is None:
        raise Http404("No such table at this event.")
    table.event = event
    if not may_read_table_notes(user, event):
        raise PermissionDenied("Only the event's organisers, facilitators and staff.")
    return table


def get_table_to_facilitate(user: Person, slug: str, pk: int) -> DiscussionGroup:
    table = get_table_for(user, slug, pk)
    if not may_facilitate(user, table):
        raise PermissionDenied(
            f"You do not facilitate {table.name}: only its facilitator, the event's "
            "organisers and staff write its notes and enter views there."
        )
    return table


def get_person_at_table(table: DiscussionGroup, person_pk: int) -> TablePerson:
    """Someone at this table; someone at another table is refused, not silently found."""
    person = TablePerson.objects.select_related("group").filter(pk=person_pk).first()
    if person is None:
        raise Http404("No such person.")
    if person.group_id != table.pk:
        raise PermissionDenied(
            f"{person.display_name} sits at {person.group.name}, not {table.name}: "
            "their own table's facilitator enters their views."
        )
    person.group = table
    return person
