from django.contrib import admin

from convene.blog.models import Author, Post
from convene.core.admin_widgets import CheckedAutocompleteAdmin


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin[Author]):
    list_display = ["name", "role", "user"]
    search_fields = ["name", "role", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["user"]


@admin.register(Post)
class PostAdmin(CheckedAutocompleteAdmin[Post]):
    # "View on site" uses Post.get_absolute_url; the post page shows drafts and scheduled
    # posts to staff, with a banner, so it works before publication too.
    list_display = ["title", "author", "status", "published_at", "event"]
    list_filter = ["status", "published_at", "author", "themes"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]
    date_hierarchy = "published_at"
    list_select_related = ["author", "event"]
    autocomplete_fields = ["author"]
    raw_id_fields = ["event"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "summary", "body"]}),
        ("Publication", {"fields": ["status", "published_at"]}),
        ("Links", {"fields": ["themes", "event"]}),
    ]
