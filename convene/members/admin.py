import csv

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone

from convene.core.admin_widgets import CheckedAutocompleteAdmin
from convene.core.forms import URLS_ASSUME_HTTPS
from convene.members import consents, membership_queries, services, team
from convene.members import membership as membership_services
from convene.members.forms import AccountChangeForm, StaffLoginForm
from convene.members.models import (
    ConsentRecord,
    Member,
    Membership,
    MembershipType,
    PrivacyNotice,
    Role,
)
from convene.members.privacy import current_notice, publish_privacy_notice
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


class MembershipInline(admin.StackedInline[Membership, Member]):
    """The member's membership, to read beside their profile; it changes through the
    membership's own page and actions, so every step is recorded."""

    model = Membership
    fields = ["type", "status", "started_on", "expires_on"]
    readonly_fields = ["type", "status", "started_on", "expires_on"]
    can_delete = False
    show_change_link = True

    def has_add_permission(
        self, request: HttpRequest, obj: Member | None = None
    ) -> bool:
        return False


class ConsentHistory(admin.TabularInline[ConsentRecord, Member]):
    """Every time a consent was given or withdrawn, newest first: read-only, as a record
    must be. Staff change a consent on the form above; the change is recorded here."""

    model = ConsentRecord
    verbose_name = "consent change"
    verbose_name_plural = "consent history"
    fields = ("at", "question", "given", "channel", "page", "recorded_by")
    readonly_fields = fields
    ordering = ["-at", "-pk"]
    extra = 0
    can_delete = False

    @admin.display(description="consent")
    def question(self, record: ConsentRecord) -> str:
        return consents.consent_label(record.consent)

    def has_add_permission(
        self, request: HttpRequest, obj: Member | None = None
    ) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: Member | None = None
    ) -> bool:
        return False


@admin.register(Member)
class MemberAdmin(CheckedAutocompleteAdmin[Member]):
    inlines = [MembershipInline, ConsentHistory]
    change_list_template = "admin/members/member/change_list.html"
    formfield_overrides = URLS_ASSUME_HTTPS
    list_display = ["name", "kind", "email", "region", "verified", "joined_at"]
    # Filtering by consent first, then exporting, gives staff a list that honours it.
    list_filter = [
        "kind",
        "region",
        VerifiedFilter,
        "themes",
        "may_email_news",
        "may_email_events",
        "may_email_consultations",
        "may_phone",
    ]
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

    def save_model(
        self,
        request: HttpRequest,
        obj: Member,
        form: forms.ModelForm[Member],
        change: bool,
    ) -> None:
        stored = Member.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        consents.record_changes(
            obj,
            before=consents.current_consents(stored) if stored else None,
            channel=consents.Channel.STAFF,
            page="Staff admin: member page",
            recorded_by=request.user.get_username(),
        )

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


@admin.register(MembershipType)
class MembershipTypeAdmin(admin.ModelAdmin[MembershipType]):
    list_display = ["name", "term", "counts_as_voice", "default_for_kind"]
    list_filter = ["term", "counts_as_voice"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    change_list_template = "admin/members/membership/change_list.html"
    list_display = ["member", "type", "status", "started_on", "expires_on"]
    list_filter = ["status", "type"]
    search_fields = ["member__name", "member__user__email"]
    list_select_related = ["member", "type"]
    fields = ["member", "type", "status", "started_on", "expires_on"]
    readonly_fields = ["member", "status", "started_on"]
    date_hierarchy = "expires_on"
    actions = ["renew", "end"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a membership begins when someone joins

    @admin.action(description="Renew the selected memberships")
    def renew(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        renewed, refused = 0, []
        for membership in queryset.select_related("member"):
            try:
                membership_services.renew_membership(membership)
            except membership_services.RenewalRefused as error:
                refused.append(f"{membership.member}: {error.message}")
            else:
                renewed += 1
        self.message_user(request, f"{renewed} renewed.", messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description="End the selected memberships (the members have left)")
    def end(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset:
            membership_services.end_membership(membership)
        self.message_user(request, f"{queryset.count()} ended.", messages.SUCCESS)

    def get_urls(self) -> list[URLPattern]:
        figures = self.admin_site.admin_view(self.figures_view)
        export = self.admin_site.admin_view(self.export_view)
        return [
            path("figures/", figures, name="members_membership_figures"),
            path("export.csv", export, name="members_membership_export"),
            *super().get_urls(),
        ]

    def figures_view(self, request: HttpRequest) -> HttpResponse:
        """Joins, renewals, lapses and departures by month, for staff who may view them."""
        if not self.has_view_permission(request):
            return HttpResponse("You may not see membership figures.", status=403)
        context = {
            **self.admin_site.each_context(request),
            "title": "Membership by month",
            "opts": self.model._meta,
            "months": membership_queries.changes_by_month(),
            "standing": membership_queries.memberships_by_status(),
        }
        return TemplateResponse(
            request, "admin/members/membership/figures.html", context
        )

    def export_view(self, request: HttpRequest) -> HttpResponse:
        """Every member with their membership, holding only what each agreed staff may use."""
        if not self.has_view_permission(request):
            return HttpResponse("You may not export members.", status=403)
        stamp = timezone.localdate().isoformat()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="memberships-{stamp}.csv"'
        )
        csv.writer(response).writerows(membership_queries.membership_csv_rows())
        return response


class PrivacyNoticeForm(forms.ModelForm[PrivacyNotice]):
    class Meta:
        model = PrivacyNotice
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 40, "cols": 100})}


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin[PrivacyNotice]):
    """Each save publishes a new version, starting from the current text; earlier versions
    are kept read-only, so the organisation can show what the notice said on any day."""

    form = PrivacyNoticeForm
    list_display = ["__str__", "published_at"]

    def get_changeform_initial_data(
        self, request: HttpRequest
    ) -> dict[str, str | list[str]]:
        return {"text": current_notice().text}

    def has_change_permission(
        self, request: HttpRequest, obj: PrivacyNotice | None = None
    ) -> bool:
        return False

    def save_model(
        self,
        request: HttpRequest,
        obj: PrivacyNotice,
        form: forms.ModelForm[PrivacyNotice],
        change: bool,
    ) -> None:
        published = publish_privacy_notice(obj.text)
        obj.pk, obj.published_at = published.pk, published.published_at


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin[Role]):
    """Roles are mostly given from events' and conversations' team pages; here staff also
    give moderators of every conversation (leave the conversation empty)."""

    list_display = ["email", "kind", "event", "conversation", "user", "created_at"]
    list_filter = ["kind"]
    search_fields = ["email", "user__first_name", "user__last_name"]
    fields = ["email", "kind", "event", "conversation", "alerts_on"]
    raw_id_fields = ["event", "conversation"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: Role | None = None
    ) -> list[str]:
        return ["email", "kind", "event", "conversation"] if obj else []

    def save_model(
        self, request: HttpRequest, obj: Role, form: forms.ModelForm[Role], change: bool
    ) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # Through the service, so the person is told (or invited) as from a team page.
        assert isinstance(request.user, User)  # noqa: S101 (the admin is for logged-in staff)
        try:
            given = team.give_role(
                obj.email,
                kind=obj.kind,
                by=request.user,
                event_id=obj.event_id,
                conversation_id=obj.conversation_id,
            )
        except team.RoleError as refused:
            raise forms.ValidationError(refused.message) from None
        obj.pk = given.pk
