import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from convene.conversations import limits, queries
from convene.conversations.forms import (
    MetaForm,
    RejectForm,
    SeedStatementForm,
    StatementForm,
    VoteForm,
)
from convene.conversations.models import (
    Conversation,
    Participant,
    Statement,
    Vote,
    new_browser_key,
)
from convene.conversations.organising import (
    accept_statement,
    add_seed_statement,
    mark_statement_meta,
    reject_statement,
    set_conversation_open,
)
from convene.conversations.results import (
    STATEMENT_ORDERS,
    ordered_statements,
    results_for,
)
from convene.conversations.services import (
    ConversationError,
    check_web_statement,
    check_web_vote,
)
from convene.core.ratelimit import client_ip

# An anonymous participant is remembered by a random key in a signed cookie, for a year.
BROWSER_COOKIE = "convene_participant"
BROWSER_COOKIE_SALT = "convene.conversations.browser"
BROWSER_COOKIE_AGE = 365 * 24 * 3600
# Our vote.js sends this header and swaps in the fragment the view returns.
ENHANCED_HEADER = "X-Requested-With"
ENHANCED_VALUE = "fetch"
# A phone that opened the room link (the QR code) keeps its token for the day, for this
# conversation's pages only, so its first vote or statement counts against the room's ceiling.
ROOM_COOKIE = "convene_room"
ROOM_COOKIE_AGE = 24 * 3600


def _is_enhanced(request: HttpRequest) -> bool:
    return request.headers.get(ENHANCED_HEADER) == ENHANCED_VALUE


def _user(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _browser_key(request: HttpRequest) -> uuid.UUID | None:
    value = request.get_signed_cookie(
        BROWSER_COOKIE, default=None, salt=BROWSER_COOKIE_SALT
    )
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


def _key_for_taking_part(request: HttpRequest) -> tuple[uuid.UUID | None, bool]:
    """The browser's key, or a new one for an anonymous first-timer (and whether it is new)."""
    key = _browser_key(request)
    if key is None and _user(request) is None:
        return new_browser_key(), True
    return key, False


def _remember_browser(response: HttpResponse, key: uuid.UUID) -> HttpResponse:
    response.set_signed_cookie(
        BROWSER_COOKIE,
        str(key),
        salt=BROWSER_COOKIE_SALT,
        max_age=BROWSER_COOKIE_AGE,
        samesite="Lax",
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def _arrival(request: HttpRequest, conversation: Conversation) -> limits.Arrival:
    token = request.COOKIES.get(ROOM_COOKIE, "")
    return limits.Arrival(
        address=client_ip(request),
        through_room=limits.is_room_token(conversation, token),
    )


def _remember_room(
    request: HttpRequest, response: HttpResponse, conversation: Conversation
) -> HttpResponse:
    """Keep the room token of a room link (?room=…) this page was opened through."""
    token = request.GET.get("room", "")
    if limits.is_room_token(conversation, token):
        response.set_cookie(
            ROOM_COOKIE,
            token,
            max_age=ROOM_COOKIE_AGE,
            path=conversation.get_absolute_url(),
            samesite="Lax",
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def _viewer(
    request: HttpRequest, participant: Participant | QuerySet[Participant]
) -> str | None:
    """Who is looking at the vote page, by their account or their browser's key (the row
    itself is not read for this): none on a first visit."""
    if isinstance(participant, Participant):
        user_id, key = participant.user_id, participant.browser_key
    else:
        user = _user(request)
        user_id, key = (user.pk if user else None), _browser_key(request)
    if user_id is not None:
        return f"member {user_id}"
    return f"browser {key}" if key else None


def _too_many(response: HttpResponse, refused: limits.LimitReached) -> HttpResponse:
    """A refusal for going too fast: 429, and when to try again, for scripts and browsers."""
    response.status_code = 429
    response["Retry-After"] = str(refused.retry_after)
    return response


def _participant(
    request: HttpRequest, conversation: Conversation
) -> Participant | None:
    return queries.find_participant(
        conversation, user=request.user, browser_key=_browser_key(request)
    )


def _participant_query(
    request: HttpRequest, conversation: Conversation
) -> QuerySet[Participant]:
    return queries.participant_of(
        conversation, user=request.user, browser_key=_browser_key(request)
    )


@require_GET
def conversation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "conversations/conversation_list.html",
        {"conversations": queries.public_conversations()},
    )


@require_GET
def conversation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = queries.get_conversation_for(request.user, slug, with_event=True)
    moderates = queries.may_moderate(request.user, conversation)
    return render(
        request,
        "conversations/conversation_detail.html",
        {
            "conversation": conversation,
            "themes": conversation.themes.all(),
            "qr_svg": queries.qr_svg_for(conversation) if moderates else "",
            "moderates": moderates,
            "organises": queries.may_organise_conversation(request.user, conversation),
            "vote_url": queries.vote_url(conversation),
            "site_url_is_local": queries.site_url_is_local(),
        },
    )


def _vote_page(
    request: HttpRequest,
    conversation: Conversation,
    participant: Participant | QuerySet[Participant],
    *,
    error: str = "",
) -> HttpResponse:
    remaining = queries.unvoted_statements(
        conversation, participant, viewer=_viewer(request, participant)
    )
    context: dict[str, object] = {
        "conversation": conversation,
        "statement": remaining[0] if remaining else None,
        "n_remaining": len(remaining),
        "error": error,
    }
    if _is_enhanced(request):
        template = "conversations/_statement_card.html"
    else:
        template = "conversations/vote.html"
        context["statements"] = queries.newest_visible_statements(conversation.pk)
    return render(request, template, context, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, slug: str) -> HttpResponse:
    """GET shows the next statement; POST records a vote and moves on (JS optional)."""
    conversation = queries.get_conversation_for(request.user, slug)
    form = VoteForm(request.POST or None)
    if request.method == "GET" or not form.is_valid():
        error = "" if request.method == "GET" else "Choose agree, disagree or pass."
        participant = _participant_query(request, conversation)
        page = _vote_page(request, conversation, participant, error=error)
        return _remember_room(request, page, conversation)
    key, new_key = _key_for_taking_part(request)
    try:
        vote = check_web_vote(
            conversation,
            user=_user(request),
            browser_key=key,
            statement_id=form.cleaned_data["statement"],
            choice=form.cleaned_data["choice"],
            arrival=_arrival(request, conversation),
        )
    except (ConversationError, limits.LimitReached) as refused:
        participant = _participant_query(request, conversation)
        page = _vote_page(request, conversation, participant, error=refused.message)
        if isinstance(refused, limits.LimitReached):
            return _too_many(page, refused)
        return page
    if _is_enhanced(request):
        response = _vote_page(request, conversation, vote.participant)
    elif request.POST.get("return_to") == "my-votes":
        messages.success(request, "Your vote is changed.")
        response = redirect("conversations:my-votes", slug=slug)
    else:
        response = redirect("conversations:vote", slug=slug)
    return _remember_browser(response, key) if new_key and key else response


@require_GET
def my_votes(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = queries.get_conversation_for(request.user, slug)
    participant = _participant(request, conversation)
    return render(
        request,
        "conversations/my_votes.html",
        {
            "conversation": conversation,
            "votes": queries.votes_of(conversation, participant),
            "choices": Vote.Choice.choices,
        },
    )


@require_http_methods(["GET", "POST"])
def add_statement(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = queries.get_conversation_for(request.user, slug)
    form = StatementForm(request.POST or None)
    too_many: limits.LimitReached | None = None
    if request.method == "POST" and form.is_valid():
        key, new_key = _key_for_taking_part(request)
        try:
            statement = check_web_statement(
                conversation,
                user=_user(request),
                browser_key=key,
                text=form.cleaned_data["text"],
                arrival=_arrival(request, conversation),
            )
        except (ConversationError, limits.LimitReached) as refused:
            form.add_error("text", refused.message)
            if isinstance(refused, limits.LimitReached):
                too_many = refused
        else:
            messages.success(request, _statement_thanks(statement))
            response = redirect("conversations:vote", slug=slug)
            return _remember_browser(response, key) if new_key and key else response
    page = render(
        request,
        "conversations/add_statement.html",
        {"conversation": conversation, "form": form},
        status=400 if form.errors else 200,
    )
    return _too_many(page, too_many) if too_many else page


def _statement_thanks(statement: Statement) -> str:
    if statement.conversation.moderation == Conversation.Moderation.PRE:
        return "Thank you. A moderator will read your statement before others can vote on it."
    if settings.UNMODERATED_STATEMENT_AUDIENCE > 0:
        return (
            "Thank you. Your statement is up for others to vote on: a few people first, "
            "then everyone once a moderator has read it."
        )
    return "Thank you. Your statement is up for others to vote on."


@require_GET
def results(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = queries.get_conversation_for(request.user, slug)
    shown = results_for(conversation)
    order = request.GET.get("order", "")
    if order not in dict(STATEMENT_ORDERS):
        order = STATEMENT_ORDERS[0][0]
    shown.statements = ordered_statements(shown.statements, order)
    return render(
        request,
        "conversations/results.html",
        {
            "conversation": conversation,
            "results": shown,
            "order": order,
            "orders": STATEMENT_ORDERS,
        },
    )


def _moderate_page(
    request: HttpRequest,
    conversation: Conversation,
    *,
    seed_form: SeedStatementForm | None = None,
    reject_form: RejectForm | None = None,
    rejecting: int | None = None,
    error: str = "",
) -> HttpResponse:
    return render(
        request,
        "conversations/moderate.html",
        {
            "conversation": conversation,
            "queue": queries.moderation_queue(conversation),
            "recent": queries.recently_moderated(conversation),
            "meta": queries.meta_statements(conversation),
            "seed_form": seed_form or SeedStatementForm(),
            "reject_form": reject_form,
            "rejecting": rejecting,
            "error": error,
            "unread_audience": settings.UNMODERATED_STATEMENT_AUDIENCE,
        },
        status=400 if error or (seed_form and seed_form.errors) else 200,
    )


@login_required
@require_POST
def open_or_close(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = queries.get_conversation_to_organise(request.user, slug)
    is_open = request.POST.get("is_open") == "1"
    set_conversation_open(conversation, is_open=is_open)
    messages.success(
        request,
        "The conversation is open: it takes votes and new statements."
        if is_open
        else "The conversation is closed. The wall and the voting pages say so, and the "
        "results stay online.",
    )
    return redirect(conversation)


@login_required
@require_GET
def moderate(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = queries.get_conversation_to_moderate(request.user, slug)
    return _moderate_page(request, conversation)


@login_required
@require_POST
def accept(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conversation = queries.get_conversation_to_moderate(request.user, slug)
    statement = queries.get_statement_for_moderation(request.user, conversation, pk)
    try:
        accept_statement(statement)
    except ConversationError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"Accepted: “{statement.text}”")
    return redirect("conversations:moderate", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def reject(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    if request.method == "GET":  # a refusal shown here, reloaded
        return redirect("conversations:moderate", slug=slug)
    conversation = queries.get_conversation_to_moderate(request.user, slug)
    statement = queries.get_statement_for_moderation(request.user, conversation, pk)
    was_accepted = statement.status == Statement.Status.ACCEPTED
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            reject_statement(statement, reason=form.cleaned_data["reason"])
        except ConversationError as refused:
            form.add_error("reason", refused.message)
    if form.errors:
        return _moderate_page(
            request,
            conversation,
            reject_form=form,
            rejecting=statement.pk,
            error=f"Statement {statement.pk}: {' '.join(map(str, form.errors['reason']))}",
        )
    done = "Removed from the conversation" if was_accepted else "Rejected"
    messages.success(request, f"{done}: “{statement.text}”")
    return redirect("conversations:moderate", slug=slug)


@login_required
@require_POST
def mark_meta(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conversation = queries.get_conversation_to_moderate(request.user, slug)
    statement = queries.get_statement_for_moderation(request.user, conversation, pk)
    form = MetaForm(request.POST)
    is_meta = form.is_valid() and form.cleaned_data["is_meta"]
    mark_statement_meta(statement, is_meta=is_meta)
    done = "Marked as meta" if is_meta else "No longer meta"
    messages.success(request, f"{done}: “{statement.text}”")
    return redirect("conversations:moderate", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def seed(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "GET":  # a refusal shown here, reloaded
        return redirect("conversations:moderate", slug=slug)
    conversation = queries.get_conversation_to_moderate(request.user, slug)
    form = SeedStatementForm(request.POST)
    if form.is_valid():
        try:
            add_seed_statement(conversation, text=form.cleaned_data["text"])
        except ConversationError as refused:
            form.add_error("text", refused.message)
        else:
            messages.success(request, "Seed statement added.")
            return redirect("conversations:moderate", slug=slug)
    return _moderate_page(request, conversation, seed_form=form)
