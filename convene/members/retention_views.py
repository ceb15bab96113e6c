"""The staff page that says what the retention task will erase next."""

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from convene.members import retention, tasks


@staff_member_required
@require_http_methods(["GET", "POST"])
def retention_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        # Staff may run it now rather than wait for the daily run; it erases only what is
        # past its time, as the daily run would.
        transaction.on_commit(tasks.erase_expired_data.enqueue)
        messages.success(
            request,
            "Erasing what is past its time now. This page shows what is left once it "
            "has run.",
        )
        return redirect("members:retention")
    return render(
        request,
        "members/retention.html",
        {
            "statuses": retention.status(),
            "look_ahead_days": retention.LOOK_AHEAD.days,
        },
    )
