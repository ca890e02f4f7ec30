"""Compensation, under /godtgjoring/."""

from django.urls import path

from medvirk.compensation import views, views_schemes

app_name = "compensation"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("krav/<int:pk>/", views.claim, name="claim"),
    path("krav/<int:pk>/reise/", views.add_travel, name="add_travel"),
    path("krav/<int:pk>/tapt-inntekt/", views.add_lost_earnings, name="add_lost_earnings"),
    path("krav/<int:pk>/kostgodtgjoring/", views.add_allowance, name="add_allowance"),
    path("krav/<int:pk>/linjer/<int:line_pk>/fjern/", views.remove_line, name="remove_line"),
    path("krav/<int:pk>/oppmote/", views.set_digital, name="set_digital"),
    path("krav/<int:pk>/send/", views.submit, name="submit"),
    path("krav/<int:pk>/behandle/", views.decide, name="decide"),
    path("krav/<int:pk>/rett/", views.correct, name="correct"),
    path("kvittering/<int:pk>/", views.receipt, name="receipt"),
    path("godkjenning/", views.queue, name="queue"),
    path("betalingsopplysninger/", views.payment_details, name="payment_details"),
    path("lonn/<int:pk>/", views.payroll, name="payroll"),
    path("ordning/<int:org_pk>/", views_schemes.scheme, name="scheme"),
    path("ordning/<int:org_pk>/satser/", views_schemes.rate_add, name="rate_add"),
    path("lonn/eksport/<int:pk>/<str:kind>/", views.export_file, name="export_file"),
]
