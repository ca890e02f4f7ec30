"""All follow-up URLs, under /oppfolging/. Each area keeps its own list."""

from medvirk.followup import urls_accountability, urls_advice, urls_decisions, urls_reports

app_name = "followup"

urlpatterns = [
    *urls_advice.urlpatterns,
    *urls_decisions.urlpatterns,
    *urls_accountability.urlpatterns,
    *urls_reports.urlpatterns,
]
