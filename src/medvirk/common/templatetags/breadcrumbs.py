"""Breadcrumbs: THE one way a page below the top level says where it is.

base.html renders the trail around its ``breadcrumbs`` block; a page fills that block with
one ``{% crumb %}`` per step, the current page last::

    {% block breadcrumbs %}
      {% crumb _("Arenaer") "arenas:list" %}
      {% crumb arena.name arena.get_absolute_url %}
      {% crumb _("Møteplan") %}
    {% endblock %}

``{% crumb label url %}``: ``url`` is an address (``arena.get_absolute_url``) or a URL name,
reversed with any further arguments (``{% crumb _("Møteplan") "meetings:plan" arena.pk %}``).
The last crumb is the current page (``aria-current="page"``); its address may be left out
(the request's path is used). ``{% crumb %}`` with no label names the current page by the
page's ``title`` block (allauth's pages, whose templates are not ours).

The trail is Designsystemet's breadcrumbs: a ``<nav>`` named "Du er her:" holding an ordered
list that starts at "Forsiden", and, before it, a link to the parent page, which
Designsystemet shows instead of the list on narrow screens. A page that fills no crumbs
(a top-level page) gets no trail. The tags are builtins (settings.TEMPLATES)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import Parser, Token
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from medvirk.common.templatetags.medvirk import fixed_url

register = template.Library()

_CRUMBS = "_medvirk_breadcrumbs"
_TITLE = object()


class BreadcrumbsNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        crumbs: list[tuple[Any, str]] = []
        with context.push({_CRUMBS: crumbs}):
            self.nodelist.render(context)
        if not crumbs:
            return ""
        trail = [(gettext("Forsiden"), fixed_url("home")), *crumbs]
        label, url = trail[-1]
        if label is _TITLE:
            label = _title(context)
        if not url:
            request = context.get("request")
            url = request.path if request is not None else ""
        trail[-1] = (label, url)
        parent_label, parent_url = trail[-2]
        items = format_html_join(
            "", '<li><a class="ds-link" href="{}">{}</a></li>', ((u, t) for t, u in trail[:-1])
        )
        return format_html(
            '<nav class="ds-breadcrumbs" aria-label="{}">'
            '<a class="ds-link" href="{}" aria-label="{}">{}</a>'
            '<ol>{}<li><a class="ds-link" href="{}" aria-current="page">{}</a></li></ol></nav>',
            gettext("Du er her:"),
            parent_url,
            gettext("Tilbake til %(name)s") % {"name": parent_label},
            parent_label,
            items,
            url,
            label,
        )


@register.tag
def breadcrumbs(parser: Parser, token: Token) -> BreadcrumbsNode:
    """``{% breadcrumbs %}{% block breadcrumbs %}{% endblock %}{% endbreadcrumbs %}``: used
    once, in base.html."""
    nodelist = parser.parse(("endbreadcrumbs",))
    parser.delete_first_token()
    return BreadcrumbsNode(nodelist)


@register.simple_tag(takes_context=True)
def crumb(context: template.Context, label: Any = _TITLE, url: str = "", *args: Any) -> str:
    """One step of the trail (see the module's docstring); renders nothing itself."""
    crumbs = context.get(_CRUMBS)
    if crumbs is None:
        raise template.TemplateSyntaxError("{% crumb %} belongs in the breadcrumbs block.")
    if url and not str(url).startswith(("/", "http:", "https:")):
        url = reverse(url, args=args)
    crumbs.append((label, str(url) if url else ""))
    return ""


def _title(context: template.Context) -> str:
    """The page's title block rendered, for a crumb that names the page by its title."""
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = block_context.get_block("title") if block_context is not None else None
    if block is None:
        return ""
    with context.push(block=block):
        # Rendered template output: already escaped.
        return mark_safe(block.nodelist.render(context).strip())  # noqa: S308
