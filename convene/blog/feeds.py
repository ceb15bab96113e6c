"""The news as RSS and Atom: public posts only, newest first."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed, SyndicationFeed
from django.utils.xmlutils import SimplerXMLGenerator

from convene.blog.models import Post
from convene.blog.queries import FEED_LENGTH, published_posts
from convene.core.markdown import render_markdown
from convene.core.text import xml_safe


class AtomWithContentFeed(Atom1Feed):
    """Atom with each post's full HTML in <content>, so feed readers can show the whole post.

    Django's Atom1Feed writes only <summary>; RSS 2.0 has no standard place for both.
    """

    def add_item_elements(
        self, handler: SimplerXMLGenerator, item: dict[str, Any]
    ) -> None:
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


def _xml_safe_value(value: object) -> object:
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list | tuple):
        return [_xml_safe_value(part) for part in value]
    return value


class LatestPostsRss(Feed[Post, None]):
    link = reverse_lazy("blog:list")

    def get_feed(self, obj: None, request: HttpRequest) -> SyndicationFeed:
        """The feed with every text XML cannot carry made safe.

        Titles and theme names saved before the admin refused control characters (or written
        by other means) would otherwise make the feed fail for every reader, not just one item.
        """
        feed = super().get_feed(obj, request)
        for fields in [feed.feed, *feed.items]:
            for key, value in fields.items():
                fields[key] = _xml_safe_value(value)
        return feed

    def title(self) -> str:
        return f"{settings.SITE_NAME} news"

    def description(self) -> str:
        return f"News from {settings.SITE_NAME}."

    def items(self) -> list[Post]:
        return list(published_posts()[:FEED_LENGTH])

    def item_title(self, item: Post) -> str:
        return item.title

    def item_description(self, item: Post) -> str:
        return item.summary

    def item_author_name(self, item: Post) -> str:
        return item.author.name

    def item_author_link(self, item: Post) -> str:
        # Feed readers need an absolute address; Django adds the domain only to item links.
        return settings.SITE_URL + item.author.get_absolute_url()

    def item_pubdate(self, item: Post) -> datetime:
        return item.published_at

    def item_updateddate(self, item: Post) -> datetime:
        return max(item.updated_at, item.published_at)

    def item_categories(self, item: Post) -> list[str]:
        return [theme.name for theme in item.themes.all()]


class LatestPostsAtom(LatestPostsRss):
    feed_type = AtomWithContentFeed

    def subtitle(self) -> str:
        return self.description()

    def item_extra_kwargs(self, item: Post) -> dict[str, Any]:
        return {"content": str(render_markdown(item.body))}
