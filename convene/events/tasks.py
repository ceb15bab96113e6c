from django_tasks import task

from convene.events.emails import send_registration_email as send_email
from convene.events.models import Registration


@task()
def send_registration_email(registration_id: int, kind: str) -> None:
    registration = Registration.objects.select_related("event__venue").get(
        pk=registration_id
    )
    send_email(registration, kind)
