from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from convene.blog.queries import published_posts
from convene.conversations.queries import public_conversations
from convene.core.qr import qr_svg
from convene.events import access, live, queries, tables
from convene.events.calendar import calendar_for
from convene.events.door_views import arrived_message
from convene.events.exports import registrations_csv
from convene.events.forms import CheckInForm, RegistrationForm
from convene.events.links import absolute, cancel_path, check_in_code_path, ticket_path
from convene.events.models import Event, Registration, normalise_check_in_code
from convene.events.services import (
    CheckInError,
    RegistrationError,
    cancel_registration,
    check_in,
    check_in_not_open_yet,
    register_attendee,
)

PAST_EVENTS_PER_PAGE = 10


def _ics_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    past = Paginator(queries.past_events(), PAST_EVENTS_PER_PAGE)
    return render(
        request,
        "events/event_list.html",
        {
            "upcoming": list(queries.upcoming_events()),
            "past_page": past.get_page(request.GET.get("page")),
        },
    )


@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = access.get_event_for(request.user, slug)
    counts = queries.registration_counts(event)
    own = queries.live_registration_of(request.user, event)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "counts": counts,
            "places_left": event.places_left(counts.taken),
            "own": own,
            "own_ticket_path": ticket_path(own) if own else "",
            "place_in_series": queries.place_in_series(event),
            "programme": queries.programme_of(event),
            "speakers": queries.speakers_of(event),
            "themes": event.themes.all(),
            "posts": published_posts().filter(event=event),
            "conversations": public_conversations().filter(event=event),
            "works_the_door": access.may_work_the_door(request.user, event),
            "manages": access.may_manage_event(request.user, event),
            "published_tables": tables.published_notes_of(event),
            "may_read_tables": access.may_read_table_notes(request.user, event),
        },
    )


@require_GET
def series_detail(request: HttpRequest, slug: str) -> HttpResponse:
    series = queries.get_series(slug)
    return render(
        request,
        "events/series_detail.html",
        {"series": series, "events": queries.series_events(series)},
    )


@require_safe  # calendar apps check a feed with HEAD before they fetch it
def calendar_feed(request: HttpRequest) -> HttpResponse:
    events = queries.public_events().order_by("starts_at")
    return _ics_response(
        calendar_for(events, name=f"{settings.SITE_NAME} events"), "events.ics"
    )


@require_safe
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = access.get_event_for(request.user, slug)
    return _ics_response(calendar_for([event]), f"{event.slug}.ics")


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = access.get_event_for(request.user, slug)
    user = request.user if request.user.is_authenticated else None
    initial = {"name": user.get_full_name(), "email": user.email} if user else {}
    form = RegistrationForm(
        request.POST or None, initial=initial, tables=tables.table_choices(event)
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration = register_attendee(event, user=user, **form.cleaned_data)
        except RegistrationError as error:
            form.add_error(None, error.message)
        else:
            return redirect(ticket_path(registration))
    counts = queries.registration_counts(event)
    return render(
        request,
        "events/register.html",
        {"event": event, "form": form, "places_left": event.places_left(counts.taken)},
        status=400 if form.errors else 200,
    )


@require_GET
def ticket(request: HttpRequest, token: str) -> HttpResponse:
    registration = queries.get_registration_for_ticket(token)
    return render(
        request,
        "events/ticket.html",
        {
            "registration": registration,
            "event": registration.event,
            "qr_svg": qr_svg(
                absolute(check_in_code_path(registration)),
                title="Check-in QR code",
                scale=5,
            ),
            "cancel_path": cancel_path(registration),
            "waiting_position": queries.waiting_position(registration)
            if registration.status == Registration.Status.WAITING
            else None,
        },
    )


@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = queries.get_registration_for_cancel(token)
    error = ""
    if request.method == "POST":
        try:
            cancel_registration(registration)
        except RegistrationError as refused:
            error = refused.message
        else:
            messages.success(
                request,
                "Your registration is cancelled. Thank you for letting us know.",
            )
            return redirect(registration.event)
    return render(
        request,
        "events/cancel.html",
        {
            "registration": registration,
            "event": registration.event,
            "error": error,
            "someone_waiting": queries.registration_counts(registration.event).waiting,
        },
        status=400 if error else 200,
    )


@login_required
@require_GET
def attendees(request: HttpRequest, slug: str) -> HttpResponse:
    event = access.get_event_for_door(request.user, slug)
    return render(
        request,
        "events/attendees.html",
        {
            "event": event,
            "registrations": queries.attendees_of(event),
            "counts": queries.registration_counts(event),
            # The door works from names and codes; contact details stay with organisers.
            "contact_details": access.may_see_contact_details(request.user, event),
            "manages": access.may_manage_event(request.user, event),
        },
    )


@login_required
@require_GET
def attendees_csv(request: HttpRequest, slug: str) -> HttpResponse:
    event = access.get_event_to_manage(request.user, slug)
    return registrations_csv(
        queries.attendees_of(event).select_related("event"),
        f"{event.slug}-attendees.csv",
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_in_desk(request: HttpRequest, slug: str) -> HttpResponse:
    """The door: a volunteer types the code from someone's ticket, on a phone or a laptop."""
    event = access.get_event_for_door(request.user, slug)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            arrived = check_in(
                event, code=form.cleaned_data["code"], by=_door_user(request)
            )
        except CheckInError as error:
            form.add_error("code", error.message)
        else:
            messages.success(request, arrived_message(arrived))
            return redirect("events:check-in", slug=event.slug)
    return _check_in_page(request, event, form)


def _door_user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 -- only the door team get this far
    return request.user


def _check_in_page(
    request: HttpRequest, event: Event, form: CheckInForm
) -> HttpResponse:
    return render(
        request,
        "events/check_in.html",
        {
            "event": event,
            "form": form,
            "counts": queries.registration_counts(event),
            "recent": queries.recent_check_ins(event),
            "not_yet": check_in_not_open_yet(event),
            "ids": {"counts": live.DOOR_COUNTS, "recent": live.DOOR_RECENT},
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def check_in_code(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """Where the ticket's QR code leads: the door team see who it is and check them in.

    Anyone else who scans it (the attendee, curious) is told it is the door's page.
    """
    event = access.get_event_for(request.user, slug)
    if not access.may_work_the_door(request.user, event):
        return render(request, "events/check_in_not_staff.html", status=403)
    code = normalise_check_in_code(code)
    error = ""
    if request.method == "POST":
        try:
            arrived = check_in(event, code=code, by=_door_user(request))
        except CheckInError as refused:
            error = refused.message
        else:
            messages.success(request, arrived_message(arrived))
            return redirect("events:check-in", slug=event.slug)
    registration = event.registrations.filter(code=code).first()
    return render(
        request,
        "events/check_in_code.html",
        {
            "event": event,
            "code": code,
            "registration": registration,
            "error": error,
            "not_yet": check_in_not_open_yet(event),
        },
        status=404 if registration is None else 400 if error else 200,
    )
