"""The arena page's section on appointment requests (arenas sit below appointments, so
the arena page asks for it by this tag, as the meeting page does for follow-up)."""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def arena_requests_section(context: dict[str, Any], arena: Any) -> str:
    """The arena's undecided requests with their state and next step (one statement).
    The arena page shows it to those who manage the arena."""
    from django.db.models import Q
    from django.template.loader import render_to_string
    from django.utils import timezone

    from medvirk.appointments.selectors import request_rows
    from medvirk.arenas.rules import managed_service_ids

    request = context.get("request")
    rows = request_rows(Q(arena_id=arena.pk), timezone.localdate())
    in_service = arena.owner_id in managed_service_ids(getattr(request, "user", None))
    return render_to_string(
        "appointments/includes/arena_requests.html",
        {"arena": arena, "rows": rows, "service_link": in_service},
        request=request,
    )
