"""Courses, under /kurs/."""

from django.urls import path

from medvirk.training import views

app_name = "training"

urlpatterns = [
    path("", views.course_list, name="list"),
    path("mine/", views.mine, name="mine"),
    path("arrangor/", views.organised, name="organised"),
    path("ny/<int:org_pk>/", views.course_create, name="create"),
    path("<int:pk>/", views.course, name="course"),
    path("<int:pk>/endre/", views.course_edit, name="edit"),
    path("<int:pk>/samling/ny/", views.session_add, name="session_add"),
    path("<int:pk>/publiser/", views.course_publish, name="publish"),
    path("<int:pk>/avlys/", views.course_cancel, name="cancel"),
    path("<int:pk>/meld-pa/", views.sign_up, name="sign_up"),
    path("<int:pk>/deltakere/", views.participants, name="participants"),
    path("<int:pk>/tilrettelegging/", views.accommodations, name="accommodations"),
    path("samling/<int:pk>/fjern/", views.session_remove, name="session_remove"),
    path("samling/<int:pk>/oppmote/", views.attendance, name="attendance"),
    path("pamelding/<int:pk>/meld-av/", views.enrolment_cancel, name="enrolment_cancel"),
    path("pamelding/<int:pk>/deling/", views.sharing, name="sharing"),
    path("pamelding/<int:pk>/fjern/", views.participant_remove, name="participant_remove"),
    path("pamelding/<int:pk>/kursbevis/", views.certificate, name="certificate"),
]
