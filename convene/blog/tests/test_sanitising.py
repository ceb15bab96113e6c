import pytest
from django.test import Client

from convene.blog.tests.helpers import make_post

pytestmark = pytest.mark.django_db

HOSTILE_BODY = """\
Hello <script>alert("body")</script>

<p onclick="alert('click')">Click me</p>

[a bad link](javascript:alert('link'))

<a href="javascript:alert('raw')">raw link</a>

<img src="x" onerror="alert('img')">
"""


def test_script_handlers_and_javascript_links_do_not_survive(visitor: Client) -> None:
    post = make_post(body=HOSTILE_BODY)

    response = visitor.get(post.get_absolute_url())

    assert response.status_code == 200
    body = response.content.decode().split('<div class="prose">')[1]
    assert "<script" not in body
    assert "onclick" not in body
    assert "onerror" not in body
    assert "javascript:" not in body
    assert "Click me" in body


def test_title_and_summary_are_escaped(visitor: Client) -> None:
    post = make_post(
        title="<script>alert('t')</script>", summary='"><script>alert(1)</script>'
    )

    response = visitor.get(post.get_absolute_url())

    assert response.status_code == 200
    assert b"<script>alert" not in response.content
