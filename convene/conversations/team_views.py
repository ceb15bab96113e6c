"""A conversation's moderators, given and removed by email from the conversation's own page
by staff and the organisers of its event."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from convene.conversations import queries
from convene.core.http import AuthenticatedHttpRequest
from convene.members.models import Role
from convene.members.role_forms import GiveRoleForm
from convene.members.roles import conversation_team, moderators_of_everything
from convene.members.team import RoleError, give_role, remove_role

MODERATOR_ONLY = [Role.Kind.MODERATOR]


def _given(role: Role) -> str:
    if role.is_pending:
        return (
            f"No account uses {role.email} yet: we have emailed them an invitation to "
            "set a password and moderate this conversation."
        )
    return (
        f"{role.email} now moderates this conversation; we have emailed them to say so."
    )


@login_required
@require_http_methods(["GET", "POST"])
def team(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    conversation = queries.get_conversation_to_organise(request.user, slug)
    form = GiveRoleForm(request.POST or None, kinds=MODERATOR_ONLY)
    if request.method == "POST" and form.is_valid():
        try:
            role = give_role(
                form.cleaned_data["email"],
                kind=Role.Kind.MODERATOR,
                by=request.user,
                conversation_id=conversation.pk,
            )
        except RoleError as refused:
            form.add_error("email", refused.message)
        else:
            messages.success(request, _given(role))
            return redirect("conversations:team", slug=conversation.slug)
    return render(
        request,
        "conversations/team.html",
        {
            "conversation": conversation,
            "team": conversation_team(conversation.pk),
            "everywhere": moderators_of_everything(),
            "form": form,
            "removable": [Role.Kind.MODERATOR.value],
            "add_url": reverse("conversations:team", args=[conversation.slug]),
            "remove_url_name": "conversations:team-remove",
            "scope_slug": conversation.slug,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def remove_from_team(
    request: AuthenticatedHttpRequest, slug: str, pk: int
) -> HttpResponse:
    conversation = queries.get_conversation_to_organise(request.user, slug)
    role = Role.objects.filter(conversation=conversation, pk=pk).first()
    if role is None:
        raise Http404("No such moderator of this conversation.")
    remove_role(role)
    messages.success(request, f"{role.email} no longer moderates this conversation.")
    return redirect("conversations:team", slug=conversation.slug)
