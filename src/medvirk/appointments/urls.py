from django.urls import path

from medvirk.appointments import views

app_name = "appointments"

urlpatterns = [
    path("<int:pk>/", views.request_detail, name="request_detail"),
]
