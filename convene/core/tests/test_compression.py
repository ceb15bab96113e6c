"""Pages travel compressed to a browser that accepts it: a slow phone gets them sooner."""

import gzip

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_pages_are_compressed_for_browsers_that_accept_it(visitor: Client) -> None:
    plain = visitor.get("/")
    compressed = visitor.get("/", headers={"accept-encoding": "gzip"})

    assert plain.status_code == compressed.status_code == 200
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content).decode().startswith("<!doctype html>")
    assert len(compressed.content) < len(plain.content) / 2
