from django.urls import URLPattern, path

from convene.conversations import export_views, team_views, views, wall_views

app_name = "conversations"
urlpatterns: list[URLPattern] = [
    path("", views.conversation_list, name="list"),
    path("<slug:slug>/", views.conversation_detail, name="detail"),
    path("<slug:slug>/vote/", views.vote, name="vote"),
    path("<slug:slug>/your-votes/", views.my_votes, name="my-votes"),
    path("<slug:slug>/add/", views.add_statement, name="add-statement"),
    path("<slug:slug>/results/", views.results, name="results"),
    path("<slug:slug>/wall/", wall_views.wall, name="wall"),
    path("<slug:slug>/moderate/", views.moderate, name="moderate"),
    path("<slug:slug>/open/", views.open_or_close, name="open-or-close"),
    path("<slug:slug>/team/", team_views.team, name="team"),
    path(
        "<slug:slug>/team/<int:pk>/remove/",
        team_views.remove_from_team,
        name="team-remove",
    ),
    path(
        "<slug:slug>/export/polis.zip",
        export_views.export_polis,
        name="export-polis",
    ),
    path("<slug:slug>/moderate/seed/", views.seed, name="seed"),
    path(
        "<slug:slug>/moderate/<int:pk>/accept/",
        views.accept,
        name="moderate-accept",
    ),
    path(
        "<slug:slug>/moderate/<int:pk>/reject/",
        views.reject,
        name="moderate-reject",
    ),
    path(
        "<slug:slug>/moderate/<int:pk>/meta/",
        views.mark_meta,
        name="moderate-meta",
    ),
]
