"""A choice of rows sent as a number past any id is refused like any unknown choice, not a
server error (found by the form fuzzer: SQLite cannot be asked for such a number)."""

from django.test import Client

from convene.members.models import Member
from convene.members.tests.helpers import PASSWORD, make_theme
from convene.themes.models import Theme

PAST_ANY_ID = "99999999999999999999"


def test_join_form_with_a_theme_past_any_id_is_refused(
    db: None, visitor: Client
) -> None:
    theme = make_theme()
    visitor.raise_request_exception = False
    response = visitor.post(
        "/members/join/",
        {
            "kind": "individual",
            "email": "sam@example.org",
            "password": PASSWORD,
            "password_confirm": PASSWORD,
            "name": "Sam Joiner",
            "region": "north-west",
            "themes": [str(theme.pk), PAST_ANY_ID],
        },
    )
    assert response.status_code == 400
    assert (
        f"{PAST_ANY_ID} is not one of the available choices"
        in response.content.decode()
    )
    assert not Member.objects.exists()


def test_rows_among_numbers_past_any_id_are_still_found(db: None) -> None:
    theme = make_theme()
    found = Theme.objects.filter(pk__in=[theme.pk, int(PAST_ANY_ID), -int(PAST_ANY_ID)])
    assert list(found) == [theme]
    assert not Theme.objects.filter(pk__in=[int(PAST_ANY_ID)]).exists()
