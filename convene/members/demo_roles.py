"""Demo roles below staff: a door volunteer at the Sheffield event and a moderator of every
conversation, each with the demo password, so the door and the moderation queue can be
tried as the people who do that work rather than as staff."""

from django.contrib.auth.models import User

from convene.events.models import Event
from convene.members.models import Role

DEMO_ROLE_PASSWORD = "convene-demo"  # noqa: S105 (a published password for a local demo only)
DEMO_DOOR_VOLUNTEER = "priya.n@example.com"
DEMO_MODERATOR = "cllr.m.haworth@calder-parish.example"
SHEFFIELD_SLUG = "community-voices-sheffield"


def _with_demo_password(email: str) -> User:
    user = User.objects.get(username=email)
    user.set_password(DEMO_ROLE_PASSWORD)
    user.save(update_fields=["password"])
    return user


def load_roles_demo() -> str:
    sheffield = Event.objects.get(slug=SHEFFIELD_SLUG)
    volunteer = _with_demo_password(DEMO_DOOR_VOLUNTEER)
    moderator = _with_demo_password(DEMO_MODERATOR)
    Role.objects.create(
        user=volunteer, email=volunteer.email, kind=Role.Kind.DOOR, event=sheffield
    )
    Role.objects.create(user=moderator, email=moderator.email, kind=Role.Kind.MODERATOR)
    return (
        f"Door volunteer at Sheffield: {DEMO_DOOR_VOLUNTEER} / {DEMO_ROLE_PASSWORD}; "
        f"moderator of every conversation: {DEMO_MODERATOR} / {DEMO_ROLE_PASSWORD}"
    )
