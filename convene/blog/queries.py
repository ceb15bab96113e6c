from convene.blog.models import Post, PostQuerySet


def published_posts() -> PostQuerySet:
    return Post.objects.published().select_related("author").prefetch_related("themes")
