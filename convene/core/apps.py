from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "convene.core"
    label = "core"
    verbose_name = "Site"

    def ready(self) -> None:
        from convene.core import lookups  # noqa: F401 (registers the integer `in` lookup)
