from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "convene.core"
    label = "core"
    verbose_name = "Site"
