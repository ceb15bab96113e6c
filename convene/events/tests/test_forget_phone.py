from django.contrib.auth.models import User

from convene.events.models import Registration
from convene.events.services import forget_registrations_of
from convene.events.tests.helpers import make_event, make_registration


def test_a_departing_members_phone_number_goes_with_their_name(db: None) -> None:
    user = User.objects.create_user("rita", "rita@example.org", "pw-rita-12345")
    registration = make_registration(make_event(), name="Rita Holroyd", user=user)
    Registration.objects.filter(pk=registration.pk).update(phone="0114 496 0731")

    forget_registrations_of(user)

    registration.refresh_from_db()
    assert registration.name == "Former member"
    assert registration.phone == ""
