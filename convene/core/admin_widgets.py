"""The admin's autocomplete select, safe against a value no row could have."""

from collections.abc import Sequence
from typing import Any, TypeVar

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import ModelChoiceField
from django.http import HttpRequest

_Model = TypeVar("_Model", bound=models.Model)


class CheckedAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete select, except that a submitted value no row could have (text
    where the id is a number) is shown as no choice.

    Django's own looks the value up when it shows the form's "Select a valid choice" error
    again, and the database refuses the text: the page fails with a 500 instead.
    """

    def optgroups(
        self, name: str, value: Sequence[str], attr: dict[str, Any] | None = None
    ) -> list[tuple[str | None, list[dict[str, Any]], int | None]]:
        remote = self.field.remote_field
        target = remote.model._meta.get_field(remote.field_name)
        empty = self.choices.field.empty_values
        try:
            for chosen in value:
                if chosen not in empty:
                    target.get_prep_value(target.to_python(chosen))
        except (ValidationError, ValueError, TypeError):
            value = []
        return super().optgroups(name, value, attr)


class CheckedAutocompleteAdmin(admin.ModelAdmin[_Model]):
    """A model admin whose `autocomplete_fields` use `CheckedAutocompleteSelect`."""

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                CheckedAutocompleteSelect(
                    db_field, self.admin_site, using=kwargs.get("using")
                ),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
