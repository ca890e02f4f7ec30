from django.urls import path

from medvirk.people import views

app_name = "people"

urlpatterns = [
    path("<int:pk>/", views.person_detail, name="detail"),
]
