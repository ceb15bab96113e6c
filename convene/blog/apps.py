from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "convene.blog"
    label = "blog"
