"""Who counts as staff: the people who run the whole site.

A staff account opens the admin, and nothing more until the admin gives it permissions. So
each staff-only page asks for the model permission of what it shows or changes (a superuser
holds them all), and a staff account refused on every model is refused on the site too.
"""

from django.contrib.auth.models import AnonymousUser, User


def staff_may(user: User | AnonymousUser, permission: str) -> bool:
    """True for active staff holding `permission` ("events.change_event")."""
    if not user.is_active:
        return False
    if not user.is_staff:
        return False
    return user.has_perm(permission)
