"""Who a request counts against, and how a count lifts (the members' email forms use both)."""

from datetime import UTC, datetime, timedelta
from typing import Any

import time_machine
from django.test import RequestFactory

from convene.core.ratelimit import Limit, client_ip, hit, reached, record

TWO_AN_HOUR = Limit("tests:two-an-hour", 2, 3600)


def _ip(**meta: str) -> str:
    request = RequestFactory().get("/")
    request.META.update(meta)
    return client_ip(request)


def test_the_client_is_remote_addr_and_the_header_is_ignored_by_default() -> None:
    assert _ip(REMOTE_ADDR="192.0.2.5", HTTP_X_FORWARDED_FOR="198.51.100.1") == (
        "192.0.2.5"
    )


def test_behind_two_proxies_the_client_is_second_from_the_right(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 2

    assert (
        _ip(
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7, 10.0.0.1",
        )
        == "198.51.100.7"
    )
    assert _ip(REMOTE_ADDR="10.0.0.2") == "10.0.0.2"  # no header: the proxy itself


def test_ipv6_addresses_count_by_their_network() -> None:
    one = _ip(REMOTE_ADDR="2001:db8:1:2::1")
    same_network = _ip(REMOTE_ADDR="2001:db8:1:2:ffff::9")
    other_network = _ip(REMOTE_ADDR="2001:db8:1:3::1")

    assert one == same_network == "2001:db8:1:2::/64"
    assert other_network != one


def test_a_limit_counts_per_subject_and_lifts_with_its_window() -> None:
    start = datetime(2030, 3, 4, 10, 59, 30, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        assert [hit(TWO_AN_HOUR, "a") for _ in range(3)] == [True, True, False]
        assert reached(TWO_AN_HOUR, "a")
        assert not reached(TWO_AN_HOUR, "b")
        assert TWO_AN_HOUR.seconds_left() == 30

        clock.move_to(start + timedelta(seconds=30))

        assert not reached(TWO_AN_HOUR, "a")
        assert record(TWO_AN_HOUR, "a") == 1


def test_a_count_of_zero_means_no_limit() -> None:
    unlimited = Limit("tests:unlimited", 0, 60)

    assert all(hit(unlimited, "a") for _ in range(10))
    assert not reached(unlimited, "a")
