from django.urls import path

from medvirk.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.failed_mail, name="failed"),
    path("<int:pk>/send-igjen/", views.resend, name="resend"),
]
