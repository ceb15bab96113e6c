"""Renewing a membership: by the emailed link, or from the account page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from convene.core.http import AuthenticatedHttpRequest
from convene.members import membership as membership_services
from convene.members.membership import long_date
from convene.members.membership_reminders import (
    RenewLinkError,
    check_renew_link,
    renew_by_link,
)
from convene.members.models import Membership


def _renewed_message(membership: Membership) -> str:
    until = long_date(membership.expires_on) if membership.expires_on else "for life"
    return f"Thank you: your membership is renewed until {until}."


@require_http_methods(["GET", "POST"])
def renew_from_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link only shows a button: mail scanners open links, and must not renew."""
    try:
        if request.method == "POST":
            membership = renew_by_link(token)
        else:
            membership = check_renew_link(token)
            membership_services.check_renewable(
                membership, today=membership_services.today()
            )
    except (RenewLinkError, membership_services.RenewalRefused) as error:
        return render(
            request, "members/renew_failed.html", {"message": error.message}, status=400
        )
    if request.method == "GET":
        return render(request, "members/renew.html", {"membership": membership})
    messages.success(request, _renewed_message(membership))
    return redirect("members:account" if request.user.is_authenticated else "core:home")


@login_required
@require_POST
def renew_own(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = Membership.objects.filter(member__user=request.user).first()
    if membership is None:
        return redirect("admin:index")
    try:
        membership = membership_services.renew_membership(membership)
    except membership_services.RenewalRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _renewed_message(membership))
    return redirect("members:account")
