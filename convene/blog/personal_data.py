"""What the blog holds about a person: the author profile linked to a staff account.
See members.registry."""

from django.contrib.auth.models import User

from convene.blog.models import Author
from convene.members.registry import Erasure, Exported, PersonalData, declare


def export_author_profile(user: User) -> Exported:
    author = Author.objects.filter(user=user).first()
    if author is None:
        return None
    return {
        "name": author.name,
        "role": author.role,
        "bio": author.bio,
        "address": author.get_absolute_url(),
    }


def erase_author_profile(user: User, erasure: Erasure) -> int:
    """The byline stays on what the organisation published; only the link to the account
    goes. Staff edit or remove the byline itself in the admin."""
    return Author.objects.filter(user=user).update(user=None)


declare(
    PersonalData(
        key="author_profile",
        label="Your author profile",
        explanation="For staff who write news: the name, role and description shown "
        "beside your posts. Empty for members.",
        models=(Author,),
        export=export_author_profile,
        erase=erase_author_profile,
    )
)
