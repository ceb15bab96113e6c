from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "convene.themes"
    label = "themes"
