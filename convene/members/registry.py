"""The one registry of personal data: what each app holds about a person, and how to hand
it over or let it go.

Each app declares its kinds of personal data in its own `personal_data.py`, calling
`declare` (and `declare_retention` for data kept only so long). "Download my data",
"Leave" and the retention task go through the registry alone, so an app that starts
holding something about people plugs in here and is exported and erased with the rest.
A test walks every model and fails for one that points at a person but is not covered.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeAlias

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Model
from django.utils.module_loading import autodiscover_modules

# What an export gives: plain JSON values (dicts, lists, text, numbers, booleans).
Exported: TypeAlias = (
    "dict[str, Exported] | list[Exported] | str | int | float | bool | None"
)


@dataclass(frozen=True)
class Erasure:
    """What a person asked for as they leave.

    `keep_voice`: their votes and statements stay, counted but tied to no one; otherwise
    they are removed.
    """

    keep_voice: bool


@dataclass(frozen=True)
class PersonalData:
    """One kind of data an app holds about a person.

    `export(user)` returns what the download holds for it; `erase(user, erasure)` erases or
    anonymises it as the person leaves and returns how many records it changed. `models`
    are the models this declaration answers for: the coverage test checks that every model
    pointing at a user, member or participant is named by one declaration. `order` sets
    when it is erased: lower first (what needs the account to find its rows goes before
    the account itself, at 100).
    """

    key: str
    label: str
    explanation: str
    models: tuple[type[Model], ...]
    export: Callable[[User], Exported]
    erase: Callable[[User, Erasure], int]
    order: int = 50


@dataclass(frozen=True)
class Due:
    """What a retention rule would erase if it ran now."""

    count: int
    oldest: datetime | None


@dataclass(frozen=True)
class Retention:
    """Data kept only for a while: `due(now)` says what is past its time, `erase_batch`
    erases up to `limit` of it in one transaction and returns how many it erased.

    An erased record no longer matches `due`, so a run cut short erases only what is left
    when it runs again: nothing twice, nothing skipped. `keep_days` reads the setting.
    """

    key: str
    label: str
    explanation: str
    setting: str
    keep_days: Callable[[], int]
    due: Callable[[datetime], Due]
    erase_batch: Callable[[datetime, int], int]


_declarations: dict[str, PersonalData] = {}
_retentions: dict[str, Retention] = {}


def declare(declaration: PersonalData) -> PersonalData:
    _declarations[declaration.key] = declaration
    return declaration


def declare_retention(retention: Retention) -> Retention:
    _retentions[retention.key] = retention
    return retention


def _discover() -> None:
    # Like the admin's registry: each installed app's personal_data module, imported once.
    autodiscover_modules("personal_data")


def declarations() -> list[PersonalData]:
    """Every kind of personal data, in the order it is erased."""
    _discover()
    return sorted(_declarations.values(), key=lambda item: (item.order, item.key))


def retentions() -> list[Retention]:
    _discover()
    return sorted(_retentions.values(), key=lambda item: item.key)


def covered_models() -> set[type[Model]]:
    return {model for item in declarations() for model in item.models}


def export_person(user: User) -> dict[str, Exported]:
    """Everything every app holds about this person, by declaration key."""
    return {item.key: item.export(user) for item in declarations()}


@transaction.atomic
def erase_person(user: User, erasure: Erasure) -> dict[str, int]:
    """Erase or anonymise everything every app holds about this person, account last.

    Returns how many records each declaration changed.
    """
    return {item.key: item.erase(user, erasure) for item in declarations()}
