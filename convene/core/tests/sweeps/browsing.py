"""One browser context per persona for the sweeps, logged in without a page load.

Contexts bypass the Content-Security-Policy: the sweeps test the escaping and the markup
themselves, and axe's script is injected into the page.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client


@contextmanager
def persona_context(
    browser: Any, base_url: str, user: User | None, **options: Any
) -> Iterator[Any]:
    """A context with `user` logged in (None: a visitor), ignoring any CSP header."""
    context = browser.new_context(bypass_csp=True, **options)
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
        )
    context.set_default_timeout(15_000)
    try:
        yield context
    finally:
        context.close()


# Fills a form's fields by name, whatever their maxlength or type, and sends it without
# the browser's own checks, so the server's validation answers (and echoes what was sent).
SUBMIT_SCRIPT = """
(values) => {
  let form = null;
  for (const [name, value] of Object.entries(values)) {
    const fields = document.querySelectorAll(`[name="${name}"]`);
    if (!fields.length) throw new Error(`no field named ${name}`);
    for (const field of fields) {
      if (field.type === "radio" || field.type === "checkbox") field.checked = field.value === value;
    }
    if (!["radio", "checkbox"].includes(fields[0].type)) fields[0].value = value;
    form = form || fields[0].form;
  }
  form.noValidate = true;
  form.requestSubmit();
}
"""


def submit(page: Any, values: dict[str, str]) -> Any:
    """Send the page's form with `values`; the response to the submission."""
    with page.expect_navigation() as navigation:
        page.evaluate(SUBMIT_SCRIPT, values)
    return navigation.value
