from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from convene.core.http import AuthenticatedHttpRequest
from convene.core.ratelimit import client_ip
from convene.members import download, leaving, queries, services
from convene.members.forms import (
    DirectoryFilterForm,
    EmailForm,
    EmailLoginForm,
    JoinForm,
    LeaveForm,
    ProfileForm,
)
from convene.members.roles import roles_of

DIRECTORY_PAGE_SIZE = 24


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.join_member(
                form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                profile=services.Profile.from_cleaned_data(form.cleaned_data),
                client_ip=client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        except services.TooManyEmails as error:
            return _too_many_emails(request, "members/join.html", form, error)
        else:
            # The same page whether the address was new or had joined before: only its
            # owner, reading the email, learns which.
            request.session["joined_email"] = services.normalise_email(
                form.cleaned_data["email"]
            )
            return redirect("members:joined")
    return render(request, "members/join.html", {"form": form}, status=_status(form))


def joined(request: HttpRequest) -> HttpResponse:
    email = request.session.get("joined_email", "")
    return render(request, "members/joined.html", {"email": email})


def verify(request: HttpRequest, token: str) -> HttpResponse:
    try:
        member = services.check_verification_token(
            token, max_age=settings.VERIFY_EMAIL_MAX_AGE
        )
    except services.VerificationError as error:
        return render(
            request,
            "members/verify_failed.html",
            {"message": error.message, "expired": error.expired, "form": EmailForm()},
            status=400,
        )
    messages.success(
        request,
        f"Thank you, {member.name}: your email address is confirmed. You can log in now.",
    )
    if request.user.is_authenticated:
        return redirect("members:account")
    return redirect("members:login")


@require_http_methods(["GET", "POST"])
def resend_verification(request: HttpRequest) -> HttpResponse:
    form = EmailForm(request.POST or None, initial={"email": request.GET.get("email")})
    if request.method == "POST" and form.is_valid():
        try:
            services.resend_verification(
                form.cleaned_data["email"], client_ip=client_ip(request)
            )
        except services.TooManyEmails as error:
            return _too_many_emails(
                request, "members/resend_verification.html", form, error
            )
        messages.info(
            request,
            "If an account with that address is waiting to be confirmed, we have sent "
            "it a new link. It may take a few minutes to arrive.",
        )
        return redirect("members:login")
    return render(
        request,
        "members/resend_verification.html",
        {"form": form},
        status=_status(form),
    )


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_password_reset(
                form.cleaned_data["email"], client_ip=client_ip(request)
            )
        except services.TooManyEmails as error:
            return _too_many_emails(request, "members/password_reset.html", form, error)
        return redirect("members:password-reset-done")
    return render(
        request, "members/password_reset.html", {"form": form}, status=_status(form)
    )


class LoginView(auth_views.LoginView):
    """Django's log-in view (it keeps `next` safe) with the email form; a form refused for
    too many failed attempts answers 429 and says when to try again."""

    template_name = "members/login.html"
    authentication_form = EmailLoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if isinstance(form, EmailLoginForm) and form.refusal is not None:
            response.status_code = 429
            response["Retry-After"] = str(form.refusal.retry_after)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's emailed-link view; a new password set through it also lifts a pause on
    logging in with the address, as the pause's message promises."""

    def form_valid(self, form: "SetPasswordForm[User]") -> HttpResponse:
        response = super().form_valid(form)
        services.clear_login_failures(form.user.username)
        return response


@login_required
@require_http_methods(["GET", "POST"])
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = queries.member_of(request.user)
    if member is None:  # staff without a member profile
        return redirect("admin:index")
    form = ProfileForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        services.update_profile(
            member, profile=services.Profile.from_cleaned_data(form.cleaned_data)
        )
        messages.success(request, "Your profile is saved.")
        return redirect("members:account")
    return render(
        request,
        "members/account.html",
        {"form": form, "member": member, "roles": roles_of(request.user)},
        status=_status(form),
    )


@login_required
def download_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    try:
        archive = download.build_download(request.user)
    except download.DownloadInProgress as error:
        return render(
            request,
            "members/download_busy.html",
            {"message": error.message},
            status=409,
        )
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.zip"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = queries.member_of(request.user)
    if member is None:
        return redirect("admin:index")
    form = LeaveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        departure = leaving.leave(
            request.user, keep_voice=form.cleaned_data["voice"] == "keep"
        )
        logout(request)
        messages.success(request, _departure_message(departure))
        return redirect("core:home")
    context = {"member": member, "form": form}
    return render(request, "members/leave.html", context, status=_status(form))


def _departure_message(departure: leaving.Departure) -> str:
    count = departure.registrations_forgotten
    registrations = (
        f" Your {count} event registration{'s' if count != 1 else ''} now "
        f"carr{'y' if count != 1 else 'ies'} no name or contact details."
        if count
        else ""
    )
    voice = (
        " Your votes and statements stay, counted, but nothing ties them to you."
        if departure.kept_voice
        else " Your votes and statements have been removed."
    )
    return (
        f"Your membership has ended. We have deleted your account, your profile, your "
        f"contact and directory choices and your email address ({departure.email})."
        f"{registrations}{voice}"
    )


def directory(request: HttpRequest) -> HttpResponse:
    if not queries.may_browse_directory(request.user):
        return render(request, "members/directory_locked.html")
    assert request.user.is_authenticated  # noqa: S101 (narrows the type; checked above)
    filters = DirectoryFilterForm(request.GET or None)
    region, theme_slug = "", ""
    if filters.is_valid():
        region = filters.cleaned_data["region"]
        theme = filters.cleaned_data["theme"]
        theme_slug = theme.slug if theme else ""
    members = queries.directory_for(
        request.user, region=region, theme_slug=theme_slug
    ).order_by("name", "pk")
    page = Paginator(members, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/directory.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "show_all": queries.sees_every_member(request.user),
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not queries.may_browse_directory(request.user):
        return render(request, "members/directory_locked.html")
    assert request.user.is_authenticated  # noqa: S101 (narrows the type; checked above)
    member = queries.get_member_for(request.user, pk)
    return render(
        request,
        "members/member_detail.html",
        {"entry": member, "show_all": queries.sees_every_member(request.user)},
    )


def _too_many_emails(
    request: HttpRequest, template: str, form: BaseForm, error: services.TooManyEmails
) -> HttpResponse:
    """The form again, with what was typed, asking the person to wait."""
    response = render(
        request, template, {"form": form, "too_many": error.message}, status=429
    )
    response["Retry-After"] = str(error.retry_after)
    return response


def _status(form: BaseForm) -> int:
    """400 for a submitted form with errors, so tests and tools can tell it failed."""
    return 400 if form.errors else 200
