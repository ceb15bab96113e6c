from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from convene.blog.models import Author
from convene.blog.queries import get_post_for, posts_by, sees_drafts, visible_posts_for
from convene.themes.models import Theme

POSTS_PER_PAGE = 10


def post_list(request: HttpRequest) -> HttpResponse:
    posts = visible_posts_for(request.user)
    theme = None
    if theme_slug := request.GET.get("theme"):
        theme = get_object_or_404(Theme, slug=theme_slug)
        posts = posts.filter(themes=theme)
    # get_page turns a missing, malformed or too-large page number into a real page.
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "blog/post_list.html",
        {
            "page": page,
            "posts": page,
            "theme": theme,
            "shows_drafts": sees_drafts(request.user),
        },
    )


def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = get_post_for(request.user, slug)
    return render(request, "blog/post_detail.html", {"post": post})


def author_detail(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Author, slug=slug)
    return render(
        request,
        "blog/author_detail.html",
        {"author": author, "posts": posts_by(author)},
    )
