from convene.members.models import Member, MemberQuerySet


def count_members() -> int:
    """Members whose voice counts: verified accounts that are still active."""
    return Member.objects.verified().count()


def directory_members() -> MemberQuerySet:
    return (
        Member.objects.in_directory().select_related("user").prefetch_related("themes")
    )
