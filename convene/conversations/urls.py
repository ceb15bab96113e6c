from django.urls import URLPattern, path

from convene.conversations import wall_views

app_name = "conversations"
urlpatterns: list[URLPattern] = [
    path("<slug:slug>/wall/", wall_views.wall, name="wall"),
]
