"""The door's pages: find someone by name, check them in, register a walk-in, print the door
list, key in the paper list afterwards; and for organisers, phone-ins and badges.

Door pages show names, codes, arrival state and access needs, never email addresses or phone
numbers: the volunteer holding the phone may be anyone the organisers trusted with the door.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from convene.core.pdf import pdf_filename, render_pdf
from convene.events import access, live, queries
from convene.events.badges import BADGE_SHEETS, badge_pages
from convene.events.door import (
    record_paper_arrivals,
    register_on_behalf,
    register_walk_in,
)
from convene.events.forms import (
    DoorSearchForm,
    OnBehalfForm,
    PaperArrivalsForm,
    WalkInForm,
)
from convene.events.models import Event, Registration
from convene.events.services import (
    CheckInError,
    RegistrationError,
    check_in,
    check_in_not_open_yet,
)
from convene.events.tables import table_choices

# door.js sends this header and swaps in the results fragment the view returns.
ENHANCED_HEADER = "X-Requested-With"
ENHANCED_VALUE = "fetch"
# Blank lines on the printed door list for people who turn up while the network is down.
WALK_IN_ROWS = 20


def _door_url(event: Event, q: str = "") -> str:
    url = reverse("events:door", args=[event.slug])
    return f"{url}?{urlencode({'q': q})}" if q else url


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 -- login_required let them in
    return request.user


def arrived_message(registration: Registration) -> str:
    # The volunteer at the door is the one who can act on them: a seat near the loop, a meal.
    needs = registration.access_needs.strip()
    over = " Let in over capacity." if registration.over_capacity else ""
    return f"Checked in: {registration.name} ({registration.code}).{over}" + (
        f" Access or dietary needs: {needs}" if needs else ""
    )


@login_required
@require_GET
def door(request: HttpRequest, slug: str) -> HttpResponse:
    event = access.get_event_for_door(request.user, slug)
    return _door_page(request, event, DoorSearchForm(request.GET))


def _door_page(
    request: HttpRequest, event: Event, form: DoorSearchForm, *, error: str = ""
) -> HttpResponse:
    q = form.cleaned_data.get("q", "") if form.is_valid() else ""
    context = {
        "event": event,
        "form": form,
        "q": q,
        "results": list(queries.search_attendees(event, q)),
        "limit": queries.DOOR_SEARCH_LIMIT,
        "error": error,
    }
    if request.headers.get(ENHANCED_HEADER) == ENHANCED_VALUE:
        return render(request, "events/_door_results.html", context)
    context |= {
        "counts": queries.registration_counts(event),
        "recent": queries.recent_check_ins(event),
        "not_yet": check_in_not_open_yet(event),
        "ids": {"counts": live.DOOR_COUNTS, "recent": live.DOOR_RECENT},
        "may_manage": access.may_manage_event(request.user, event),
    }
    return render(request, "events/door.html", context, status=400 if error else 200)


@login_required
@require_POST
def door_check_in(request: HttpRequest, slug: str) -> HttpResponse:
    """The Check in button beside a name found by the search."""
    event = access.get_event_for_door(request.user, slug)
    search = DoorSearchForm(request.POST)
    try:
        arrived = check_in(event, code=request.POST.get("code", ""), by=_user(request))
    except CheckInError as refused:
        return _door_page(request, event, search, error=refused.message)
    messages.success(request, arrived_message(arrived))
    return redirect(_door_url(event, request.POST.get("q", "")))


@login_required
@require_http_methods(["GET", "POST"])
def walk_in(request: HttpRequest, slug: str) -> HttpResponse:
    event = access.get_event_for_door(request.user, slug)
    form = WalkInForm(
        request.POST or None,
        initial={"name": request.GET.get("name", "")},
        tables=table_choices(event),
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration = register_walk_in(
                event, by=_user(request), **form.cleaned_data
            )
        except RegistrationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, arrived_message(registration))
            return redirect(_door_url(event))
    counts = queries.registration_counts(event)
    return render(
        request,
        "events/walk_in.html",
        {
            "event": event,
            "form": form,
            "counts": counts,
            "full": event.places_left(counts.taken) == 0,
            "not_yet": check_in_not_open_yet(event),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_arrivals(request: HttpRequest, slug: str) -> HttpResponse:
    """Arrivals ticked on the printed door list while the network was down, keyed in later."""
    event = access.get_event_for_door(request.user, slug)
    waiting_to_arrive = [
        registration
        for registration in queries.door_list(event)
        if registration.status == Registration.Status.CONFIRMED
    ]
    people = [(r.pk, f"{r.name} · {r.code}") for r in waiting_to_arrive]
    form = PaperArrivalsForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            done = record_paper_arrivals(
                event,
                registration_ids=form.cleaned_data["registrations"],
                codes=form.cleaned_data["codes"],
                arrived_at=form.cleaned_data["arrived_at"],
                by=_user(request),
            )
        except CheckInError as error:
            form.add_error(None, error.message)
        else:
            count = len(done.checked_in)
            messages.success(
                request, f"{count} {'person' if count == 1 else 'people'} checked in."
            )
            for reason in done.left_alone:
                messages.warning(request, reason)
            return redirect("events:paper-arrivals", slug=event.slug)
    return render(
        request,
        "events/paper_arrivals.html",
        {"event": event, "form": form, "counts": queries.registration_counts(event)},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def door_list_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    event = access.get_event_for_door(request.user, slug)
    pdf = render_pdf(
        "events/pdf/door_list.html",
        {
            "event": event,
            "registrations": list(queries.door_list(event)),
            "walk_in_rows": range(WALK_IN_ROWS),
        },
    )
    return _pdf_response(pdf, pdf_filename(event.slug, "door-list"))


@login_required
@require_http_methods(["GET", "POST"])
def phone_in(request: HttpRequest, slug: str) -> HttpResponse:
    """An organiser registers someone who phoned, or who sent in a paper form."""
    event = access.get_event_to_manage(request.user, slug)
    form = OnBehalfForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = register_on_behalf(
                event, by=_user(request), **form.cleaned_data
            )
        except RegistrationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _registered_message(registration))
            return redirect("events:phone-in", slug=event.slug)
    counts = queries.registration_counts(event)
    return render(
        request,
        "events/phone_in.html",
        {
            "event": event,
            "form": form,
            "counts": counts,
            "places_left": event.places_left(counts.taken),
        },
        status=400 if form.errors else 200,
    )


def _registered_message(registration: Registration) -> str:
    place = (
        "is on the waiting list"
        if registration.status == Registration.Status.WAITING
        else "has a place"
    )
    told = (
        f" A confirmation is on its way to {registration.email}."
        if registration.email
        else " Tell them their code: they can give their name at the door instead."
    )
    return f"{registration.name} {place}, code {registration.code}.{told}"


@login_required
@require_GET
def badges_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    event = access.get_event_to_manage(request.user, slug)
    sheet = BADGE_SHEETS.get(request.GET.get("sheet", ""), BADGE_SHEETS["3x7"])
    pdf = render_pdf(
        "events/pdf/badges.html",
        {
            "event": event,
            "sheet": sheet,
            "pages": badge_pages(queries.door_list(event), sheet),
        },
    )
    return _pdf_response(pdf, pdf_filename(event.slug, "badges", sheet.key))


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
