from django.contrib.auth.models import User
from django.db import transaction

from convene.events.models import Registration


@transaction.atomic
def forget_registrations_of(user: User) -> int:
    """Remove a departing member's personal details from their registrations.

    The registrations stay, unlinked and nameless, so past attendance figures do not change.
    """
    registrations = list(Registration.objects.filter(user=user))
    for registration in registrations:
        registration.user = None
        registration.name = "Former member"
        registration.email = f"removed-{registration.pk}@invalid"
        registration.organisation = ""
        registration.access_needs = ""
        registration.save(
            update_fields=["user", "name", "email", "organisation", "access_needs"]
        )
    return len(registrations)
