"""A facilitator entering the views of someone at their table, one statement at a time,
keyboard first (table_entry.js: a/1 agree, d/2 disagree, p/3 pass, s skip) and plain
forms without JS."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from convene.conversations.models import Conversation, TablePerson
from convene.conversations.on_behalf import (
    check_enter_statement,
    check_enter_vote,
    next_statement_for,
    table_conversation,
)
from convene.conversations.services import ConversationError
from convene.core.http import AuthenticatedHttpRequest
from convene.events import access
from convene.events.table_forms import EnteredStatementForm, EnteredVoteForm

MAX_SKIPPED = 200


def _skipped(raw: str) -> list[int]:
    ids = [int(part) for part in raw.split(",") if part.isdigit()]
    return ids[:MAX_SKIPPED]


def _entry_url(person: TablePerson, skipped: list[int]) -> str:
    table = person.group
    url = reverse("events:table-entry", args=[table.event.slug, table.pk, person.pk])
    if not skipped:
        return url
    return f"{url}?{urlencode({'skip': ','.join(map(str, skipped))})}"


def _record(
    request: AuthenticatedHttpRequest, person: TablePerson, conversation: Conversation
) -> EnteredStatementForm | None:
    """The posted vote or statement; returns the statement form if it needs showing again."""
    if "text" in request.POST:
        form = EnteredStatementForm(request.POST)
        if not form.is_valid():
            return form
        try:
            check_enter_statement(
                person, conversation, text=form.cleaned_data["text"], by=request.user
            )
        except ConversationError as refused:
            form.add_error("text", refused.message)
            return form
        messages.success(request, "Their statement is sent to the moderators.")
        return None
    vote = EnteredVoteForm(request.POST)
    if not vote.is_valid():
        messages.error(request, "Choose agree, disagree or pass.")
        return None
    try:
        check_enter_vote(
            person,
            conversation,
            statement_id=vote.cleaned_data["statement"],
            choice=vote.cleaned_data["choice"],
            by=request.user,
        )
    except ConversationError as refused:
        messages.error(request, refused.message)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def table_entry(
    request: AuthenticatedHttpRequest, slug: str, pk: int, person: int
) -> HttpResponse:
    table = access.get_table_to_facilitate(request.user, slug, pk)
    someone = access.get_person_at_table(table, person)
    conversation = table_conversation(table.event_id, table.pk)
    if conversation is None:
        raise Http404(f"{table.name} has no conversation to take part in yet.")
    skipped = _skipped(request.GET.get("skip", ""))
    statement_form = EnteredStatementForm()
    if request.method == "POST":
        shown_again = _record(request, someone, conversation)
        if shown_again is None:
            return redirect(_entry_url(someone, skipped))
        statement_form = shown_again
    statement, left = next_statement_for(someone, conversation, skipped=set(skipped))
    context = {
        "event": table.event,
        "table": table,
        "person": someone,
        "conversation": conversation,
        "statement": statement,
        "left": left,
        "skip_url": _entry_url(someone, [*skipped, statement.pk]) if statement else "",
        "form_url": _entry_url(someone, skipped),
        "statement_form": statement_form,
    }
    status = 400 if statement_form.errors else 200
    return render(request, "events/table_entry.html", context, status=status)
