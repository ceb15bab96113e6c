"""Form settings the apps share."""

from collections.abc import Mapping
from typing import Any

from django.db import models

# An address typed without a scheme ("example.org") is taken as https://, as the members' own
# forms do and as Django 6 will by default; the admin's forms otherwise still assume http://.
URLS_ASSUME_HTTPS: Mapping[type[models.Field[Any, Any]], Mapping[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}
