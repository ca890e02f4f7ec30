from django.http import Http404, HttpRequest, HttpResponse


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404  # replaced by the people work in progress
