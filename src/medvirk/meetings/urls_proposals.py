from django.urls import URLPattern, path

from medvirk.meetings import views_proposals as views

urlpatterns: list[URLPattern] = [
    path("arena/<int:arena_pk>/foresla-sak/", views.propose, name="propose"),
    path("arena/<int:arena_pk>/foresla-sak/takk/", views.proposal_thanks, name="proposal_thanks"),
    path("arena/<int:arena_pk>/saksforslag/", views.proposal_list, name="proposal_list"),
    path("saksforslag/mine/", views.my_proposals, name="my_proposals"),
    path("saksforslag/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("saksforslag/<int:pk>/behandle/", views.proposal_handle, name="proposal_handle"),
    path("saksforslag/<int:pk>/trekk/", views.proposal_withdraw, name="proposal_withdraw"),
]
