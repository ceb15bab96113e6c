from django.urls import path

from convene.events import door_views, entry_views, table_views, team_views, views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path("series/<slug:slug>/", views.series_detail, name="series"),
    path("tickets/<str:token>/", views.ticket, name="ticket"),
    path("tickets/<str:token>/cancel/", views.cancel, name="cancel"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/event.ics", views.event_ics, name="ics"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/attendees/", views.attendees, name="attendees"),
    path("<slug:slug>/attendees.csv", views.attendees_csv, name="attendees-csv"),
    path("<slug:slug>/check-in/", views.check_in_desk, name="check-in"),
    path("<slug:slug>/check-in/<str:code>/", views.check_in_code, name="check-in-code"),
    path("<slug:slug>/team/", team_views.team, name="team"),
    path(
        "<slug:slug>/team/<int:pk>/remove/",
        team_views.remove_from_team,
        name="team-remove",
    ),
    path("<slug:slug>/door/", door_views.door, name="door"),
    path("<slug:slug>/door/check-in/", door_views.door_check_in, name="door-check-in"),
    path("<slug:slug>/door/walk-in/", door_views.walk_in, name="walk-in"),
    path("<slug:slug>/door/paper/", door_views.paper_arrivals, name="paper-arrivals"),
    path("<slug:slug>/door-list.pdf", door_views.door_list_pdf, name="door-list"),
    path("<slug:slug>/phone-in/", door_views.phone_in, name="phone-in"),
    path("<slug:slug>/badges.pdf", door_views.badges_pdf, name="badges"),
    path("<slug:slug>/tables/", table_views.table_list, name="tables"),
    path(
        "<slug:slug>/tables/share-out/", table_views.share_out, name="tables-share-out"
    ),
    path("<slug:slug>/tables/<int:pk>/", table_views.table, name="table"),
    path(
        "<slug:slug>/tables/<int:pk>/notes/",
        table_views.table_notes,
        name="table-notes",
    ),
    path(
        "<slug:slug>/tables/<int:pk>/notes/publish/",
        table_views.publish_notes,
        name="table-publish",
    ),
    path(
        "<slug:slug>/tables/<int:pk>/people/",
        table_views.add_person,
        name="table-people",
    ),
    path(
        "<slug:slug>/tables/<int:pk>/facilitator/",
        table_views.give_facilitator,
        name="table-facilitator",
    ),
    path(
        "<slug:slug>/tables/<int:pk>/people/<int:person>/",
        entry_views.table_entry,
        name="table-entry",
    ),
]
