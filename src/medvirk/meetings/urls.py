"""All meeting URLs, under /moter/. Each area keeps its own list."""

from medvirk.meetings import (
    urls_agenda,
    urls_attendance,
    urls_minutes,
    urls_plan,
    urls_proposals,
    urls_search,
)

app_name = "meetings"

urlpatterns = [
    *urls_plan.urlpatterns,
    *urls_agenda.urlpatterns,
    *urls_proposals.urlpatterns,
    *urls_attendance.urlpatterns,
    *urls_minutes.urlpatterns,
    *urls_search.urlpatterns,
]
