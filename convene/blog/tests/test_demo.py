import pytest
from django.test import Client

from convene.blog.demo import load_blog_demo
from convene.blog.models import Post
from convene.blog.tests.helpers import make_event
from convene.themes.demo import load_themes_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> str:
    load_themes_demo()
    make_event()
    make_event(title="Community Voices: Newcastle", slug="community-voices-newcastle")
    return load_blog_demo()


def test_demo_has_a_post_in_each_state(demo: str) -> None:
    assert demo == "4 posts (1 scheduled, 1 draft) by 2 authors"
    posts = list(Post.objects.all())
    assert sum(post.is_public for post in posts) == 2
    assert sum(post.is_scheduled for post in posts) == 1
    assert sum(post.is_draft for post in posts) == 1


def test_demo_report_renders_with_its_event_and_themes(
    demo: str, visitor: Client
) -> None:
    report = Post.objects.get(event__slug="community-voices-sheffield")

    response = visitor.get(report.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "Development Officer - Policy" in content
    assert "This post reports on:" in content
    assert "<h2>What happens next</h2>" in content
    assert report.themes.count() == 3
