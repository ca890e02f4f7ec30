from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from medvirk.common.http import Request
from medvirk.meetings.forms_search import SearchForm
from medvirk.meetings.search import DEFAULT_LIMIT, SearchResult, SearchTimeout, search

SEARCH_PAGE_SIZE = settings.MEDVIRK_PAGE_SIZE


def search_view(request: Request) -> HttpResponse:
    """Search agenda items, case proposals and approved minutes the user may see.

    A search the database stopped at its time limit (PostgreSQL) answers 503 with the
    form, the query kept in it, and a message saying so: the page itself works, but
    the answer is missing for a reason on our side that may pass, and a 503 is what
    monitoring and caches should see for that (never a 200 that looks like "no hits")."""
    form = SearchForm(request.GET or None)
    query = ""
    results: list[SearchResult] = []
    timed_out = False
    if form.is_bound and form.is_valid():
        query = form.query()
        try:
            results = search(request.user, query, kinds=form.selected_kinds())
        except SearchTimeout:
            timed_out = True
    page = Paginator(results, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "query": query,
        "page": page,
        "timed_out": timed_out,
        "truncated": len(results) >= DEFAULT_LIMIT,
        "limit": DEFAULT_LIMIT,
    }
    status = 422 if form.is_bound and not form.is_valid() else 503 if timed_out else 200
    return render(request, "meetings/search.html", context, status=status)
