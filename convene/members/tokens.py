"""Signed email-verification tokens: stateless, so nothing is stored until a link is used."""

from django.core import signing

from convene.members.models import Member

VERIFY_SALT = "convene.members.verify-email"


def verification_token(member: Member) -> str:
    """Name the member and the address the link proves, so a link sent to an old address
    stops working if the address ever changes."""
    return signing.dumps({"member": member.pk, "email": member.email}, salt=VERIFY_SALT)


def read_verification_token(token: str, *, max_age: int) -> tuple[int, str]:
    """Raises signing.SignatureExpired or signing.BadSignature for a link we cannot trust."""
    data = signing.loads(token, salt=VERIFY_SALT, max_age=max_age)
    if not isinstance(data, dict):
        raise signing.BadSignature("Unexpected token contents")
    member_id, email = data.get("member"), data.get("email")
    if not isinstance(member_id, int) or not isinstance(email, str):
        raise signing.BadSignature("Unexpected token contents")
    return member_id, email


INVITATION_SALT = "convene.members.role-invitation"


def invitation_token(role_id: int, email: str) -> str:
    """Name the role and the address invited: the link stops working if the role goes."""
    return signing.dumps({"role": role_id, "email": email}, salt=INVITATION_SALT)


def read_invitation_token(token: str, *, max_age: int) -> tuple[int, str]:
    """Raises signing.SignatureExpired or signing.BadSignature for a link we cannot trust."""
    data = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    if not isinstance(data, dict):
        raise signing.BadSignature("Unexpected token contents")
    role_id, email = data.get("role"), data.get("email")
    if not isinstance(role_id, int) or not isinstance(email, str):
        raise signing.BadSignature("Unexpected token contents")
    return role_id, email
