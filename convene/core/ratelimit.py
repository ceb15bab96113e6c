"""Counting what someone does in fixed windows of time, in the site's cache.

Embedded, the cache is local memory, which is right for the one process the embedded site
runs in; with REDIS_URL set every worker counts in the same Redis, so a limit holds however
many workers there are.

Windows are fixed (the hours since the epoch, for a window of an hour) and each window's
number is part of its key, so a limit lifts when its window ends by the site's clock, not by
whenever the cache gets round to expiring the key.
"""

import contextlib
import hashlib
import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

# A window's key outlives the window by this much, so a count taken in its last second
# never finds the key already gone.
_KEY_MARGIN = 60


@dataclass(frozen=True)
class Limit:
    """At most `count` actions named `name` per subject in each `window` seconds.

    A count of 0 or less means no limit.
    """

    name: str
    count: int
    window: int

    def key(self, subject: str) -> str:
        # Hashed, so addresses and IPs are not kept in the cache in the clear, and any
        # subject makes a valid key for every cache backend.
        digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
        return f"ratelimit:{self.name}:{self.window}:{_window_number(self.window)}:{digest}"

    def seconds_left(self) -> int:
        """Seconds until the current window ends and the count starts again."""
        now = int(timezone.now().timestamp())
        return self.window - now % self.window


def _window_number(window: int) -> int:
    return int(timezone.now().timestamp()) // window


def reached(limit: Limit, subject: str) -> bool:
    """Whether the subject has used up this window's allowance (counting nothing)."""
    if limit.count <= 0:
        return False
    return int(cache.get(limit.key(subject), 0)) >= limit.count


def record(limit: Limit, subject: str) -> int:
    """Count one action by the subject; return how many it has taken in this window.

    The key usually exists already (the vote path counts every tap), so incrementing comes
    first: one cache call, and a second only for the first action of a window.
    """
    key = limit.key(subject)
    timeout = limit.window + _KEY_MARGIN
    try:
        return cache.incr(key)
    except ValueError:  # the window's first action, or the key was culled
        pass
    if cache.add(key, 1, timeout):
        return 1
    try:  # another request made the key between our incr and add
        return cache.incr(key)
    except ValueError:  # culled between add and incr (local memory evicts when full)
        cache.set(key, 1, timeout)
        return 1


def counts(counted: list[tuple[Limit, str]]) -> list[int]:
    """How many actions each subject has taken in its limit's window, in one cache call."""
    keys = [limit.key(subject) for limit, subject in counted]
    found = cache.get_many(keys)
    return [int(found.get(key, 0)) for key in keys]


def hit(limit: Limit, subject: str) -> bool:
    """Count one attempt and say whether it is within the limit.

    Counting before comparing makes it one atomic step in Redis, so requests that arrive
    together cannot all slip under the limit.
    """
    if limit.count <= 0:
        return True
    return record(limit, subject) <= limit.count


def forgive(limit: Limit, subject: str) -> None:
    """Take back one counted action that turned out not to be the kind the limit is for
    (a log-in attempt counted before its password was checked, and the password was right)."""
    if limit.count <= 0:
        return
    with contextlib.suppress(ValueError):  # the window has ended, or the key was culled
        cache.decr(limit.key(subject))


def clear(limit: Limit, subject: str) -> None:
    """Start the subject's count for this window again from nothing."""
    cache.delete(limit.key(subject))


def client_ip(request: HttpRequest) -> str:
    """The address to count a request against.

    REMOTE_ADDR, unless TRUSTED_PROXY_COUNT says the site sits behind that many proxies that
    each append the address they saw to X-Forwarded-For: then the entry the outermost of
    them wrote, counting from the right. Entries to its left came from the client and could
    say anything. IPv6 addresses count by their /64, which one household or phone usually
    has to itself, so stepping through the addresses of one network gains nothing.
    """
    address = str(request.META.get("REMOTE_ADDR", ""))
    proxies = int(settings.TRUSTED_PROXY_COUNT)
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            address = hops[-min(proxies, len(hops))]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
