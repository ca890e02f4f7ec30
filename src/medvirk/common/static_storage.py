"""The static files' storage: Django's, with each file's address worked out once per
process (issue 13). ``{% static %}`` asks the storage for every icon it writes -- the
admin's change lists ask twice per row for their yes/no icons -- and each answer is a URL
join of some 10 µs; the answer depends only on the name and STATIC_URL."""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles.storage import StaticFilesStorage as DjangoStaticFilesStorage


class StaticFilesStorage(DjangoStaticFilesStorage):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One storage per settings (Django makes a new one when STATIC_URL changes).
        self._urls: dict[str | None, str] = {}

    def url(self, name: str | None) -> str:
        url = self._urls.get(name)
        if url is None:
            url = self._urls[name] = super().url(name)
        return url
