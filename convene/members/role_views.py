"""Taking up a role from its emailed invitation, and a moderator's choice of alerts."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from convene.core.http import AuthenticatedHttpRequest
from convene.members.models import Role
from convene.members.role_forms import AlertsForm, InvitationForm
from convene.members.team import (
    RoleError,
    accept_invitation,
    invited_role,
    set_moderation_alerts,
    take_up_roles,
)


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    return render(
        request, "members/invitation_refused.html", {"message": message}, status=400
    )


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        role = invited_role(token, max_age=settings.ROLE_INVITATION_MAX_AGE)
    except RoleError as refused:
        return _refused(request, refused.message)
    user = request.user
    if user.is_authenticated and str(user.email).lower() == role.email:
        # They made an account meanwhile: one press and the role is theirs.
        if request.method == "POST":
            take_up_roles(user)
            messages.success(
                request, f"You are now a {role.get_kind_display().lower()}."
            )
            return redirect("members:account")
        return render(request, "members/invitation.html", {"role": role})
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = accept_invitation(
                role,
                name=data["name"],
                region=data["region"],
                password=data["password"],
            )
        except RoleError as refused:
            form.add_error(None, refused.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Welcome. Your roles are listed below.")
            return redirect("members:account")
    return render(
        request,
        "members/invitation.html",
        {"role": role, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def role_alerts(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    role = Role.objects.filter(
        pk=pk, user=request.user, kind=Role.Kind.MODERATOR
    ).first()
    if role is None:
        raise Http404("No such role of yours.")
    form = AlertsForm(request.POST)
    on = form.is_valid() and form.cleaned_data["alerts_on"]
    set_moderation_alerts(role, on=on)
    messages.success(
        request,
        "You will be emailed when statements wait."
        if on
        else "You will not be emailed about waiting statements.",
    )
    return redirect("members:account")
