from django.urls import path

from convene.blog import feeds, views

app_name = "blog"
urlpatterns = [
    path("", views.post_list, name="list"),
    path("feed/rss/", feeds.LatestPostsRss(), name="feed-rss"),
    path("feed/atom/", feeds.LatestPostsAtom(), name="feed-atom"),
    path("authors/<slug:slug>/", views.author_detail, name="author"),
    path("<slug:slug>/", views.post_detail, name="detail"),
]
