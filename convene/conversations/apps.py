from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "convene.conversations"
    label = "conversations"
