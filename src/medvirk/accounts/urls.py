from django.urls import path

from medvirk.accounts import views

app_name = "accounts"

urlpatterns = [
    path("2fa/fortsett/", views.mfa_continue, name="mfa_continue"),
]
