from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from medvirk.appointments import urls_assignments
from medvirk.arenas import urls_person
from medvirk.common.views import health, page
from medvirk.experiences.views_answers import short_address
from medvirk.feedback.views import accessibility
from medvirk.ops.views import readiness
from medvirk.people import urls as people_urls
from medvirk.start import urls_load

# The person pages under one namespace, /personer/ and ``people:``: people's own, the
# person page (arenas: it shows seats) and "Mine oppdrag" (appointments: seats and
# nominations), and a person's load (start: seats, meetings, courses, checklists). Those
# live above people in the layer order, so they are joined here.
person_pages = (
    [
        *urls_assignments.urlpatterns,
        *urls_person.urlpatterns,
        *urls_load.urlpatterns,
        *people_urls.urlpatterns,
    ],
    people_urls.app_name,
)

urlpatterns = [
    path("", page("pages/home.html"), name="home"),
    path("tilgjengelighet/", accessibility, name="accessibility"),
    path(
        "personvern/",
        page(
            "pages/privacy.html",
            lambda: {"import_retention_days": settings.MEDVIRK_IMPORT_FILE_RETENTION_DAYS},
        ),
        name="privacy",
    ),
    path("apne-data/", page("pages/open_data.html"), name="open_data"),
    path("sprak/", set_language, name="set_language"),
    path("helse/", health, name="health"),
    # Readiness: database, cache, task workers, mail backlog (docs/operations-runtime.md).
    path("helse/klar/", readiness, name="readiness"),
    path("katalog/", include("medvirk.directory.urls")),
    path("konto/", include("medvirk.start.urls")),
    path("konto/", include("medvirk.accounts.urls")),
    path("personer/", include(person_pages)),
    path("arenaer/", include("medvirk.arenas.urls")),
    path("oppnevning/", include("medvirk.appointments.urls")),
    path("moter/", include("medvirk.meetings.urls")),
    path("oppfolging/", include("medvirk.followup.urls")),
    path("erfaringer/", include("medvirk.experiences.urls")),
    # The short address on a call's poster and QR code.
    path("i/<str:code>", short_address, name="experience_short"),
    path("undersokelser/", include("medvirk.surveys.urls")),
    path("medvirkning/", include("medvirk.involvement.urls")),
    path("arsmelding/", include("medvirk.annual.urls")),
    path("godtgjoring/", include("medvirk.compensation.urls")),
    path("kurs/", include("medvirk.training.urls")),
    path("oppstart/", include("medvirk.onboarding.urls")),
    path("nettverk/", include("medvirk.network.urls")),
    path("planlegging/", include("medvirk.planning.urls")),
    # National login (ID-porten, Ansattporten) before allauth: it takes over allauth's
    # OpenID Connect addresses (nationallogin/urls.py).
    path("konto/", include("medvirk.nationallogin.urls")),
    path("konto/", include("allauth.urls")),
    path("api/", include("medvirk.api.urls")),
    path("drift/e-post/", include("medvirk.notifications.urls")),
    path("drift/", admin.site.urls),
]

# No route serves MEDIA_ROOT, in any mode (DEBUG included): uploaded files are read
# only through the views that check who may see them.
