"""The attendee list as CSV, for the staff page and the admin action."""

import csv
from collections.abc import Iterable
from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone

from convene.events.models import Registration

CSV_FIELDS = [
    "name",
    "email",
    "phone",
    "organisation",
    "access_needs",
    "status",
    "code",
    "channel",
    "over_capacity",
    "created_at",
    "checked_in_at",
]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    text = str(value)
    # Spreadsheets run cells starting with these as formulas; names are typed by the public.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def registrations_csv(
    registrations: Iterable[Registration], filename: str
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(["event", *CSV_FIELDS])
    for registration in registrations:
        writer.writerow(
            [
                registration.event.title,
                *(_cell(getattr(registration, field)) for field in CSV_FIELDS),
            ]
        )
    return response
