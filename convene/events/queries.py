from convene.events.models import Event, EventQuerySet


def public_events() -> EventQuerySet:
    return Event.objects.published().select_related("venue", "series")


def upcoming_events() -> EventQuerySet:
    return Event.objects.upcoming().select_related("venue", "series")


def past_events() -> EventQuerySet:
    return Event.objects.past().select_related("venue", "series")
