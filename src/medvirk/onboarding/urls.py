from django.urls import path

from medvirk.onboarding import views, views_templates

app_name = "onboarding"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:pk>/", views.checklist, name="checklist"),
    path("<int:pk>/punkt/<int:item_pk>/", views.tick_item, name="tick"),
    path("arena/<int:arena_pk>/", views.overview, name="overview"),
    path("arena/<int:arena_pk>/sekretariat/", views.secretariat_list, name="secretariat_list"),
    path("tjeneste/<int:service_pk>/", views_templates.service, name="service"),
    path(
        "tjeneste/<int:service_pk>/<slug:kind>/<slug:audience>/",
        views_templates.template,
        name="template",
    ),
    path(
        "tjeneste/<int:service_pk>/<slug:kind>/<slug:audience>/tilpass/",
        views_templates.customise,
        name="customise",
    ),
    path("punkt/<int:pk>/", views_templates.item_edit, name="item_edit"),
    path("punkt/<int:pk>/fjern/", views_templates.item_remove, name="item_remove"),
    path("punkt/<int:pk>/flytt/", views_templates.item_move, name="item_move"),
]
