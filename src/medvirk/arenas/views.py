from django.http import Http404, HttpRequest, HttpResponse


def arena_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404  # replaced by the arenas work in progress
