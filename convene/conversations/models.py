import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from convene.events.models import Event
from convene.themes.models import Theme

STATEMENT_MAX_LENGTH = 280


class Channel(models.TextChoices):
    """How a response reached us; every vote and statement records one."""

    WEB = "web", "Web"
    PAPER = "paper", "Paper ballot"
    FACILITATOR = "facilitator", "Entered by a facilitator"
    SMS = "sms", "Text message"
    # Votes and statements brought in from a Pol.is export: where they were given is unknown,
    # and the results page shouldn't count an archive as people who took part here on the web.
    POLIS = "polis", "Imported from Pol.is"


class DiscussionGroup(models.Model):
    """A table at an event: a handful of people who talk together, often with a facilitator."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="discussion_groups"
    )
    name = models.CharField(
        max_length=100, help_text='For example "Table 4" or "Young people and work".'
    )
    topic = models.CharField(max_length=300, blank=True)
    capacity = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="How many people fit at the table; empty: no limit.",
    )
    room = models.CharField(max_length=100, blank=True)
    notes_published = models.BooleanField(
        default=False,
        help_text="Published notes appear on the event's page with its outcomes; until "
        "then only the event's organisers, facilitators and staff read them.",
    )

    class Meta:
        ordering = ["event", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "name"], name="unique_group_name_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.event})"


class TableNote(models.Model):
    """One saved version of a table's notes. Every save is a new row, so two saves that
    race both survive: the later is the notes, the earlier stays in the history."""

    group = models.ForeignKey(
        DiscussionGroup, on_delete=models.CASCADE, related_name="notes"
    )
    text = models.TextField(blank=True, help_text="Markdown.")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-saved_at", "-pk"]

    def __str__(self) -> str:
        return f"Notes of {self.group_id} at {self.saved_at:%H:%M:%S}"


class TablePerson(models.Model):
    """Someone sitting at a table whose views a facilitator enters for them: a member, a
    registered attendee, or someone known only by a first name, initials or nothing."""

    group = models.ForeignKey(
        DiscussionGroup, on_delete=models.CASCADE, related_name="people"
    )
    number = models.PositiveSmallIntegerField(
        help_text="Person 1, 2, ... at this table."
    )
    label = models.CharField(
        max_length=100,
        blank=True,
        help_text="A first name or initials, if they give one.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consents_to_count = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "number"], name="one_number_per_person_at_a_table"
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        fallback = f"{self.group.name}, person {self.number}"
        return f"{self.label} ({fallback})" if self.label else fallback


class ConversationQuerySet(models.QuerySet["Conversation"]):
    def public(self) -> "ConversationQuerySet":
        return self.filter(is_published=True)


class Conversation(models.Model):
    class Moderation(models.TextChoices):
        PRE = (
            "pre",
            "Pre-moderated: new statements appear once a moderator accepts them",
        )
        POST = (
            "post",
            "Post-moderated: new statements appear at once; moderators can remove them",
        )

    question = models.CharField(
        max_length=300, help_text="What the room is asked, in plain words."
    )
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(
        blank=True, help_text="Markdown: background, and how the results will be used."
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="conversations")
    event = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conversations",
    )
    discussion_group = models.ForeignKey(
        DiscussionGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conversations",
    )
    moderation = models.CharField(
        max_length=10, choices=Moderation.choices, default=Moderation.POST
    )
    is_open = models.BooleanField(
        default=True, help_text="Open conversations take votes and new statements."
    )
    is_published = models.BooleanField(default=True)
    allow_statements = models.BooleanField(
        default=True, help_text="Participants may add their own statements."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("conversations:detail", args=[self.slug])


class Participant(models.Model):
    """Whoever takes part in one conversation, whatever the channel.

    An anonymous browser is known by the key in its signed cookie; a member by their account;
    a paper ballot, a phone number or someone a facilitator speaks for by `external_ref`.
    Linking a participant to a user is how one person is counted once across channels.
    """

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
    )
    browser_key = models.UUIDField(null=True, blank=True)
    external_ref = models.CharField(
        max_length=100,
        blank=True,
        help_text="Ballot number, hashed phone number, or an imported participant id.",
    )
    channel = models.CharField(
        max_length=20, choices=Channel.choices, default=Channel.WEB
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"],
                condition=Q(user__isnull=False),
                name="one_participant_per_user",
            ),
            models.UniqueConstraint(
                fields=["conversation", "browser_key"],
                condition=Q(browser_key__isnull=False),
                name="one_participant_per_browser",
            ),
            models.UniqueConstraint(
                fields=["conversation", "channel", "external_ref"],
                condition=~Q(external_ref=""),
                name="one_participant_per_external_ref",
            ),
        ]

    def __str__(self) -> str:
        return f"Participant {self.pk} in {self.conversation_id}"


def new_browser_key() -> uuid.UUID:
    return uuid.uuid4()


class StatementQuerySet(models.QuerySet["Statement"]):
    def visible(self) -> "StatementQuerySet":
        """Statements people may vote on: accepted ones, and unmoderated ones in post-moderation."""
        return self.filter(
            Q(status=Statement.Status.ACCEPTED)
            | Q(
                status=Statement.Status.PENDING,
                conversation__moderation=Conversation.Moderation.POST,
            )
        )

    def visible_in(self, conversation: Conversation) -> "StatementQuerySet":
        """`visible()` within one conversation in hand: its moderation is known, so the
        query needs no join (the vote path runs this on every tap)."""
        statuses = [Statement.Status.ACCEPTED]
        if conversation.moderation == Conversation.Moderation.POST:
            statuses.append(Statement.Status.PENDING)
        return self.filter(conversation=conversation, status__in=statuses)

    def counted_in(self, conversation: Conversation) -> "StatementQuerySet":
        """The statements whose votes count: those people may vote on, and those withdrawn
        by an author who left after others had voted (`Vote.objects.counted_in`)."""
        return self.filter(conversation=conversation).exclude(
            status__in=hidden_statuses(conversation)
        )

    def hidden_in(self, conversation: Conversation) -> "StatementQuerySet":
        """The conversation's statements nobody may vote on: rejected or removed ones, and
        in pre-moderation those waiting for a moderator. Usually a handful, so counting
        votes as all of them but these stays a scan of one index."""
        return self.filter(
            conversation=conversation, status__in=hidden_statuses(conversation)
        )


def hidden_statuses(conversation: Conversation) -> list[str]:
    """The statuses of statements nobody may vote on in this conversation."""
    statuses: list[str] = [Statement.Status.REJECTED]
    if conversation.moderation == Conversation.Moderation.PRE:
        statuses.append(Statement.Status.PENDING)
    return statuses


class Statement(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a moderator"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        # Its author left and asked for their words to be removed, but others had voted on
        # it: it takes no new votes, and the votes it has still count in the results and
        # the map, as they did before.
        WITHDRAWN = "withdrawn", "Withdrawn by its author (its votes still count)"

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="statements"
    )
    author = models.ForeignKey(
        Participant,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
    )
    text = models.CharField(max_length=STATEMENT_MAX_LENGTH)
    is_seed = models.BooleanField(
        default=False, help_text="Written by staff to start the conversation."
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING
    )
    is_meta = models.BooleanField(
        default=False,
        help_text=(
            "About the conversation itself (“I'm not sure I understand”): people still "
            "see and vote on it, but it stays out of the opinion map, as in Pol.is."
        ),
    )
    rejection_reason = models.CharField(max_length=200, blank=True)
    similar_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="An earlier statement this one nearly repeats, flagged for the moderator.",
    )
    channel = models.CharField(
        max_length=20, choices=Channel.choices, default=Channel.WEB
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who entered it, when someone did for the participant (a facilitator).",
    )
    external_ref = models.CharField(
        max_length=100,
        blank=True,
        help_text="The statement's id in an imported conversation.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    moderated_at = models.DateTimeField(null=True, blank=True)

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["conversation", "status"])]

    def __str__(self) -> str:
        return self.text


class VoteQuerySet(models.QuerySet["Vote"]):
    def counted_in(self, conversation: Conversation) -> "VoteQuerySet":
        """The votes that count: the conversation's votes on statements people may vote on.

        The results page, the wall, the channel counts, people's own list of votes and the
        Pol.is export's figures all count these. Votes on a statement waiting for a
        moderator (its author's own), rejected or removed are kept, for if it comes back,
        and counted nowhere.
        """
        return self.filter(conversation=conversation).that_count(conversation)

    def that_count(self, conversation: Conversation) -> "VoteQuerySet":
        """`counted_in` for votes already known to be the conversation's (one person's, say),
        so the query keeps to the index that found them.

        Written as all votes but those on the few hidden statements, so the query never
        joins each vote to its statement.
        """
        return self.exclude(statement__in=_hidden_pks(conversation))

    def not_counted_in(self, conversation: Conversation) -> "VoteQuerySet":
        """The votes `counted_in` leaves out, found through the statement index.

        A bare count of the votes that count is fastest as the conversation's votes less
        these: both counts are scans of one index (at 800,000 votes about half the time of
        counting `counted_in`, which must read each vote's statement).
        """
        return self.filter(statement__in=_hidden_pks(conversation))


def _hidden_pks(conversation: Conversation) -> "models.QuerySet[Statement, int]":
    return Statement.objects.hidden_in(conversation).values_list("pk", flat=True)


class Vote(models.Model):
    class Choice(models.IntegerChoices):
        AGREE = 1, "Agree"
        DISAGREE = -1, "Disagree"
        PASS = 0, "Pass / unsure"

    # The conversation is repeated from the statement so one indexed scan loads a whole
    # conversation's votes for the opinion map.
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="votes"
    )
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="votes"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="votes"
    )
    choice = models.SmallIntegerField(choices=Choice.choices)
    channel = models.CharField(
        max_length=20, choices=Channel.choices, default=Channel.WEB
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who entered it, when someone did for the participant (a facilitator).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VoteQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "statement"],
                name="one_vote_per_participant_statement",
            ),
            models.CheckConstraint(
                condition=Q(choice__in=[-1, 0, 1]),
                name="vote_choice_is_agree_disagree_or_pass",
            ),
        ]
        indexes = [models.Index(fields=["conversation", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.get_choice_display()} on {self.statement_id}"


class OpinionResult(models.Model):
    """The latest opinion map of a conversation, as the engine returned it.

    `participant_ids` and `statement_ids` fix which database row each index of the engine's
    arrays means; new participants and statements are appended, so indices stay stable and
    the next computation can warm-start from this one.
    """

    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, related_name="opinion_result"
    )
    computed_at = models.DateTimeField()
    n_votes = models.PositiveIntegerField(default=0)
    participant_ids = models.JSONField(default=list)
    statement_ids = models.JSONField(default=list)
    data = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"Opinion map of {self.conversation_id} at {self.computed_at:%Y-%m-%d %H:%M:%S}"
