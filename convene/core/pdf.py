"""Printable documents (door lists, badges, later reports and ballots): a template to PDF.

Every PDF the site makes goes through `render_pdf`, so the renderer and its settings are
chosen in one place. WeasyPrint lays out the HTML with Debian's Pango; each template sets its
page size with CSS `@page` and carries its styles inline, so nothing is fetched.
"""

import logging
from typing import Any

from django.template.loader import render_to_string
from django.utils.text import slugify

# WeasyPrint reports each step of every document at INFO: noise in the server's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    # Imported here: loading WeasyPrint takes a while, and most requests print nothing.
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    pdf: bytes = HTML(string=html, base_url=None).write_pdf()
    return pdf


def pdf_filename(*parts: str) -> str:
    """A safe download name such as `sheffield-2026-door-list.pdf`."""
    return "-".join(slugify(part) for part in parts if part) + ".pdf"
