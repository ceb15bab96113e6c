from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from convene.core.forms import URLS_ASSUME_HTTPS
from convene.events.exports import registrations_csv
from convene.events.models import Event, Registration, Series, Session, Speaker, Venue


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin[Series]):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin[Venue]):
    formfield_overrides = URLS_ASSUME_HTTPS
    list_display = ["name", "postcode"]
    search_fields = ["name", "address", "postcode"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin[Speaker]):
    formfield_overrides = URLS_ASSUME_HTTPS
    list_display = ["name", "role", "organisation"]
    search_fields = ["name", "role", "organisation", "bio"]
    prepopulated_fields = {"slug": ["name"]}


class SessionInline(admin.StackedInline[Session, Event]):
    model = Session
    extra = 1
    formfield_overrides = URLS_ASSUME_HTTPS
    filter_horizontal = ["speakers"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = [
        "title",
        "starts_at",
        "venue",
        "series",
        "capacity",
        "registration_open",
        "is_published",
    ]
    list_filter = ["is_published", "registration_open", "series", "themes"]
    search_fields = ["title", "summary"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]
    inlines = [SessionInline]


@admin.action(description="Download selected registrations as CSV")
def export_csv(
    modeladmin: admin.ModelAdmin[Registration],
    request: HttpRequest,
    queryset: QuerySet[Registration],
) -> HttpResponse:
    return registrations_csv(
        queryset.select_related("event").order_by("event__starts_at", "created_at"),
        "registrations.csv",
    )


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin[Registration]):
    list_display = ["name", "email", "event", "status", "code", "created_at"]
    list_filter = ["event", "status"]
    search_fields = ["name", "email", "organisation", "code"]
    list_select_related = ["event"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "checked_in_at", "cancelled_at"]
    actions = [export_csv]
