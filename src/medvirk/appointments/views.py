from django.http import Http404, HttpRequest, HttpResponse


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404  # replaced by the appointment work in progress
