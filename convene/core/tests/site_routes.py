"""Every URL pattern the site answers, found by walking Django's resolver, and the address
of each in the route test's world."""

import re
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver

from convene.blog.models import Post

ADMIN_OBJECT_PAGE = "admin object page"
ADMIN_CATCH_ALL = "admin catch-all"
_ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass(frozen=True)
class SiteRoute:
    key: str  # what the route table calls it: the pattern's name, or what it is
    path: str  # the pattern as written, prefixes included

    @property
    def in_admin(self) -> bool:
        return self.key.startswith("admin:") or self.key.startswith("admin ")


def site_routes() -> list[SiteRoute]:
    return list(_walk(get_resolver().url_patterns, prefix="", namespace=""))


def _walk(
    patterns: list[URLPattern | URLResolver], *, prefix: str, namespace: str
) -> "list[SiteRoute]":
    found: list[SiteRoute] = []
    for pattern in patterns:
        path = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            found += _walk(pattern.url_patterns, prefix=path, namespace=inner)
        else:
            found.append(SiteRoute(_key(pattern.name, path, namespace), path))
    return found


def _key(name: str | None, path: str, namespace: str) -> str:
    if name:
        return f"{namespace}:{name}" if namespace else name
    if namespace == "admin" and path.endswith("<path:object_id>/"):
        return ADMIN_OBJECT_PAGE
    if namespace == "admin" and "(?P<url>" in path:
        return ADMIN_CATCH_ALL
    return path


def address(route: SiteRoute, arguments: dict[str, object]) -> str:
    """The route's address with its arguments filled in."""
    if route.key == "admin:app_list":
        return "/admin/events/"
    if route.key == ADMIN_CATCH_ALL:
        return "/admin/no-such-page/"
    if route.in_admin:
        arguments = admin_arguments(route)
    return "/" + _ARGUMENT.sub(lambda match: str(arguments[match[1]]), route.path)


def admin_arguments(route: SiteRoute) -> dict[str, object]:
    """An admin page's arguments: a row of its model, or the published post it links to."""
    if route.key == "admin:view_on_site":
        post = Post.objects.filter(status=Post.Status.PUBLISHED).earliest("pk")
        return {
            "content_type_id": ContentType.objects.get_for_model(Post).pk,
            "object_id": post.pk,
        }
    parts = route.path.split("/")
    if "<path:object_id>" not in parts and "<id>" not in parts:
        return {}
    model = apps.get_model(parts[1], parts[2])
    pk = model._default_manager.earliest("pk").pk
    return {"object_id": pk, "id": pk}
