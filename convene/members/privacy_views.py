from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from convene.members.privacy import current_notice


def notice(request: HttpRequest) -> HttpResponse:
    return render(request, "members/privacy_notice.html", {"notice": current_notice()})
