"""Everything that changes a member: joining, verifying, editing, leaving.

The account is Django's user. Its username is the member's email address, lower-cased, so
logging in "by email" is Django's own ModelBackend and one address can only join once (the
username is unique in the database, which settles a race between two joins as well).
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from convene.core import ratelimit
from convene.core.errors import Refusal
from convene.members import consents, tasks
from convene.members.membership import activate_membership, open_membership
from convene.members.models import Member
from convene.members.tokens import read_verification_token
from convene.themes.models import Theme

EMAIL_TAKEN = "Another account already uses this email address."
EMAIL_REQUIRED = "A member logs in with their email address, so it cannot be blank."


@dataclass(frozen=True)
class Profile:
    """What a member tells us and chooses, as the join and edit forms collect it."""

    kind: str
    name: str
    region: str
    organisation: str = ""
    contact_name: str = ""
    phone: str = ""
    website: str = ""
    bio: str = ""
    themes: list[Theme] = field(default_factory=list)
    may_email_news: bool = False
    may_email_events: bool = False
    may_email_consultations: bool = False
    may_phone: bool = False
    may_email_renewals: bool = False
    listed_in_directory: bool = True
    show_email: bool = False
    show_phone: bool = False
    show_website: bool = True
    show_region: bool = True
    show_bio: bool = True

    @classmethod
    def from_cleaned_data(cls, data: dict[str, Any]) -> "Profile":
        names = cls.__dataclass_fields__.keys()
        values = {name: data[name] for name in names if name in data}
        values["themes"] = list(values.get("themes", []))
        return cls(**values)


# Consents are set through members.consents, which records each change.
PROFILE_FIELDS = [
    name
    for name in Profile.__dataclass_fields__
    if name != "themes" and name not in consents.CONSENTS
]


def _wanted_consents(profile: Profile) -> dict[str, bool]:
    return {name: getattr(profile, name) for name in consents.CONSENTS}


def normalise_email(email: str) -> str:
    """One spelling per address: the whole address lower-cased, so Ann@X and ann@x match."""
    return email.strip().lower()


class TooManyEmails(Exception):
    """The address, or the client asking, has had as many emails as we send in an hour."""

    def __init__(self, *, retry_after: int) -> None:
        minutes = max(1, -(-retry_after // 60))
        self.retry_after = retry_after
        self.message = (
            "To protect people's inboxes we send only a few emails an hour to any one "
            "address, and take only so many requests from one connection. Please try "
            f"again in {minutes} minute{'s' if minutes != 1 else ''}. If you asked for "
            "an email earlier, it may still arrive: check your spam or junk folder too."
        )
        super().__init__(self.message)


def _email_limits() -> tuple[ratelimit.Limit, ratelimit.Limit]:
    return (
        ratelimit.Limit(
            "members:emails-to-address", settings.EMAILS_PER_ADDRESS_PER_HOUR, 3600
        ),
        ratelimit.Limit(
            "members:emails-from-ip", settings.EMAILS_PER_IP_PER_HOUR, 3600
        ),
    )


def check_email_allowance(email: str, *, client_ip: str | None) -> None:
    """Count a request to email this address; raise TooManyEmails past either limit.

    Every request counts, whether or not an account has the address, so a refusal says
    nothing about who has joined. A client_ip of None (not a web request) counts against
    the address only.
    """
    by_address, by_ip = _email_limits()
    counted = [(by_address, normalise_email(email))]
    if client_ip is not None:
        counted.append((by_ip, client_ip))
    over = [limit for limit, subject in counted if not ratelimit.hit(limit, subject)]
    if over:
        raise TooManyEmails(retry_after=max(limit.seconds_left() for limit in over))


class TooManyLogins(Exception):
    """Too many log-ins have failed for the address, or from the client, in this window."""

    def __init__(self, *, retry_after: int) -> None:
        minutes = max(1, -(-retry_after // 60))
        self.retry_after = retry_after
        self.message = (
            "Too many attempts to log in with this email address, or from your "
            "connection, have failed, so to keep accounts safe we have paused logging "
            f"in. Please try again in {minutes} minute{'s' if minutes != 1 else ''}, or "
            "reset your password. Until then we cannot check any password, even the "
            "right one."
        )
        super().__init__(self.message)


LOGIN_WINDOW = 15 * 60  # fixed quarters of an hour


def _login_limits() -> tuple[ratelimit.Limit, ratelimit.Limit]:
    return (
        ratelimit.Limit(
            "members:login-failures-for-address",
            settings.LOGIN_FAILURES_PER_ADDRESS,
            LOGIN_WINDOW,
        ),
        ratelimit.Limit(
            "members:login-failures-from-ip",
            settings.LOGIN_FAILURES_PER_IP,
            LOGIN_WINDOW,
        ),
    )


def _login_subjects(
    email: str, client_ip: str | None
) -> list[tuple[ratelimit.Limit, str]]:
    by_address, by_ip = _login_limits()
    subjects = [(by_address, normalise_email(email))]
    if client_ip is not None:
        subjects.append((by_ip, client_ip))
    return subjects


def check_login_allowance(email: str, *, client_ip: str | None) -> None:
    """Count a log-in attempt before its password is checked; raise TooManyLogins, and
    count nothing, once the address or the client has failed too often this window.

    The attempt counts as a failure until forgive_login_attempt takes it back (the password
    was right), so requests sent together cannot all be checked before any is counted.
    A refusal checks no password, so it is the same whether or not an account has the
    address, and a right password during the pause is refused too: that is the point.
    """
    subjects = _login_subjects(email, client_ip)
    over = [limit for limit, subject in subjects if ratelimit.reached(limit, subject)]
    if not over:
        over = [
            limit for limit, subject in subjects if not ratelimit.hit(limit, subject)
        ]
    if over:
        raise TooManyLogins(retry_after=max(limit.seconds_left() for limit in over))


def forgive_login_attempt(email: str, *, client_ip: str | None) -> None:
    """Take back an attempt counted by check_login_allowance: its password was right."""
    for limit, subject in _login_subjects(email, client_ip):
        ratelimit.forgive(limit, subject)


def clear_login_failures(email: str) -> None:
    """Lift a pause on the address: whoever reset its password has its inbox.

    The client's count stays, or one mailbox could buy a client endless guesses at others.
    """
    by_address, _ = _login_limits()
    ratelimit.clear(by_address, normalise_email(email))


def _apply(member: Member, profile: Profile) -> None:
    for name in PROFILE_FIELDS:
        setattr(member, name, getattr(profile, name))
    if member.kind == Member.Kind.ORGANISATION:
        member.organisation = ""
    else:
        member.contact_name = ""


@transaction.atomic
def join_member(
    email: str,
    *,
    password: str | None,
    profile: Profile,
    client_ip: str | None = None,
) -> Member:
    """Create the account and the profile; the member must verify the address to log in.

    An address that has already joined gets an email instead (a new verification link, or,
    once verified, a note that they are a member, with links to log in and reset the
    password), and nothing else changes: that member is returned as they were. The page
    that follows is the same either way, so the form never tells a stranger who is a member.

    A password of None makes an account that cannot log in until the password is reset
    (the demo uses this). Raises ValidationError keyed by "password", and TooManyEmails
    when the email would go past the limits (only a join that would send one counts, so
    someone fixing their password is not held up).
    """
    address = normalise_email(email)
    existing = Member.objects.filter(user__username=address).select_related("user")
    earlier = existing.first()
    if earlier is not None:
        check_email_allowance(address, client_ip=client_ip)
        _tell_existing_member_on_commit(earlier)
        return earlier
    user = User(username=address, email=address, first_name=profile.name[:150])
    if password is None:
        user.set_unusable_password()
    else:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password": error.error_list}) from error
        user.set_password(password)
    user.full_clean(exclude=["password", "username"])
    check_email_allowance(address, client_ip=client_ip)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:  # another join with this address won the race
        winner = existing.first()
        if winner is None:  # a staff account without a profile holds the address
            raise ValidationError(
                {"email": "This address can't be used to join: please contact us."}
            ) from error
        _tell_existing_member_on_commit(winner)
        return winner
    member = Member(user=user)
    _apply(member, profile)
    member.full_clean()
    member.save()
    member.themes.set(profile.themes)
    open_membership(member)
    consents.change_consents(
        member,
        _wanted_consents(profile),
        channel=consents.Channel.WEB,
        page="Join form",
        first_time=True,
    )
    _send_verification_on_commit(member)
    return member


def _tell_existing_member_on_commit(member: Member) -> None:
    if member.is_verified:
        member_id = member.pk
        transaction.on_commit(
            lambda: tasks.send_already_member_email.enqueue(member_id)
        )
    else:
        _send_verification_on_commit(member)


def _send_verification_on_commit(member: Member) -> None:
    member_id = member.pk
    transaction.on_commit(lambda: tasks.send_verification_email.enqueue(member_id))


@transaction.atomic
def verify_member(member: Member) -> Member:
    """Record that the member proved their address. Verifying twice keeps the first time."""
    if member.email_verified_at is None:
        member.email_verified_at = timezone.now()
        member.save(update_fields=["email_verified_at", "updated_at"])
        activate_membership(member)
    return member


class VerificationError(Refusal):
    """An emailed verification link we cannot honour; the message is shown to the person.

    An expired link is marked, so the page can offer to send a fresh one.
    """

    def __init__(self, message: str, *, expired: bool = False) -> None:
        super().__init__(message)
        self.expired = expired


@transaction.atomic
def check_verification_token(token: str, *, max_age: int) -> Member:
    """Verify the member named by an emailed token.

    Raises VerificationError, changing nothing, for an expired, tampered or stale token
    (stale: the account has gone, or its address is no longer the one the link was for).
    """
    try:
        member_id, email = read_verification_token(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise VerificationError(
            "This verification link has expired.", expired=True
        ) from error
    except signing.BadSignature as error:
        raise VerificationError(
            "This verification link is not valid: it may have been cut short or changed."
        ) from error
    member = (
        Member.objects.select_for_update()
        .select_related("user")
        .filter(pk=member_id, user__email=email)
        .first()
    )
    if member is None:
        raise VerificationError("This verification link is no longer valid.")
    return verify_member(member)


@transaction.atomic
def resend_verification(email: str, *, client_ip: str | None = None) -> bool:
    """Send a fresh link if an unverified member has this address.

    The caller shows the same message either way, so the form does not reveal who joined.
    Raises TooManyEmails past the limits, whoever has the address.
    """
    check_email_allowance(email, client_ip=client_ip)
    member = (
        Member.objects.filter(
            user__username=normalise_email(email),
            user__is_active=True,
            email_verified_at__isnull=True,
        )
        .select_related("user")
        .first()
    )
    if member is None:
        return False
    _send_verification_on_commit(member)
    return True


@transaction.atomic
def request_password_reset(email: str, *, client_ip: str | None = None) -> int:
    """Email a reset link to the active account with this address, if any.

    Like Django's PasswordResetForm, it says nothing about whether the address is known:
    it raises TooManyEmails past the limits whether or not an account has the address.
    """
    check_email_allowance(email, client_ip=client_ip)
    users = list(
        User.objects.filter(
            username=normalise_email(email), is_active=True
        ).values_list("pk", flat=True)
    )
    for user_id in users:
        _send_password_reset_on_commit(user_id)
    return len(users)


def _send_password_reset_on_commit(user_id: int) -> None:
    transaction.on_commit(lambda: tasks.send_password_reset_email.enqueue(user_id))


@transaction.atomic
def update_profile(member: Member, *, profile: Profile) -> Member:
    """Change what the member told us and chose. The email address is not editable here:
    it is the login and the verified contact, so a change goes through staff, who can
    check it is the same person (keeping username, email and verification in step)."""
    _apply(member, profile)
    member.full_clean()
    member.save(update_fields=[*PROFILE_FIELDS, "updated_at"])
    member.themes.set(profile.themes)
    consents.change_consents(
        member,
        _wanted_consents(profile),
        channel=consents.Channel.WEB,
        page="Your account: profile and choices",
    )
    if member.user.first_name != profile.name[:150]:
        member.user.first_name = profile.name[:150]
        member.user.save(update_fields=["first_name"])
    return member


def logs_in_by_email(user: User) -> bool:
    """Members log in with their address, so their username is that address. Staff who
    chose an address as their username log in the same way; other staff keep theirs."""
    stored = User.objects.filter(pk=user.pk).values_list("username", "email").first()
    if stored is None:
        return False
    username, email = stored
    if Member.objects.filter(user_id=user.pk).exists():
        return True
    return normalise_email(username) == normalise_email(email)


def validate_new_email(user: User, email: str) -> str:
    """The address the account would have, normalised; ValidationError if it can't.

    Addresses are unique whatever their case, among both usernames and addresses, or two
    accounts could answer to one login or one password-reset email.
    """
    address = normalise_email(email)
    if not address:
        if logs_in_by_email(user):
            raise ValidationError(EMAIL_REQUIRED, code="required")
        return address
    others = User.objects.exclude(pk=user.pk)
    if others.filter(Q(email__iexact=address) | Q(username__iexact=address)).exists():
        raise ValidationError(EMAIL_TAKEN, code="duplicate")
    return address


@transaction.atomic
def change_email(user: User, email: str) -> User:
    """Give an account a new address, keeping the username (the login) in step with it.

    Staff do this for members (who cannot change it themselves), having checked it is the
    same person, so the member stays verified and logs in with the new address at once.
    Raises ValidationError keyed by "email" when the address is blank or taken.
    """
    try:
        address = validate_new_email(user, email)
    except ValidationError as error:
        raise ValidationError({"email": error}) from error
    fields = ["email"]
    if logs_in_by_email(user):
        user.username = address
        fields.append("username")
    user.email = address
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            user.save(update_fields=fields)
    except IntegrityError as error:  # another account took the address meanwhile
        raise ValidationError(
            {"email": ValidationError(EMAIL_TAKEN, "duplicate")}
        ) from error
    return user
