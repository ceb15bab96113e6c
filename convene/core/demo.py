"""The demo content, built through the site's own services so it cannot drift from real data.

Everything here is fictional: the Pennine Community Network, its members, speakers and venues.
"""

from django.contrib.auth.models import User
from django.db import transaction

from convene.blog.demo import load_blog_demo
from convene.conversations.demo import load_conversations_demo
from convene.events.demo import load_events_demo
from convene.events.demo_tables import load_tables_demo
from convene.members.demo import load_members_demo
from convene.members.demo_consents import load_consent_histories_demo
from convene.members.demo_roles import load_roles_demo
from convene.themes.demo import load_themes_demo

# Members log in with their email address, which is also their username: so does the organiser.
DEMO_STAFF_EMAIL = "organiser@pennine-network.example"
DEMO_STAFF_PASSWORD = "convene-demo"  # noqa: S105 (a published password for a local demo only)


@transaction.atomic
def load_demo() -> str:
    """Load the demo once; a second run finds it there and changes nothing."""
    if User.objects.filter(username=DEMO_STAFF_EMAIL).exists():
        return "Demo content is already loaded."
    User.objects.create_superuser(
        DEMO_STAFF_EMAIL,
        DEMO_STAFF_EMAIL,
        DEMO_STAFF_PASSWORD,
        first_name="Demo organiser",
    )
    lines = [
        load_themes_demo(),
        load_members_demo(),
        load_consent_histories_demo(),
        load_events_demo(),
        load_blog_demo(),
        load_conversations_demo(),
        load_roles_demo(),
        load_tables_demo(),
    ]
    return "\n".join(
        [*lines, f"Staff log-in: {DEMO_STAFF_EMAIL} / {DEMO_STAFF_PASSWORD}"]
    )
