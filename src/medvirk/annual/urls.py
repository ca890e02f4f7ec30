"""Annual reports (årsmelding), under /arsmelding/."""

from django.urls import URLPattern, path

from medvirk.annual import views_read, views_write

app_name = "annual"

urlpatterns: list[URLPattern] = [
    path("sammenligning/", views_read.comparison, name="comparison"),
    path("tjeneste/<int:org_pk>/", views_read.service_reports, name="service"),
    path("tjeneste/<int:org_pk>/ny/", views_write.report_create, name="create"),
    path("arena/<int:pk>/", views_read.arena_reports, name="arena"),
    path("<int:pk>/", views_read.report_detail, name="report"),
    path("<int:pk>/arsmelding.pdf", views_read.report_pdf_view, name="pdf"),
    path("<int:pk>/tall.csv", views_read.report_csv, name="csv"),
    path("<int:pk>/tall.xlsx", views_read.report_xlsx, name="xlsx"),
    path("<int:pk>/rediger/", views_write.report_edit, name="edit"),
    path("<int:pk>/send/", views_write.report_send, name="send"),
    path("<int:pk>/merknad/", views_write.report_comment, name="comment"),
    path("<int:pk>/godkjenn/", views_write.report_approve, name="approve"),
    path("<int:pk>/ny-versjon/", views_write.report_revise, name="revise"),
    path("<int:pk>/publiser/", views_write.report_publish, name="publish"),
    path("<int:pk>/avpubliser/", views_write.report_unpublish, name="unpublish"),
]
