from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from convene.conversations.models import (
    STATEMENT_MAX_LENGTH,
    Conversation,
    DiscussionGroup,
    Participant,
    Statement,
    Vote,
)
from convene.conversations.organising import (
    accept_statement,
    add_seed_statement,
    checked_seed_text,
    mark_statement_meta,
    reject_statement,
    set_conversation_open,
)
from convene.conversations.services import ConversationError, checked_statement_text
from convene.core.admin_widgets import CheckedAutocompleteAdmin


class SeedStatementAdminForm(forms.ModelForm[Statement]):
    """The same rules as every statement: plain text, up to 280 characters."""

    # No `maxlength` in the page: the browser would cut a pasted seed short without a word.
    # The check below refuses it with the count, and the text stays in the box to shorten.
    text = forms.CharField(
        max_length=4 * STATEMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
    )

    class Meta:
        model = Statement
        fields = ["text"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.pop("maxlength", None)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        conversation = getattr(self.instance, "conversation", None)
        try:
            if self.instance.pk is None and conversation is not None:
                return checked_seed_text(conversation, text)
            return checked_statement_text(text)
        except ConversationError as refused:
            raise forms.ValidationError(refused.message) from refused


class SeedStatementInline(admin.TabularInline[Statement, Conversation]):
    model = Statement
    form = SeedStatementAdminForm
    fields = ["text"]
    extra = 3
    verbose_name = "seed statement"
    verbose_name_plural = "seed statements"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Statement]:
        return super().get_queryset(request).filter(is_seed=True)


@admin.register(Conversation)
class ConversationAdmin(CheckedAutocompleteAdmin[Conversation]):
    list_display = ["question", "event", "moderation", "is_open", "is_published"]
    list_filter = ["is_open", "is_published", "moderation", "themes"]
    search_fields = ["question", "description"]
    prepopulated_fields = {"slug": ["question"]}
    filter_horizontal = ["themes"]
    autocomplete_fields = ["event"]
    inlines = [SeedStatementInline]

    def save_model(
        self, request: HttpRequest, obj: Conversation, form: Any, change: bool
    ) -> None:
        if change and "is_open" in form.changed_data:
            # Through the service, which tells the wall and the phones in the room.
            set_conversation_open(obj, is_open=obj.is_open)
        super().save_model(request, obj, form, change)

    def save_formset(
        self, request: HttpRequest, form: Any, formset: Any, change: bool
    ) -> None:
        # Statements typed here are staff's seeds: made by the service, accepted as written.
        for statement in formset.save(commit=False):
            if statement.pk is None:
                try:
                    add_seed_statement(form.instance, text=statement.text)
                except ConversationError as refused:  # the same text twice in one form
                    messages.warning(request, f"Not added: {refused.message}")
            else:
                statement.save()
        for statement in formset.deleted_objects:
            statement.delete()


@admin.register(DiscussionGroup)
class DiscussionGroupAdmin(admin.ModelAdmin[DiscussionGroup]):
    list_display = ["name", "event", "topic"]
    list_filter = ["event"]
    search_fields = ["name", "topic"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin[Statement]):
    list_display = [
        "text",
        "conversation",
        "status",
        "channel",
        "is_seed",
        "created_at",
    ]
    list_filter = ["status", "channel", "is_seed", "conversation"]
    search_fields = ["text"]
    # Status and the meta mark change through the actions below (the services), which tell
    # the live pages and recompute the opinion map; a plain save would do neither.
    readonly_fields = [
        "author",
        "status",
        "is_meta",
        "similar_to",
        "created_at",
        "moderated_at",
    ]
    actions = ["accept", "reject", "mark_meta", "unmark_meta"]

    @admin.action(description="Accept the selected statements")
    def accept(self, request: HttpRequest, queryset: QuerySet[Statement]) -> None:
        for statement in queryset:
            try:
                accept_statement(statement)
            except ConversationError as refused:
                self.message_user(request, refused.message, messages.ERROR)
                return
        self.message_user(request, f"Accepted {queryset.count()} statements.")

    @admin.action(description="Reject the selected statements (reason: off topic)")
    def reject(self, request: HttpRequest, queryset: QuerySet[Statement]) -> None:
        for statement in queryset:
            try:
                reject_statement(statement, reason="Off topic (rejected in the admin)")
            except ConversationError as refused:
                self.message_user(request, refused.message, messages.ERROR)
                return
        self.message_user(request, f"Rejected {queryset.count()} statements.")

    @admin.action(description="Mark as about the conversation itself (meta)")
    def mark_meta(self, request: HttpRequest, queryset: QuerySet[Statement]) -> None:
        for statement in queryset:
            mark_statement_meta(statement, is_meta=True)
        self.message_user(
            request,
            f"Marked {queryset.count()} statements as meta: left out of the map.",
        )

    @admin.action(description="Unmark meta")
    def unmark_meta(self, request: HttpRequest, queryset: QuerySet[Statement]) -> None:
        for statement in queryset:
            mark_statement_meta(statement, is_meta=False)
        self.message_user(request, f"Unmarked {queryset.count()} statements.")


class ReadOnly:
    """Votes and participants are written by services only; the admin shows them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: object | None = None
    ) -> bool:
        return False


@admin.register(Vote)
class VoteAdmin(ReadOnly, admin.ModelAdmin[Vote]):
    list_display = ["statement", "participant", "choice", "channel", "updated_at"]
    list_filter = ["channel", "choice", "conversation"]
    list_select_related = ["statement", "participant"]


@admin.register(Participant)
class ParticipantAdmin(ReadOnly, admin.ModelAdmin[Participant]):
    list_display = ["pk", "conversation", "user", "channel", "created_at"]
    list_filter = ["channel", "conversation"]
    list_select_related = ["conversation", "user"]
