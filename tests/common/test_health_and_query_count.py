"""The health endpoint (the benchmark's floor) and the query-count header."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext


def test_health_answers_without_touching_the_database(db: Any) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = Client().get("/helse/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"
    assert len(queries) == 0
    assert "X-Query-Count" not in response  # off unless the setting is on


@override_settings(MEDVIRK_QUERY_COUNT_HEADER=True)
def test_query_count_header_counts_the_requests_statements(db: Any) -> None:
    from medvirk.common.middleware import QueryCountMiddleware
    from medvirk.directory.models import Organisation

    def view(request: Any) -> Any:
        from django.http import HttpResponse

        list(Organisation.objects.all())
        list(Organisation.objects.filter(pk=1))
        return HttpResponse("x")

    middleware = QueryCountMiddleware(view)
    from django.test import RequestFactory

    response = middleware(RequestFactory().get("/"))
    assert response["X-Query-Count"] == "2"
