import csv

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils import timezone

from convene.core.admin_widgets import CheckedAutocompleteAdmin
from convene.core.forms import URLS_ASSUME_HTTPS
from convene.members import services
from convene.members.forms import AccountChangeForm, StaffLoginForm
from convene.members.models import Member
from convene.members.queries import members_csv_rows


def csv_response(members: QuerySet[Member]) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="members-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerows(
        members_csv_rows(
            members.select_related("user").prefetch_related("themes").order_by("pk")
        )
    )
    return response


class VerifiedFilter(admin.SimpleListFilter):
    title = "email verified"
    parameter_name = "verified"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Member]
    ) -> list[tuple[str, str]]:
        return [("yes", "Verified"), ("no", "Not yet verified")]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[Member]
    ) -> QuerySet[Member]:
        if self.value() == "yes":
            return queryset.filter(email_verified_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(email_verified_at__isnull=True)
        return queryset


@admin.register(Member)
class MemberAdmin(CheckedAutocompleteAdmin[Member]):
    change_list_template = "admin/members/member/change_list.html"
    formfield_overrides = URLS_ASSUME_HTTPS
    list_display = ["name", "kind", "email", "region", "verified", "joined_at"]
    list_filter = ["kind", "region", VerifiedFilter, "themes"]
    search_fields = ["name", "organisation", "contact_name", "user__email"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["themes"]
    readonly_fields = ["email_verified_at", "joined_at", "updated_at"]
    date_hierarchy = "joined_at"
    actions = ["export_csv", "mark_verified"]

    @admin.display(ordering="user__email")
    def email(self, member: Member) -> str:
        return member.email

    @admin.display(boolean=True, ordering="email_verified_at")
    def verified(self, member: Member) -> bool:
        return member.is_verified

    @admin.action(description="Export selected members as CSV")
    def export_csv(
        self, request: HttpRequest, queryset: QuerySet[Member]
    ) -> HttpResponse:
        return csv_response(queryset)

    @admin.action(description="Mark the selected members' email addresses as confirmed")
    def mark_verified(self, request: HttpRequest, queryset: QuerySet[Member]) -> None:
        """For a member whose confirmation email never arrived, once staff have checked the
        address with them some other way (in person, by phone)."""
        waiting = list(queryset.filter(email_verified_at__isnull=True))
        for member in waiting:
            services.verify_member(member)
        already = queryset.count() - len(waiting)
        text = f"{len(waiting)} member{'s' if len(waiting) != 1 else ''} marked as confirmed."
        if already:
            text += f" {already} already were, and are unchanged."
        self.message_user(request, text, messages.SUCCESS)

    def get_urls(self) -> list[URLPattern]:
        export_all = self.admin_site.admin_view(self.export_all_view)
        return [
            path("export.csv", export_all, name="members_member_export"),
            *super().get_urls(),
        ]

    def export_all_view(self, request: HttpRequest) -> HttpResponse:
        """Every member, for staff who may view members (the action covers a selection)."""
        if not self.has_view_permission(request):
            return HttpResponse("You may not export members.", status=403)
        return csv_response(Member.objects.all())


# The admin's log-in checks passwords as the members' form does, so it is paused alike.
admin.site.login_form = StaffLoginForm

admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin[User]):
    """Django's user admin, keeping a member's login in step with their email address.

    For accounts that log in by email the username is shown but not edited: it follows
    the address, so staff changing the address cannot lock the member out.
    """

    form = AccountChangeForm

    def get_readonly_fields(
        self, request: HttpRequest, obj: User | None = None
    ) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and services.logs_in_by_email(obj):
            fields.append("username")
        return fields

    def save_model(
        self, request: HttpRequest, obj: User, form: forms.ModelForm[User], change: bool
    ) -> None:
        if change and "email" in form.changed_data:
            services.change_email(obj, obj.email)
        super().save_model(request, obj, form, change)
