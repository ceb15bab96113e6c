"""What each persona gets from each route of the site, on a GET: the table
`test_routes_by_persona.py` walks.

One row per URL pattern (and state of what it points at), named as `reverse()` names it.
A persona a row does not name gets what the persona it is `like` gets (see
`testsupport/personas.py`), and failing that the row's `everyone`. The admin's own pages are
covered by one rule for the whole admin site, with its few exceptions listed below it.

A new URL pattern needs a row here, or the test fails naming it; so does a row whose pattern
has gone. Subjects ("draft post") are the things `route_world.py` builds.
"""

from dataclasses import dataclass, field

from testsupport.personas import persona_named

OK = "200"
REDIRECT = "302"  # somewhere other than a log-in page
LOG_IN = "302 to log-in"
ADMIN_LOG_IN = "302 to admin log-in"
REFUSED = "400"
FORBIDDEN = "403"
NOT_FOUND = "404"
POST_ONLY = "405"


@dataclass(frozen=True)
class Row:
    route: str  # the pattern's name ("events:detail"), or its path if it has no name
    subject: str = "-"  # what its URL arguments point at
    everyone: str = ""
    outcomes: dict[str, str] = field(default_factory=dict)

    def expected_for(self, persona: str) -> str:
        if persona in self.outcomes:
            return self.outcomes[persona]
        like = persona_named(persona).like
        return self.expected_for(like) if like else self.everyone


def row(route: str, subject: str = "-", *, everyone: str = "", **outcomes: str) -> Row:
    return Row(route, subject, everyone, outcomes)


# Who needs to log in first: members' own pages send visitors to the log-in, and staff,
# who have no member profile, on to the admin.
MEMBERS_OWN = {"visitor": LOG_IN, "member": OK, "staff": REDIRECT}
# Staff pages outside the admin send everyone else to the admin's log-in.
STAFF_ONLY = {"visitor": ADMIN_LOG_IN, "member": ADMIN_LOG_IN}
# Pages of one event's or conversation's team: visitors log in, others are refused.
TEAM_ONLY = {"visitor": LOG_IN, "everyone": FORBIDDEN, "staff": OK}
DOOR_TEAM = TEAM_ONLY | {"door_volunteer": OK, "organiser": OK}
ORGANISERS = TEAM_ONLY | {"organiser": OK}
# A POST-only address answers a GET with 405 to anyone logged in, before any other check.
POSTED = {"visitor": LOG_IN, "everyone": POST_ONLY}
# Drafts, unpublished events and conversations: not found, except by staff.
STAFF_SEE_IT = {"everyone": NOT_FOUND, "staff": OK}

ROUTES = [
    row("core:home", everyone=OK),
    # Members: joining, logging in, their own account, the directory.
    row("members:join", everyone=OK),
    row("members:joined", everyone=OK),
    row("members:resend-verification", everyone=OK),
    row("members:verify", "member's verification link", visitor=LOG_IN, everyone=REDIRECT),
    row("members:login", visitor=OK, everyone=REDIRECT),
    row("members:logout", everyone=POST_ONLY),
    row("members:password-reset", everyone=OK),
    row("members:password-reset-done", everyone=OK),
    row("members:password-reset-confirm", "a member's password-reset link", everyone=REDIRECT),
    row("members:password-reset-complete", everyone=OK),
    row("members:account", **MEMBERS_OWN),
    # Staff download theirs too: their account and what they changed in the admin.
    row("members:download-data", **MEMBERS_OWN | {"staff": OK}),
    row("members:leave", **MEMBERS_OWN),
    row("members:renew", visitor=LOG_IN, everyone=POST_ONLY),
    # A membership that has not started (the address is unconfirmed) has no term to renew.
    row("members:renew-by-link", "renew link of a membership not yet started", everyone=REFUSED),
    row("members:retention", **STAFF_ONLY, staff=OK),
    row("privacy:notice", everyone=OK),
    # An invitation link is its holder's key, whoever is logged in.
    row("members:invitation", "invitation link", everyone=OK),
    row("members:role-alerts", "moderator's role", **POSTED),
    # The directory's pages answer visitors with a members-only notice.
    row("members:directory", everyone=OK),
    row("members:detail", "member's entry", everyone=OK),
    row("members:detail", "member hidden from the directory", visitor=OK, **STAFF_SEE_IT),
    # News.
    row("blog:list", everyone=OK),
    row("blog:feed-rss", everyone=OK),
    row("blog:feed-atom", everyone=OK),
    row("blog:author", "author", everyone=OK),
    row("blog:detail", "published post", everyone=OK),
    row("blog:detail", "draft post", **STAFF_SEE_IT),
    row("blog:detail", "scheduled post", **STAFF_SEE_IT),
    # Events: a ticket or cancel link is the attendee's key, whoever holds it.
    row("events:list", everyone=OK),
    row("events:calendar", everyone=OK),
    row("events:series", "series", everyone=OK),
    row("events:ticket", "ticket link", everyone=OK),
    row("events:cancel", "cancel link", everyone=OK),
    row("events:detail", "published event", everyone=OK),
    row("events:detail", "unpublished event", **STAFF_SEE_IT),
    row("events:ics", "published event", everyone=OK),
    row("events:ics", "unpublished event", **STAFF_SEE_IT),
    row("events:register", "published event", everyone=OK),
    row("events:register", "unpublished event", **STAFF_SEE_IT),
    row("events:attendees", "published event", **DOOR_TEAM),
    row("events:attendees-csv", "published event", **ORGANISERS),
    row("events:check-in", "published event", **DOOR_TEAM),
    # The door: its team (door volunteers and organisers of the event) and staff.
    row("events:door", "published event", **DOOR_TEAM),
    row("events:door-check-in", "published event", **POSTED),
    row("events:walk-in", "published event", **DOOR_TEAM),
    row("events:paper-arrivals", "published event", **DOOR_TEAM),
    row("events:door-list", "published event", **DOOR_TEAM),
    row("events:phone-in", "published event", **ORGANISERS),
    row("events:badges", "published event", **ORGANISERS),
    row("events:team", "published event", **ORGANISERS),
    row("events:team-remove", "published event's invitation", **POSTED),
    # Tables: the event's organisers, facilitators and staff; one table's facilitator enters
    # the views of the people at it.
    row("events:tables", "published event", **ORGANISERS | {"facilitator": OK}),
    row("events:tables-share-out", "published event", **POSTED),
    row("events:table", "published event's table", **ORGANISERS | {"facilitator": OK}),
    row("events:table-notes", "published event's table", **POSTED),
    row("events:table-publish", "published event's table", **POSTED),
    row("events:table-people", "published event's table", **POSTED),
    row("events:table-facilitator", "published event's table", **POSTED),
    row(
        "events:table-entry",
        "person at the published event's table",
        **ORGANISERS | {"facilitator": OK},
    ),
    row("events:check-in-code", "ticket's check-in code", everyone=FORBIDDEN, staff=OK, door_volunteer=OK, organiser=OK),
    row("themes:list", everyone=OK),
    row("themes:detail", "theme", everyone=OK),
    # Conversations: taking part is open to all; moderating is for its moderators and staff.
    row("conversations:list", everyone=OK),
    row("conversations:detail", "open conversation", everyone=OK),
    row("conversations:detail", "closed conversation", everyone=OK),
    row("conversations:detail", "unpublished conversation", **STAFF_SEE_IT),
    row("conversations:vote", "open conversation", everyone=OK),
    row("conversations:vote", "closed conversation", everyone=OK),
    row("conversations:vote", "unpublished conversation", **STAFF_SEE_IT),
    row("conversations:my-votes", "open conversation", everyone=OK),
    row("conversations:add-statement", "open conversation", everyone=OK),
    row("conversations:add-statement", "closed conversation", everyone=OK),
    row("conversations:results", "open conversation", everyone=OK),
    row("conversations:results", "closed conversation", everyone=OK),
    row("conversations:results", "unpublished conversation", **STAFF_SEE_IT),
    row("conversations:wall", "open conversation", everyone=OK),
    row("conversations:moderate", "open conversation", **TEAM_ONLY, moderator=OK),
    row("conversations:moderate", "pre-moderated conversation", **TEAM_ONLY),
    row("conversations:open-or-close", "open conversation", **POSTED),
    row("conversations:team", "open conversation", **TEAM_ONLY),
    row("conversations:team-remove", "open conversation's moderator", **POSTED),
    row("conversations:export-polis", "open conversation", **TEAM_ONLY),
    # A refused seed or rejection is shown on the moderation page; its address sends you there.
    row("conversations:seed", "open conversation", visitor=LOG_IN, everyone=REDIRECT),
    row("conversations:moderate-accept", "statement awaiting moderation", **POSTED),
    row("conversations:moderate-reject", "statement awaiting moderation", visitor=LOG_IN, everyone=REDIRECT),
    row("conversations:moderate-meta", "statement awaiting moderation", **POSTED),
]  # fmt: skip

# The admin site as a whole: only staff get in; everyone else is sent to its log-in.
# Each model's pages (list, add, change, history, delete) open on a row of that model.
ADMIN_SITE = row("admin:*", everyone=ADMIN_LOG_IN, staff=OK)
ADMIN_EXCEPTIONS = [
    row("admin:login", everyone=OK, staff=REDIRECT),
    # Logging out is a POST; the admin sends anyone who isn't staff to its index instead.
    row("admin:logout", everyone=REDIRECT, staff=POST_ONLY),
    row("admin:autocomplete", everyone=ADMIN_LOG_IN, staff=FORBIDDEN),  # no field named
    row("admin:view_on_site", "published post", everyone=ADMIN_LOG_IN, staff=REDIRECT),
    # Votes, participants and the task queue are made by the site, never typed in the admin.
    row("admin:conversations_vote_add", everyone=ADMIN_LOG_IN, staff=FORBIDDEN),
    row("admin:conversations_participant_add", everyone=ADMIN_LOG_IN, staff=FORBIDDEN),
    # A membership starts when someone joins; staff change it from the member's page.
    row("admin:members_membership_add", everyone=ADMIN_LOG_IN, staff=FORBIDDEN),
    row("admin:django_tasks_database_dbtaskresult_add", everyone=ADMIN_LOG_IN, staff=FORBIDDEN),
    row("admin:django_tasks_database_dbtaskresult_delete", everyone=ADMIN_LOG_IN, staff=FORBIDDEN),
    # An object's bare address (…/<id>/) moves on to its change page.
    row("admin object page", everyone=ADMIN_LOG_IN, staff=REDIRECT),
    # Any other address under /admin/ (the test asks for /admin/no-such-page/).
    row("admin catch-all", everyone=ADMIN_LOG_IN, staff=NOT_FOUND),
]  # fmt: skip
