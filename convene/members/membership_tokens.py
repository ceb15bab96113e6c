"""Signed renew links: stateless, and single-use because renewing moves the expiry date.

A link names the membership and the expiry date it was sent about. Once the membership is
renewed its expiry moves on, so the same link no longer matches and is refused as used.
"""

import datetime

from django.core import signing

from convene.members.models import Membership

RENEW_SALT = "convene.members.renew-membership"


def renewal_token(membership: Membership) -> str:
    expires = membership.expires_on.isoformat() if membership.expires_on else ""
    return signing.dumps(
        {"membership": membership.pk, "expires": expires}, salt=RENEW_SALT
    )


def read_renewal_token(token: str, *, max_age: int) -> tuple[int, datetime.date]:
    """Raises signing.SignatureExpired or signing.BadSignature for a link we cannot trust."""
    data = signing.loads(token, salt=RENEW_SALT, max_age=max_age)
    if not isinstance(data, dict):
        raise signing.BadSignature("Unexpected token contents")
    membership_id, expires = data.get("membership"), data.get("expires")
    if not isinstance(membership_id, int) or not isinstance(expires, str):
        raise signing.BadSignature("Unexpected token contents")
    try:
        return membership_id, datetime.date.fromisoformat(expires)
    except ValueError as error:
        raise signing.BadSignature("Unexpected token contents") from error
