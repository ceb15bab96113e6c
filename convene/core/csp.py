"""The Content-Security-Policy every response carries.

Pages run only the scripts and styles the site serves from its own static files: no inline
script, no inline style, nothing from another host. If someone's text ever slipped past the
escaping, the browser would still refuse to run it. Pages may not be framed, so no other site
can lay a vote button under a decoy (clickjacking); the live wall, which has nothing to press,
may be framed by the origins in WALL_FRAME_ANCESTORS (an organisation's own site, say).
"""

import functools
import re
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponseBase
from django.utils.deprecation import MiddlewareMixin

HEADER = "Content-Security-Policy"
# scheme://host[:port] and nothing else, so a setting can't widen the policy with a keyword
# ('unsafe-inline'), a wildcard or a second directive.
_ORIGIN = re.compile(r"https?://[a-z0-9.-]+(:[0-9]{1,5})?", re.IGNORECASE)

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def checked_origins(name: str, origins: list[str]) -> list[str]:
    """`origins` (from the setting `name`) if each is a plain origin; start-up stops if not."""
    for origin in origins:
        if not _ORIGIN.fullmatch(origin):
            raise ImproperlyConfigured(
                f"{name}: {origin!r} is not an origin such as https://example.org."
            )
    return origins


def policy(
    *, frame_ancestors: list[str], image_origins: list[str], inline: bool = False
) -> str:
    """The policy; `inline` lets a page's own <script> and <style> run (Django's debug pages)."""
    own = "'self' 'unsafe-inline'" if inline else "'self'"
    images = " ".join(["'self'", "data:", *image_origins])
    ancestors = " ".join(frame_ancestors) or "'none'"
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {own}",
            f"style-src {own}",
            f"img-src {images}",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {ancestors}",
        ]
    )


def framable_by_wall_origins(view: View) -> View:
    """Let the origins in WALL_FRAME_ANCESTORS frame this view's page: for read-only pages
    only, where a frame can't trick anyone into pressing anything."""

    @functools.wraps(view)
    def framable(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        origins = list(settings.WALL_FRAME_ANCESTORS)
        if origins:
            response.frame_ancestors = origins  # type: ignore[attr-defined]  # read by the middleware below
            # X-Frame-Options can name no origin, and browsers that know CSP ignore it when
            # frame-ancestors is set; left at DENY it would only contradict the policy.
            response.xframe_options_exempt = True  # type: ignore[attr-defined]  # read by XFrameOptionsMiddleware
        return response

    return cast(View, framable)


class ContentSecurityPolicyMiddleware(MiddlewareMixin):
    """Adds the policy to every response: pages, error pages and static files."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response.headers.setdefault(
            HEADER,
            policy(
                frame_ancestors=getattr(response, "frame_ancestors", []),
                image_origins=list(settings.CSP_IMAGE_ORIGINS),
                inline=_is_debug_page(response),
            ),
        )
        return response


def _is_debug_page(response: HttpResponseBase) -> bool:
    # With DEBUG on, Django answers a missing page or a crash with its technical page, which
    # carries its own inline style and script. Development only: DEBUG is off in production.
    return bool(settings.DEBUG) and response.status_code in (404, 500)
