"""Malformed input for the fuzz tests: strategies, request bodies and the one check.

The examples are derandomized, so every run of the suite sends the same requests and a
failure found once is found again.
"""

import traceback
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.http import HttpResponseBase
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

# Routes whose POST ends the session or the account itself.
ENDING = ["admin:logout", "members:logout", "members:leave"]


def fuzz_settings(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        # One world serves every example of a test: building it per example would cost
        # minutes, and state left by one malformed request is one more thing to survive.
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=False,
        # Examples are not shrunk: the failing one is reported as sent, and it is the same
        # on every run, while shrinking through a web stack could take minutes.
        phases=[Phase.explicit, Phase.generate],
        report_multiple_bugs=False,
    )


# Values that have broken web forms somewhere: control characters (XML and PostgreSQL refuse
# some), lone surrogates (no UTF-8 for them), lengths past any field, numbers past any
# column, wrong types, impossible dates and text that looks like code.
MALFORMED = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x0b",
    "\x1f\x7f",
    "\ud800",
    "x\udfffy",
    "\ufeff",
    "\u202eevil",
    "Zoë 名前 🙂",
    "\uff11\uff12\uff13",  # full-width digits
    "x" * 5_000,
    "é" * 2_000,
    "-1",
    "0",
    "99999999999999999999",
    "-9223372036854775809",
    "2147483648",
    "1e309",
    "NaN",
    "-inf",
    "0x1F",
    "[]",
    "{}",
    "null",
    "true",
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "99999-12-31",
    "2026-01-01T25:61",
    "31/12/2026 10:00",
    "<script>alert(1)</script>",
    "{{ request }}{% now 'Y' %}",
    "%s %(x)s {0}",
    "../../../etc/passwd",
    "javascript:alert(1)",
    "http://[::1",
    "a@b",
    "@" * 300,
    "a@" + "b" * 300 + ".example",
    "%ff%00%ZZ",
]

# Numbers past every column, often enough that each number field meets them.
PAST_ANY_COLUMN = [
    "99999999999999999999",
    "-99999999999999999999",
    "9223372036854775808",
]

malformed_text = st.one_of(
    st.sampled_from(MALFORMED),
    st.sampled_from(PAST_ANY_COLUMN),
    st.text(max_size=60),
    st.text(st.characters(codec=None, categories=["Cc", "Cs", "Co", "Zl"]), max_size=8),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


# An admin formset's counts: Django builds (and shows) up to 1,000 more forms than the
# page had when told to, which costs seconds a request and proves nothing new.
_management_counts = st.sampled_from(["", "-1", "x", "\x00", "1e309", "\ud800", "7"])


@st.composite
def form_bodies(draw: Callable[..., Any], fields: tuple[tuple[str, str], ...]) -> Any:
    """A form's fields in the order the page has them, each kept, spoilt, left out or sent
    twice, now and then with a field no form has."""
    pairs: list[tuple[str, str]] = []
    for name, value in fields:
        spoilt = _management_counts if name.endswith("_FORMS") else malformed_text
        how = draw(st.sampled_from(["keep", "spoil", "spoil", "leave out", "twice"]))
        if how == "keep":
            pairs.append((name, value))
        elif how == "spoil":
            pairs.append((name, draw(spoilt)))
        elif how == "twice":
            pairs += [(name, draw(spoilt)), (name, value)]
    if draw(st.booleans()):
        pairs.append((draw(malformed_text), draw(malformed_text)))
    return pairs


def encode_form(pairs: list[tuple[str, str]]) -> bytes:
    """URL-encoded as a browser would, except that lone surrogates go through as the bytes a
    careless encoder makes of them (not valid UTF-8), as an attacker may send."""

    def part(text: str) -> str:
        return quote(text.encode("utf-8", "surrogatepass"), safe="")

    return "&".join(f"{part(name)}={part(value)}" for name, value in pairs).encode()


# Bodies no form makes: broken multipart, JSON and raw bytes under form content types.
JUNK_PAYLOADS = [
    ("multipart/form-data", b"--x\r\nContent-Disposition: form-data; name=a\r\n\r\n1"),
    ("multipart/form-data; boundary=x", b"--x\r\nno headers\r\n--x--"),
    ("multipart/form-data; boundary=" + "b" * 200, b"junk"),
    ("application/x-www-form-urlencoded", b"a=%ff%fe&b=%&c=%zz&=&&=="),
    ("application/x-www-form-urlencoded", b"\xff\xfe\x00" * 50),
    ("application/x-www-form-urlencoded", b"&".join([b"f=1"] * 1_500)),
    ("application/json", b'{"text": "\\ud800", "choice": [1, 2]}'),
    ("text/plain", b"\x00" * 100),
]


def server_error(response: HttpResponseBase, what: str) -> str:
    """Empty when the site answered below 500; otherwise what was sent and the traceback."""
    if response.status_code < 500:
        return ""
    exc_info = getattr(response, "exc_info", None)
    trace = "".join(traceback.format_exception(*exc_info)) if exc_info else ""
    return f"{response.status_code} for {what}\n{trace}"
