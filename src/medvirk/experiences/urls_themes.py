"""Themes, cases from themes, individual cases and the experience bank."""

from django.urls import URLPattern, path

from medvirk.experiences import views_themes as views

urlpatterns: list[URLPattern] = [
    path("<int:call_pk>/temaer/", views.theme_list, name="theme_list"),
    path("<int:call_pk>/temaer/nytt/", views.theme_create, name="theme_create"),
    path("<int:call_pk>/enkeltsak/", views.individual_case, name="individual_case"),
    path("temaer/<int:pk>/", views.theme_detail, name="theme_detail"),
    path("temaer/<int:pk>/endre/", views.theme_edit, name="theme_edit"),
    path("temaer/<int:pk>/svar/legg-til/", views.theme_add_answers, name="theme_add_answers"),
    path("temaer/<int:pk>/svar/ta-ut/", views.theme_remove_answer, name="theme_remove_answer"),
    path("temaer/<int:pk>/deling/", views.theme_sharing, name="theme_sharing"),
    path("temaer/<int:pk>/sak/", views.theme_case, name="theme_case"),
    path("erfaringsbank/", views.bank, name="bank"),
    path("erfaringsbank/samle/", views.bank_combine, name="bank_combine"),
]
