"""An event's team: its organisers, facilitators and door volunteers, given and removed by
email from the event's own page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from convene.conversations.models import Conversation
from convene.core.http import AuthenticatedHttpRequest
from convene.events import access
from convene.members.models import Role
from convene.members.role_forms import GiveRoleForm
from convene.members.roles import event_team
from convene.members.team import RoleError, give_role, remove_role


def given_message(role: Role) -> str:
    kind = role.get_kind_display().lower()
    if role.is_pending:
        return (
            f"No account uses {role.email} yet: we have emailed them an invitation to "
            f"set a password and become a {kind}."
        )
    return f"{role.email} is now a {kind}; we have emailed them to say so."


@login_required
@require_http_methods(["GET", "POST"])
def team(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = access.get_event_to_manage(request.user, slug)
    kinds = access.assignable_kinds(request.user, event)
    form = GiveRoleForm(request.POST or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            role = give_role(
                form.cleaned_data["email"],
                kind=form.cleaned_data["kind"],
                by=request.user,
                event_id=event.pk,
            )
        except RoleError as refused:
            form.add_error("email", refused.message)
        else:
            messages.success(request, given_message(role))
            return redirect("events:team", slug=event.slug)
    return render(
        request,
        "events/team.html",
        {
            "event": event,
            "team": event_team(event.pk),
            "form": form,
            "removable": [kind.value for kind in kinds],
            "add_url": reverse("events:team", args=[event.slug]),
            "remove_url_name": "events:team-remove",
            "scope_slug": event.slug,
            # Moderators are given on each conversation's own team page.
            "conversations": Conversation.objects.filter(event=event).order_by("pk"),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def remove_from_team(
    request: AuthenticatedHttpRequest, slug: str, pk: int
) -> HttpResponse:
    event = access.get_event_to_manage(request.user, slug)
    role = Role.objects.filter(event=event, pk=pk).first()
    if role is None:
        raise Http404("No such role at this event.")
    if role.kind not in access.assignable_kinds(request.user, event):
        raise PermissionDenied("Only staff remove an event's organisers.")
    remove_role(role)
    messages.success(
        request, f"{role.email} is no longer a {role.get_kind_display().lower()} here."
    )
    return redirect("events:team", slug=event.slug)
