from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("convene.core.urls")),
    path("members/", include("convene.members.urls")),
    path("privacy/", include("convene.members.privacy_urls")),
    path("blog/", include("convene.blog.urls")),
    path("events/", include("convene.events.urls")),
    path("themes/", include("convene.themes.urls")),
    path("conversations/", include("convene.conversations.urls")),
    path("admin/", admin.site.urls),
]
