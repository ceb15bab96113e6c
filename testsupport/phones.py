"""A phone taking part in a conversation over real HTTP, as the voting page's script does."""

import http.client
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid

# What a vote can meet when the server it went to is killed: no connection, or one cut short.
LOST = (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError)
PARTICIPANT_COOKIE = "convene_participant"


class Phone:
    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies)
        )
        self.token = ""

    def vote(self, server: str, slug: str, statement_id: int, choice: int) -> bool:
        """Agree (1), disagree (-1) or pass (0); whether the server acknowledged it (2xx).

        Raises one of LOST when the server is gone or hangs up midway.
        """
        url = f"http://{server}/conversations/{slug}/vote/"
        if not self.token:
            with self.browser.open(url, timeout=10) as page:
                found = re.search(
                    r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()
                )
            if not found:
                raise AssertionError("the voting page has no CSRF token")
            self.token = found.group(1)
        form = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": self.token,
                "statement": statement_id,
                "choice": choice,
            }
        ).encode()
        request = urllib.request.Request(
            url, data=form, headers={"X-Requested-With": "fetch"}
        )
        try:
            with self.browser.open(request, timeout=10) as response:
                response.read()
                return 200 <= int(response.status) < 300
        except urllib.error.HTTPError as refused:
            if refused.code >= 500:
                return False
            raise

    @property
    def participant_key(self) -> uuid.UUID | None:
        """The key in the signed cookie by which the site knows this phone, once it voted."""
        for cookie in self.cookies:
            if cookie.name == PARTICIPANT_COOKIE and cookie.value:
                return uuid.UUID(cookie.value.strip('"').split(":", 1)[0])
        return None
