"""Demo news: two fictional authors, a report on the Sheffield event, and a post in each state.

Runs after the themes, members and events demos, since posts carry themes and link to events.
"""

from datetime import timedelta

from django.utils import timezone

from convene.blog.models import Post
from convene.blog.services import create_author, create_post
from convene.events.models import Event
from convene.themes.models import Theme

SHEFFIELD_REPORT = """\
On a wet Thursday in Sheffield, eighty-five people squeezed into the hall, shook the rain
off their coats and sat down at round tables with strangers. Some had come from tenants'
associations and food banks, some from youth clubs and credit unions, a few from the council,
and one table was almost entirely retired volunteers who had travelled in together on the bus
from Stocksbridge. We asked them one question: *what would make the biggest difference where
you live?* Here is what we heard.

## Keep the money local

The conversation that ran longest was about community wealth building, though hardly anyone
called it that. A credit union volunteer put it plainly: "Every pound that leaves the estate
on a payday loan is a pound that doesn't come back." Several tables talked about the council
and the hospital trust buying more from local firms, and about a shop or a pub that the
community could own together before a developer does.

A housing association officer at my table was more cautious. She wanted to know who would do
the paperwork when the enthusiasm runs out, which turned out to be the question of the day.

## Young people want a seat, not a survey

The youngest person in the room was seventeen, and she was not shy. "We get asked what we
think all the time," said one youth forum member, "and then nothing happens and nobody tells
us why." What young people asked for was specific:

- a place on the panels that decide youth funding, not a consultation afterwards;
- paid apprenticeships in community organisations, not unpaid "experience";
- bus fares they can afford in the evening, so they can get to things at all;
- someone to tell them what happened to their ideas, even when the answer is no.

## Health starts well before the surgery

A GP receptionist described the queue at eight in the morning: people who need a warm room,
someone to talk to or a hand with a benefits form as much as a doctor. Social prescribing came
up at four tables, usually with the same frustration: the link workers send people to groups
whose grants end in March. A walking group organiser said she had been "prescribed" eleven new
walkers and lost her funding in the same month.

## Volunteers are running out of steam

This was the part of the afternoon that moved me most. A food bank coordinator, who has
volunteered there every week for nine years, said, "It's the same twelve of us, and we're all
getting older." People talked about training that never comes, forms that get longer every
year and the quiet guilt of stepping back. Nobody wanted thanks in the form of a certificate;
they wanted a bit of paid coordination, shared back-office help, and permission to rest.

## Devolution: who is in the room?

The new mayoral powers came up more than we expected. People were not against devolution; they
were unsure whether it had anything to do with them. A community centre manager asked who sits
round the table when the combined authority decides how to spend the adult skills budget, and
nobody in the hall knew. There was a clear wish for regular, open meetings in neighbourhoods,
not only in the city centre, and for plain-English summaries of what has been decided.

## What happens next

We promised that this would not be one more consultation that disappears, so here is what we
will do:

1. Every table's notes are being typed up and will be shared with everyone who came, and with
   members, within a fortnight.
2. We will take the points on volunteering and short-term grants to the funders' forum in
   the spring, with the words people used, not ours.
3. We have asked the combined authority for a meeting about how neighbourhoods can take part in
   devolution decisions, and we will report back here.
4. The youth forum members who came have agreed to help us plan the next event, and we will
   pay them for their time.

The conversation continues in Newcastle. If you were in Sheffield, thank you: for the honesty,
the cake and for staying to stack the chairs. If you could not make it, tell us what you would
have said. We are listening, and we will keep writing up what we hear.
"""

NEWCASTLE_ANNOUNCEMENT = """\
After Sheffield, *Community Voices* moves north. We will be in Newcastle for an afternoon
of conversation at round tables about what would make the biggest difference where you live.

## What to expect

- Small tables with a facilitator, so everyone gets a turn to speak.
- A short live poll you can answer on your phone or on paper.
- Tea, coffee and a proper lunch.

The venue is step-free with a hearing loop and a quiet room. Places are free but limited, so
please register, and tell us about any access needs when you do.
"""

WELCOME_MEMBERS = """\
This month more than forty people and organisations joined the network, from a community
garden in Hexham to a credit union in Barnsley. Welcome, all of you.

## Where to start

- Fill in your profile so other members can find you in the directory.
- Come to an event: the next *Community Voices* afternoon is open to everyone.
- Reply to any post or email: a real person reads every one.
"""

DEVOLUTION_DRAFT = """\
*Notes for our response to the combined authority's consultation on neighbourhood
involvement. Not for publication yet.*

## Our main points

- Meetings in neighbourhoods, not only in the city centre.
- Plain-English summaries of every decision, published within a week.
- A seat for the voluntary sector on the skills board.
"""


def load_blog_demo() -> str:
    officer = create_author(
        "Ruth Okafor",
        role="Development Officer - Policy",
        bio=(
            "Ruth joined the network after twelve years running a community centre in "
            "Rotherham. She listens to members, writes up what she hears and takes it "
            "to the people who make decisions."
        ),
    )
    chief = create_author(
        "Daniel Whitfield",
        role="Chief Executive",
        bio=(
            "Daniel has led the network since 2019. Before that he worked in youth "
            "services in Gateshead and chaired a housing co-operative."
        ),
    )
    themes = {theme.name: theme for theme in Theme.objects.all()}
    sheffield = Event.objects.get(slug="community-voices-sheffield")
    newcastle = Event.objects.get(slug="community-voices-newcastle")
    now = timezone.now()

    create_post(
        "Community Voices in Sheffield: what you told us",
        author=officer,
        summary=(
            "Eighty-five people, a wet Thursday and one question. What people at the tables in "
            "Sheffield said about local wealth, young people, health, volunteers and "
            "devolution, and what we will do next."
        ),
        body=SHEFFIELD_REPORT,
        themes=[
            themes["Community wealth building"],
            themes["Young people"],
            themes["Volunteering"],
        ],
        event=sheffield,
        status=Post.Status.PUBLISHED,
        # Written up a couple of days after the event, or now if the event is still ahead.
        published_at=min(now, sheffield.ends_at + timedelta(days=2)),
    )
    create_post(
        "Community Voices comes to Newcastle",
        author=chief,
        summary="The next afternoon of conversation is in Newcastle. Places are free.",
        body=NEWCASTLE_ANNOUNCEMENT,
        themes=[themes["Local democracy"]],
        event=newcastle,
        status=Post.Status.PUBLISHED,
        published_at=now - timedelta(days=5),
    )
    create_post(
        "Welcome to our new members",
        author=chief,
        summary="More than forty people and organisations joined this month. Welcome.",
        body=WELCOME_MEMBERS,
        status=Post.Status.PUBLISHED,
        published_at=now + timedelta(days=3),
    )
    create_post(
        "Our response on neighbourhood involvement in devolution",
        author=officer,
        summary="What we will tell the combined authority about involving neighbourhoods.",
        body=DEVOLUTION_DRAFT,
        themes=[themes["Local democracy"]],
    )
    return "4 posts (1 scheduled, 1 draft) by 2 authors"
