"""All experience-gathering URLs, under /erfaringer/ (the short address /i/<code> is in
medvirk/urls.py). Calls, answering and moderation in urls_calls; themes, cases from
themes and the experience bank in urls_themes."""

from medvirk.experiences import urls_calls, urls_themes

app_name = "experiences"

urlpatterns = [
    *urls_calls.urlpatterns,
    *urls_themes.urlpatterns,
]
