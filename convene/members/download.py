""" "Download my data": everything the registry knows about a person, as a zip of JSON
files with a README saying what each holds."""

import io
import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.utils import timezone

from convene.core.errors import Refusal
from convene.members.registry import declarations

# Long enough for the largest download to be built; a crash mid-way frees it after this.
BUILDING_TIMEOUT = 120


class DownloadInProgress(Refusal):
    def __init__(self) -> None:
        super().__init__(
            "Your data is already being gathered for a download you asked for a moment "
            "ago. It will arrive in that download; if it did not, try again in a minute."
        )


@contextmanager
def one_download_at_a_time(user: User) -> Iterator[None]:
    """Refuse a second download while the first is being built (a double click, two
    tabs), so one person cannot keep the server busy gathering the same data twice."""
    key = f"members:download-building:{user.pk}"
    if not cache.add(key, 1, BUILDING_TIMEOUT):
        raise DownloadInProgress()
    try:
        yield
    finally:
        cache.delete(key)


def _readme(user: User) -> str:
    lines = [
        f"Your data from {settings.SITE_NAME}",
        "",
        f"Everything we hold about you, gathered on {timezone.now():%d %B %Y at %H:%M} "
        f"(UTC) for {user.email}.",
        "Each file is JSON, readable in any text editor. An empty file (null or []) "
        "means we hold nothing of that kind about you.",
        "",
    ]
    for item in declarations():
        lines += [f"{item.key}.json: {item.label}", f"    {item.explanation}", ""]
    lines.append(
        'To have it all erased, use "Leave" on your account page: it says what '
        "happens to each part."
    )
    return "\n".join(lines) + "\n"


def build_download(user: User) -> bytes:
    """The zip: README.txt, then one JSON file per kind of personal data."""
    with one_download_at_a_time(user):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("README.txt", _readme(user))
            for item in declarations():
                content = json.dumps(item.export(user), indent=2, ensure_ascii=False)
                archive.writestr(f"{item.key}.json", content + "\n")
        return buffer.getvalue()
