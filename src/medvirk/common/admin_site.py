"""Medvirk's admin site (/drift/): Django's, with the navigation that every admin page
repeats built once per process (issue 13).

Every admin page calls ``get_app_list`` for the side bar (a permission check and two URL
reversals per registered model) and renders the list as some forty table rows: about a
third of a small admin page's work. What the list holds depends only on the registry (fixed
once the apps are loaded), the language and the reader's permissions. For platform admins
(active superusers: every permission, so nothing depends on the request) the list is kept
per language, and the rendered side bar per language and current section; anyone else
(a staff user without ``is_superuser``) gets Django's lists built per request, as before.
``has_*_permission`` methods of the registered model admins therefore must not depend on
the request for superusers (none does: the read-only admins answer False to everyone).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import admin
from django.http import HttpRequest
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Django's own messages (its admin catalogue translates them), so not in ours.
TOGGLE_NAVIGATION = "Toggle navigation"
SIDEBAR = "Sidebar"
START_TYPING = "Start typing to filter…"
FILTER_NAVIGATION = "Filter navigation items"
# Django's admin/nav_sidebar.html (5.2), its list of apps rendered by admin/app_list.html.
SIDE_BAR = """
<button class="sticky toggle-nav-sidebar" id="toggle-nav-sidebar" aria-label="{}"></button>
<nav class="sticky" id="nav-sidebar" aria-label="{}">
  <input type="search" id="nav-filter"
         placeholder="{}"
         aria-label="{}">
  {}
</nav>
"""

# Built once per process and never invalidated: they derive from code (the registry,
# the URLconf) and the translations, which change only with a restart.
_APP_LISTS: dict[tuple[str, str, str | None], list[dict[str, Any]]] = {}
_SIDE_BARS: dict[tuple[str, str, tuple[str, ...]], SafeString] = {}


def _same_for_everyone(request: HttpRequest) -> bool:
    # Platform admins (accounts' User.is_platform_admin) see every model the same way.
    return bool(getattr(getattr(request, "user", None), "is_platform_admin", False))


class MedvirkAdminSite(admin.AdminSite):
    def get_app_list(
        self, request: HttpRequest, app_label: str | None = None
    ) -> list[dict[str, Any]]:
        if not _same_for_everyone(request):
            return super().get_app_list(request, app_label)
        key = (get_language(), get_script_prefix(), app_label)
        app_list = _APP_LISTS.get(key)
        if app_list is None:
            app_list = _APP_LISTS[key] = super().get_app_list(request, app_label)
        return app_list

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        context: dict[str, Any] = super().each_context(request)
        # A callable: the template calls it only where the side bar is drawn.
        # each_context has built the app list already (available_apps): reuse it.
        apps = context["available_apps"]
        context["nav_sidebar"] = lambda: self.nav_sidebar(request, apps)
        return context

    def nav_sidebar(
        self, request: HttpRequest, app_list: list[dict[str, Any]] | None = None
    ) -> SafeString:
        """The side bar as Django's admin/nav_sidebar.html writes it, with the current
        section marked as Django marks it: by the section's address being part of the
        page's."""
        if app_list is None:
            app_list = self.get_app_list(request)
        path = quote(request.path, safe="/")  # as the template's request.path|urlencode
        current = tuple(
            url
            for app in app_list
            for url in (app["app_url"], *(m.get("admin_url") or "" for m in app["models"]))
            if url and url in path
        )
        key = (get_language(), get_script_prefix(), current)
        same = _same_for_everyone(request)
        html = _SIDE_BARS.get(key) if same else None
        if html is None:
            apps = get_template("admin/app_list.html").render(
                {"app_list": app_list, "show_changelinks": False, "request": request}
            )
            html = format_html(
                SIDE_BAR,
                _(TOGGLE_NAVIGATION),
                _(SIDEBAR),
                _(START_TYPING),
                _(FILTER_NAVIGATION),
                apps,
            )
            if same:
                _SIDE_BARS[key] = html
        return html
