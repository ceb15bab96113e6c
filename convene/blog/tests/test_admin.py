from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from convene.blog.models import Post
from convene.blog.tests.helpers import make_post

pytestmark = pytest.mark.django_db


def test_post_admin_lists_status_and_publication_time(
    organiser_client: Client,
) -> None:
    make_post(title="Draft post", status=Post.Status.DRAFT)

    response = organiser_client.get(
        reverse("admin:blog_post_changelist"), {"status__exact": "draft"}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Draft post" in content
    assert "column-published_at" in content


def test_view_on_site_opens_a_draft_for_staff(organiser_client: Client) -> None:
    post = make_post(title="Draft post", status=Post.Status.DRAFT)
    change = organiser_client.get(reverse("admin:blog_post_change", args=[post.pk]))
    assert change.status_code == 200
    assert b"View on site" in change.content

    response = organiser_client.get(
        reverse(
            "admin:view_on_site", args=[change.context["content_type_id"], post.pk]
        ),
        follow=True,
    )

    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith(post.get_absolute_url())
    assert b"Draft \xe2\x80\x94 only staff can see this" in response.content


def test_author_admin_pages_open(organiser_client: Client) -> None:
    assert (
        organiser_client.get(reverse("admin:blog_author_changelist")).status_code == 200
    )
    assert organiser_client.get(reverse("admin:blog_author_add")).status_code == 200
    assert organiser_client.get(reverse("admin:blog_post_add")).status_code == 200


def test_staff_schedule_a_draft_from_its_admin_page(
    organiser_client: Client, visitor: Client
) -> None:
    draft = make_post(title="Coming soon", status=Post.Status.DRAFT)
    later = timezone.localtime() + timedelta(days=2)

    response = organiser_client.post(
        reverse("admin:blog_post_change", args=[draft.pk]),
        {
            "title": draft.title,
            "slug": draft.slug,
            "author": draft.author.pk,
            "summary": draft.summary,
            "body": draft.body,
            "status": Post.Status.PUBLISHED,
            "published_at_0": later.strftime("%Y-%m-%d"),
            "published_at_1": later.strftime("%H:%M:%S"),
        },
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Post.Status.PUBLISHED
    assert draft.published_at == later.replace(microsecond=0)
    assert visitor.get(draft.get_absolute_url()).status_code == 404
    with time_machine.travel(later + timedelta(minutes=1)):
        assert visitor.get(draft.get_absolute_url()).status_code == 200
