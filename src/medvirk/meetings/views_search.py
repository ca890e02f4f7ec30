from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from medvirk.common.http import Request
from medvirk.meetings.forms_search import SearchForm
from medvirk.meetings.search import DEFAULT_LIMIT, search

SEARCH_PAGE_SIZE = settings.MEDVIRK_PAGE_SIZE


def search_view(request: Request) -> HttpResponse:
    """Search agenda items, case proposals and approved minutes the user may see."""
    form = SearchForm(request.GET or None)
    query = ""
    results = []
    if form.is_bound and form.is_valid():
        query = form.query()
        results = search(request.user, query, kinds=form.selected_kinds())
    page = Paginator(results, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "query": query,
        "page": page,
        "truncated": len(results) >= DEFAULT_LIMIT,
        "limit": DEFAULT_LIMIT,
    }
    status = 422 if form.is_bound and not form.is_valid() else 200
    return render(request, "meetings/search.html", context, status=status)
