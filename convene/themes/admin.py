from django.contrib import admin

from convene.themes.models import Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin[Theme]):
    list_display = ["name", "explanation"]
    search_fields = ["name", "explanation"]
    prepopulated_fields = {"slug": ["name"]}
