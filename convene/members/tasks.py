"""Members' background work: emails (each task takes ids, re-fetches and calls one
function), and the daily erasing and membership round (see core.schedule)."""

from datetime import timedelta

from django.contrib.auth.models import User
from django_tasks import task

from convene.core.schedule import every
from convene.members import emails
from convene.members.models import Member, Role


@task()
def send_verification_email(member_id: int) -> None:
    member = Member.objects.select_related("user").filter(pk=member_id).first()
    if member is None:  # they left before the email went
        return
    emails.send_verification_email(member)


@task()
def send_already_member_email(member_id: int) -> None:
    member = Member.objects.select_related("user").filter(pk=member_id).first()
    if member is None:
        return
    emails.send_already_member_email(member)


@task()
def send_password_reset_email(user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    emails.send_password_reset_email(user)


@task()
def send_role_email(role_id: int) -> None:
    role = Role.objects.select_related("event", "conversation").filter(pk=role_id)
    found = role.first()
    if found is None:  # removed before the email went
        return
    emails.send_role_email(found)


@every(timedelta(days=1))
@task()
def erase_expired_data() -> None:
    # Imported here: the retention rules reach every app's personal data, and the email
    # tasks above should not load them.
    from convene.members import retention

    retention.erase_expired()


@every(timedelta(days=1))
@task()
def membership_day() -> None:
    """Lapse memberships that ran out; email the renewal reminders now due."""
    from convene.members.membership_reminders import run_membership_day

    run_membership_day()
