"""Typed requests, so views that require a login can say so to the type checker."""

from django.contrib.auth.models import User
from django.http import HttpRequest


class AuthenticatedHttpRequest(HttpRequest):
    user: User
