"""The privacy notice at its own short address, /privacy/, linked from every form."""

from django.urls import path

from convene.members import privacy_views

app_name = "privacy"
urlpatterns = [path("", privacy_views.notice, name="notice")]
