"""The privacy notice: the text staff last published, or a default written for a
community organisation until they do."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.safestring import SafeString

from convene.core.markdown import render_markdown
from convene.members.models import PrivacyNotice

DEFAULT_NOTICE_FILE = Path(__file__).with_name("privacy_default.md")
SITE_NAME_MARK = "{site_name}"


def default_notice_text() -> str:
    return DEFAULT_NOTICE_FILE.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Notice:
    text: str
    published_at: datetime | None  # None: the default, never published

    @property
    def html(self) -> SafeString:
        """The notice as sanitised HTML, naming the site where the text says {site_name}."""
        return render_markdown(self.text.replace(SITE_NAME_MARK, settings.SITE_NAME))


def current_notice() -> Notice:
    latest = PrivacyNotice.objects.order_by("-published_at", "-pk").first()
    if latest is None:
        return Notice(text=default_notice_text(), published_at=None)
    return Notice(text=latest.text, published_at=latest.published_at)


@transaction.atomic
def publish_privacy_notice(text: str) -> PrivacyNotice:
    """Publish a new version; earlier ones stay, so what the notice said on a day is known."""
    notice = PrivacyNotice(text=text.strip())
    notice.full_clean()
    notice.save()
    return notice
