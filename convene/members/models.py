from django.conf import settings
from django.db import models
from django.urls import reverse

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
