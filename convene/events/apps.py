from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "convene.events"
    label = "events"
