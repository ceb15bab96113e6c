from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "convene.members"
    label = "members"
