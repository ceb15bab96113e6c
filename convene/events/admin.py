from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from convene.core.forms import URLS_ASSUME_HTTPS
from convene.events.exports import registrations_csv
from convene.events.models import Event, Registration, Series, Session, Speaker, Venue
from convene.events.services import (
    CheckInError,
    RegistrationError,
    cancel_registration,
    check_in,
    fill_free_places,
    is_registered,
    record_registration,
    update_registration_details,
)


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

    def save_model(
        self, request: HttpRequest, obj: Event, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            promoted = fill_free_places(obj)
            if promoted:
                self.message_user(
                    request,
                    f"{len(promoted)} people on the waiting list now have a place "
                    "and have been emailed.",
                )


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


class RegistrationAdminForm(forms.ModelForm[Registration]):
    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        # One live registration per address and event. Django skips its own check of that
        # constraint here, as status isn't on the form, so without this a duplicate would
        # reach the services and fail the page instead of the form.
        event = self.instance.event if self.instance.pk else cleaned.get("event")
        email = cleaned.get("email")
        live = self.instance.status != Registration.Status.CANCELLED
        if (
            event
            and email
            and live
            and is_registered(event, email, other_than=self.instance.pk)
        ):
            address = email.strip().lower()
            self.add_error("email", f"{address} is already registered for this event.")
        return cleaned


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin[Registration]):
    form = RegistrationAdminForm
    list_display = ["name", "email", "event", "status", "channel", "code", "created_at"]
    list_filter = ["event", "status", "channel"]
    search_fields = ["name", "email", "organisation", "code"]
    list_select_related = ["event"]
    # A place, its status and its code change only through the services (the actions
    # below, and saving): they keep the waiting list moving, send the emails and update
    # every door page, which a plain save would not.
    readonly_fields = [
        "user",
        "status",
        "channel",
        "entered_by",
        "over_capacity",
        "code",
        "created_at",
        "checked_in_at",
        "checked_in_by",
        "cancelled_at",
    ]
    actions = [export_csv, "check_in_selected", "cancel_selected"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: Registration | None = None
    ) -> list[str]:
        fields = list(self.readonly_fields)
        if obj is not None:
            # Moving a place to another event would skip that event's capacity.
            fields.insert(0, "event")
        return fields

    def save_model(
        self, request: HttpRequest, obj: Registration, form: Any, change: bool
    ) -> None:
        if change:
            update_registration_details(
                obj,
                name=obj.name,
                email=obj.email,
                organisation=obj.organisation,
                access_needs=obj.access_needs,
            )
            return
        # Taken by phone or on paper: a place if one is free, else the waiting list.
        made = record_registration(
            obj.event,
            name=obj.name,
            email=obj.email,
            organisation=obj.organisation,
            access_needs=obj.access_needs,
            phone=obj.phone,
            entered_by=request.user if isinstance(request.user, User) else None,
        )
        # The admin carries on (its log, its redirect) with the row the service made.
        obj.pk = made.pk
        obj.status, obj.code, obj.email = made.status, made.code, made.email
        obj._state.adding = False

    @admin.action(description="Check in the selected people")
    def check_in_selected(
        self, request: HttpRequest, queryset: QuerySet[Registration]
    ) -> None:
        done = 0
        for registration in queryset.select_related("event"):
            try:
                check_in(
                    registration.event,
                    code=registration.code,
                    by=request.user if isinstance(request.user, User) else None,
                )
            except CheckInError as refused:
                self.message_user(request, refused.message, messages.WARNING)
            else:
                done += 1
        self.message_user(request, f"Checked in {done}.")

    @admin.action(description="Cancel the selected places (the waiting list moves up)")
    def cancel_selected(
        self, request: HttpRequest, queryset: QuerySet[Registration]
    ) -> None:
        done = promoted = already = 0
        for registration in queryset:
            if registration.status == Registration.Status.CANCELLED:
                already += 1
                continue
            try:
                moved_up = cancel_registration(registration)
            except RegistrationError as refused:
                self.message_user(
                    request, f"{registration.name}: {refused.message}", messages.WARNING
                )
            else:
                done += 1
                promoted += moved_up is not None
        summary = (
            f"Cancelled {done}; {promoted} from the waiting list now have a place."
        )
        if already:
            summary += f" {already} were already cancelled and are unchanged."
        self.message_user(request, summary)
