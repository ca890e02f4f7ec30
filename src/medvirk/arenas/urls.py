from django.urls import path

from medvirk.arenas import views

app_name = "arenas"

urlpatterns = [
    path("<int:pk>/", views.arena_detail, name="detail"),
]
