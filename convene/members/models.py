import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from convene.themes.models import Theme


class Region(models.TextChoices):
    NORTH_EAST = "north-east", "North East"
    NORTH_WEST = "north-west", "North West"
    YORKSHIRE = "yorkshire-humber", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east-midlands", "East Midlands"
    WEST_MIDLANDS = "west-midlands", "West Midlands"
    EAST = "east", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south-east", "South East"
    SOUTH_WEST = "south-west", "South West"
    SCOTLAND = "scotland", "Scotland"
    WALES = "wales", "Wales"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"
    ELSEWHERE = "elsewhere", "Outside the UK"


class MemberQuerySet(models.QuerySet["Member"]):
    def verified(self) -> "MemberQuerySet":
        return self.filter(email_verified_at__isnull=False, user__is_active=True)

    def in_directory(self) -> "MemberQuerySet":
        return self.verified().filter(listed_in_directory=True)


class Member(models.Model):
    """Someone who joined the organisation: a person or an organisation.

    The account (name, email, password) is Django's user; everything a member tells us
    beyond that, and every choice about who may see or use it, lives here.
    """

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", "An individual"
        ORGANISATION = "organisation", "An organisation"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member"
    )
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.INDIVIDUAL
    )
    name = models.CharField(
        max_length=150, help_text="Your name, or your organisation's name."
    )
    organisation = models.CharField(
        max_length=150,
        blank=True,
        help_text="For individuals: the organisation you work or volunteer with, if any.",
    )
    contact_name = models.CharField(
        max_length=150,
        blank=True,
        help_text="For organisations: who we should write to.",
    )
    region = models.CharField(max_length=30, choices=Region.choices)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="members", verbose_name="themes of interest"
    )
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    bio = models.TextField(
        max_length=1000, blank=True, help_text="A few lines about you or your work."
    )

    # How the organisation may contact them (consent, recorded per purpose).
    may_email_news = models.BooleanField(
        "email me news and the newsletter", default=False
    )
    may_email_events = models.BooleanField("email me about events", default=False)
    may_email_consultations = models.BooleanField(
        "ask me for my views on consultations", default=False
    )
    may_phone = models.BooleanField("phone me", default=False)
    may_email_renewals = models.BooleanField(
        "remind me by email when my membership is due for renewal", default=False
    )

    # What other members may see in the directory.
    listed_in_directory = models.BooleanField(
        "list me in the member directory", default=True
    )
    show_email = models.BooleanField(
        "show my email address to other members", default=False
    )
    show_phone = models.BooleanField(
        "show my phone number to other members", default=False
    )
    show_website = models.BooleanField("show my website to other members", default=True)
    show_region = models.BooleanField("show my region to other members", default=True)
    show_bio = models.BooleanField("show my description to other members", default=True)

    email_verified_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:detail", args=[self.pk])

    @property
    def email(self) -> str:
        return str(self.user.email)

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None


class MembershipType(models.Model):
    """A kind of membership staff offer: how long a term lasts and whether it is a voice.

    Fees are not handled here yet; a type says nothing about price, so one can be added
    (and paid per term, see MembershipChange) without changing what a membership is.
    """

    class Term(models.TextChoices):
        ANNUAL = "annual", "Annual: every membership ends with the membership year"
        ROLLING = "rolling", "Rolling: a year from joining or renewing"
        LIFETIME = "lifetime", "Lifetime: never needs renewing"

    name = models.CharField(max_length=80, unique=True)
    description = models.TextField(
        blank=True, help_text="Who this membership is for, in a line or two."
    )
    term = models.CharField(max_length=20, choices=Term.choices, default=Term.ROLLING)
    counts_as_voice = models.BooleanField(
        "counts as a voice",
        default=True,
        help_text='Counted in "N members add their voice" when active. Associates, '
        "supporters and observers usually are not.",
    )
    default_for_kind = models.CharField(
        "given on joining to",
        max_length=20,
        choices=Member.Kind.choices,
        blank=True,
        help_text="New members of this kind get this type when they join (one type "
        "per kind). Staff can change a member's type afterwards.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["default_for_kind"],
                condition=~models.Q(default_for_kind=""),
                name="one_membership_type_per_kind_on_joining",
                violation_error_message="Another membership type is already given to "
                "new members of this kind: clear it there first.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A member's current membership: its type, where it stands and when it runs out.

    Its past (joined, renewed, lapsed, left) is kept in MembershipChange rows.
    """

    class Status(models.TextChoices):
        APPLIED = "applied", "Applied (email not yet confirmed)"
        ACTIVE = "active", "Active"
        LAPSED = "lapsed", "Lapsed (not renewed in time)"
        LEFT = "left", "Left"

    member = models.OneToOneField(
        Member, on_delete=models.CASCADE, related_name="membership"
    )
    type = models.ForeignKey(
        MembershipType, on_delete=models.PROTECT, related_name="memberships"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.APPLIED
    )
    started_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(
        null=True,
        blank=True,
        help_text="The last day of the current term; empty for a lifetime membership.",
    )
    # The expiry date the last renewal reminder was about: a reminder is sent once per
    # term, however often the job runs or is interrupted.
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["member__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(
                    started_on__isnull=False, expires_on__gte=models.F("started_on")
                ),
                name="membership_expires_after_it_starts",
                violation_error_message="A membership cannot end before it starts.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.type} ({self.get_status_display()})"

    @property
    def can_renew_now(self) -> bool:
        """For the account page: whether to offer the renew button today."""
        return self.is_due_for_renewal(
            timezone.localdate(), window_days=settings.MEMBERSHIP_REMINDER_DAYS
        )

    def is_due_for_renewal(self, today: datetime.date, *, window_days: int) -> bool:
        """Active and ending within the window, or lapsed: renewing makes sense now."""
        if self.status == self.Status.LAPSED:
            return True
        if self.status != self.Status.ACTIVE or self.expires_on is None:
            return False
        return (self.expires_on - today).days <= window_days


class MembershipChange(models.Model):
    """One step in a membership's life, for staff figures by month.

    Kept when the member leaves (the link is cleared), so last year's joins and lapses still
    add up; the row then says nothing about who it was.
    """

    class Kind(models.TextChoices):
        JOINED = "joined", "Joined"
        RENEWED = "renewed", "Renewed"
        LAPSED = "lapsed", "Lapsed"
        LEFT = "left", "Left"

    membership = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    type_name = models.CharField(max_length=80)
    happened_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.happened_on}"


class PrivacyNotice(models.Model):
    """The privacy notice as staff last saved it; the newest row is the one shown.

    Earlier versions stay, so the organisation can tell what the notice said on a given day.
    """

    text = models.TextField(
        help_text="Markdown: ## for headings, blank lines between paragraphs, "
        "- for lists, [words](https://…) for links."
    )
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = ["published_at", "pk"]

    def __str__(self) -> str:
        return f"Privacy notice of {self.published_at:%d %B %Y %H:%M}"


class ConsentRecord(models.Model):
    """One change to one of a member's consents: given or withdrawn, when, and how.

    The member's booleans are the fast read of where each consent stands now; these rows
    are its history, written by `members.consents` whenever a consent changes, so the
    organisation can show when and through which channel and page it was given.
    """

    class Channel(models.TextChoices):
        WEB = "web", "On the website"
        PAPER = "paper", "On a paper form"
        PHONE = "phone", "By phone"
        STAFF = "staff", "Recorded by staff"

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="consent_records"
    )
    consent = models.CharField(max_length=40)
    given = models.BooleanField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    page = models.CharField(
        max_length=150, help_text="The page or form the choice was made on."
    )
    recorded_by = models.CharField(
        max_length=150,
        blank=True,
        help_text="The staff account, when staff recorded it.",
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["member", "-at", "-pk"]
        indexes = [models.Index(fields=["member", "consent", "at"])]

    def __str__(self) -> str:
        state = "given" if self.given else "withdrawn"
        return f"{self.consent} {state} at {self.at:%Y-%m-%d %H:%M}"


class RoleQuerySet(models.QuerySet["Role"]):
    def held(self) -> "RoleQuerySet":
        """Roles someone has taken up: an invitation not yet accepted gives no access."""
        return self.filter(user__isnull=False, user__is_active=True)

    def pending(self) -> "RoleQuerySet":
        return self.filter(user__isnull=True)


class Role(models.Model):
    """A job below staff, scoped to one object: the door of an event, a conversation's queue.

    A role is given by email. Until the person has an account (they follow the emailed
    invitation) `user` is empty and the role opens nothing. The scope is an event, or for a
    moderator a conversation (no conversation: every conversation). A facilitator is given
    the event and, to run one table, that table too.
    """

    class Kind(models.TextChoices):
        ORGANISER = "organiser", "Organiser"
        FACILITATOR = "facilitator", "Facilitator"
        DOOR = "door", "Door volunteer"
        MODERATOR = "moderator", "Moderator"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="roles",
    )
    email = models.EmailField(help_text="Where the invitation went, lower-cased.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="roles",
    )
    conversation = models.ForeignKey(
        "conversations.Conversation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="roles",
    )
    # Facilitators only: the table they run (the event is the table's event).
    table = models.ForeignKey(
        "conversations.DiscussionGroup",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="roles",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Moderators only: email me when statements wait (see conversations' moderation alerts).
    alerts_on = models.BooleanField(
        "email me when statements wait for moderation", default=True
    )
    alerted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "email"]
        constraints = [
            models.CheckConstraint(
                name="role_scope_fits_kind",
                condition=(
                    models.Q(kind="moderator", event__isnull=True)
                    | models.Q(
                        kind__in=["organiser", "facilitator", "door"],
                        event__isnull=False,
                        conversation__isnull=True,
                    )
                ),
                violation_error_message="An organiser, facilitator or door volunteer "
                "works at an event; a moderator moderates a conversation or all of them.",
            ),
            models.CheckConstraint(
                name="only_facilitators_have_a_table",
                condition=models.Q(table__isnull=True) | models.Q(kind="facilitator"),
                violation_error_message="Only a facilitator is given a table.",
            ),
            # One role of a kind per person and scope. Coalesce makes "every conversation"
            # (no conversation) a value, so it cannot be given twice either.
            models.UniqueConstraint(
                "email",
                "kind",
                Coalesce("event", models.Value(0)),
                Coalesce("conversation", models.Value(0)),
                Coalesce("table", models.Value(0)),
                name="role_once_per_person_and_scope",
                violation_error_message="This person already has this role here.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.email}"

    @property
    def is_pending(self) -> bool:
        return self.user_id is None
