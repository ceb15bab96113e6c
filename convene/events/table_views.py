"""An event's tables: the list, and each table's page for its facilitator on a phone: who
is at the table, its conversation, and the notes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from convene.conversations.models import DiscussionGroup
from convene.conversations.on_behalf import table_conversation
from convene.conversations.organising import create_discussion_group
from convene.core.http import AuthenticatedHttpRequest
from convene.events import access, tables
from convene.events.table_forms import FacilitatorForm, NotesForm, PersonForm, TableForm
from convene.members.team import RoleError

# table_notes.js sends this header and reads the JSON the view returns.
ENHANCED_HEADER = "X-Requested-With"
ENHANCED_VALUE = "fetch"


@login_required
@require_http_methods(["GET", "POST"])
def table_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = access.get_event_for(request.user, slug)
    if not access.may_read_table_notes(request.user, event):
        raise PermissionDenied("Only the event's organisers, facilitators and staff.")
    may_add = access.may_manage_event(request.user, event)
    form = TableForm(request.POST or None)
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied("Only the event's organisers and staff add tables.")
        if form.is_valid():
            try:
                table = create_discussion_group(event, **form.cleaned_data)
            except ValidationError as invalid:
                form.add_error("name", " ".join(invalid.messages))
            else:
                messages.success(request, f"{table.name} is added.")
                return redirect("events:tables", slug=event.slug)
    context = {
        "event": event,
        "tables": tables.tables_of(event).annotate(
            n_seated=Count("seated", filter=tables.SEATED)
        ),
        "form": form,
        "may_add": may_add,
    }
    return render(
        request, "events/tables.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def share_out(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = access.get_event_to_manage(request.user, slug)
    placed = tables.share_out_tables(event)
    if placed:
        messages.success(request, f"{placed} people without a table now have one.")
    else:
        messages.info(
            request, "Nobody was waiting for a table, or every table is full."
        )
    return redirect("events:tables", slug=event.slug)


def _table_page(
    request: AuthenticatedHttpRequest,
    table: DiscussionGroup,
    *,
    notes_form: NotesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    current = tables.current_notes(table)
    find = request.GET.get("find", "").strip()[:100]
    return render(
        request,
        "events/table.html",
        {
            "event": table.event,
            "table": table,
            "facilitators": tables.facilitators_of(table),
            "people": tables.people_at(table),
            "seated": tables.seated_at(table),
            "conversation": table_conversation(table.event_id, table.pk),
            "notes": current,
            "history": tables.notes_history(table),
            "notes_form": notes_form
            or NotesForm(initial={"text": current.text if current else ""}),
            "person_form": PersonForm(),
            "facilitator_form": FacilitatorForm(),
            "find": find,
            "found": tables.find_people(table.event, find) if find else [],
            "may_facilitate": access.may_facilitate(request.user, table),
            "may_manage": access.may_manage_event(request.user, table.event),
        },
        status=status,
    )


@login_required
def table(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    return _table_page(request, access.get_table_for(request.user, slug, pk))


@login_required
@require_POST
def table_notes(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    table = access.get_table_to_facilitate(request.user, slug, pk)
    enhanced = request.headers.get(ENHANCED_HEADER) == ENHANCED_VALUE
    form = NotesForm(request.POST)
    if not form.is_valid():
        if enhanced:
            return JsonResponse(
                {"error": " ".join(str(error) for error in form.errors["text"])},
                status=400,
            )
        return _table_page(request, table, notes_form=form, status=400)
    note = tables.save_notes(table, text=form.cleaned_data["text"], by=request.user)
    if enhanced:
        return JsonResponse({"saved_at": note.saved_at.isoformat(), "version": note.pk})
    messages.success(request, "Notes saved.")
    return redirect("events:table", slug=slug, pk=pk)


@login_required
@require_POST
def add_person(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    table = access.get_table_to_facilitate(request.user, slug, pk)
    form = PersonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That person could not be added: check the form.")
        return redirect("events:table", slug=slug, pk=pk)
    user = None
    if form.cleaned_data["user"]:
        user = User.objects.filter(pk=form.cleaned_data["user"], is_active=True).first()
    person = tables.add_person(
        table,
        label=form.cleaned_data["label"],
        consents=form.cleaned_data["consents"],
        by=request.user,
        user=user,
    )
    if not person.consents_to_count:
        messages.warning(
            request, f"{person.display_name} is at the table, not counted."
        )
        return redirect("events:table", slug=slug, pk=pk)
    return redirect("events:table-entry", slug=slug, pk=pk, person=person.pk)


@login_required
@require_POST
def give_facilitator(
    request: AuthenticatedHttpRequest, slug: str, pk: int
) -> HttpResponse:
    table = access.get_table_for(request.user, slug, pk)
    if not access.may_manage_event(request.user, table.event):
        raise PermissionDenied(
            "Only the event's organisers and staff choose facilitators."
        )
    form = FacilitatorForm(request.POST)
    if form.is_valid():
        try:
            role = tables.give_facilitator(
                table, form.cleaned_data["email"], by=request.user
            )
        except RoleError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, f"{role.email} now facilitates {table.name}.")
    else:
        messages.error(request, "Give the facilitator's email address.")
    return redirect("events:table", slug=slug, pk=pk)


@login_required
@require_POST
def publish_notes(
    request: AuthenticatedHttpRequest, slug: str, pk: int
) -> HttpResponse:
    table = access.get_table_for(request.user, slug, pk)
    if not access.may_manage_event(request.user, table.event):
        raise PermissionDenied("Only the event's organisers and staff publish notes.")
    published = request.POST.get("published") == "yes"
    tables.publish_notes(table, published=published)
    messages.success(
        request,
        f"{table.name}'s notes are "
        + ("published on the event's page." if published else "private again."),
    )
    return redirect("events:table", slug=slug, pk=pk)
