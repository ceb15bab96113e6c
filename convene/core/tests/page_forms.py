"""The POST forms a page holds, read from its HTML as a browser would read them."""

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve


@dataclass(frozen=True)
class PageForm:
    page: str  # where the form was found
    action: str  # the path it posts to
    fields: tuple[
        tuple[str, str], ...
    ]  # each field's name and the value the page gives it

    @property
    def route(self) -> str:
        """The URL pattern it posts to, named as the route table names it."""
        try:
            match = resolve(self.action)
        except Resolver404:
            return self.action
        return match.view_name


class _FormReader(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[PageForm] = []
        self._action: str | None = None
        self._fields: list[tuple[str, str]] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {key: value or "" for key, value in attrs}
        if tag == "form" and named.get("method", "get").lower() == "post":
            self._action = urlsplit(urljoin(self.page, named.get("action", ""))).path
            self._fields = []
        elif self._action is None:
            return
        elif tag in {"input", "textarea", "button"} and named.get("name"):
            self._fields.append((named["name"], named.get("value", "")))
        elif tag == "select" and named.get("name"):
            self._select = named["name"]
        elif tag == "option" and self._select:
            self._fields.append((self._select, named.get("value", "")))
            self._select = None  # the first option stands for the choice

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        if tag == "form" and self._action is not None:
            self.forms.append(PageForm(self.page, self._action, tuple(self._fields)))
            self._action = None


def post_forms(page: str, html: str) -> list[PageForm]:
    reader = _FormReader(page)
    reader.feed(html)
    return reader.forms
