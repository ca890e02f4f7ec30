"""The follow-up section of the meeting page: the input a seat holder's organisation sent
them, their report after the meeting, and for admins of represented organisations a link
to send input before it."""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def followup_section(context: dict[str, Any], meeting: Any) -> str:
    from django.template.loader import render_to_string

    from medvirk.followup.sections import followup_section

    request = context.get("request")
    data = followup_section(meeting, getattr(request, "user", None))
    if data is None:
        return ""
    return render_to_string("followup/followup_section.html", data, request=request)
