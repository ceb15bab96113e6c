from typing import Any

from django.core.management.base import BaseCommand

from convene.conversations.moderation_alerts import alert_moderators


class Command(BaseCommand):
    help = (
        "Email moderators about statements that have waited too long for a decision "
        "(MODERATION_ALERT_AFTER), at most once per MODERATION_ALERT_INTERVAL each. "
        "Run it from cron every few minutes; rerunning it sends nothing new."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        emailed = alert_moderators()
        self.stdout.write(f"Emailed {emailed} moderator{'s' if emailed != 1 else ''}.")
