from typing import Any

from django.core.management.base import BaseCommand

from convene.members.membership_reminders import run_membership_day


class Command(BaseCommand):
    help = (
        "Lapse memberships that ran out and email renewal reminders to members who "
        "asked for them. Run it daily (cron or a timer); rerunning sends nothing twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        run = run_membership_day()
        self.stdout.write(
            f"{run.lapsed} membership{'s' if run.lapsed != 1 else ''} lapsed, "
            f"{run.reminded} renewal reminder{'s' if run.reminded != 1 else ''} queued."
        )
