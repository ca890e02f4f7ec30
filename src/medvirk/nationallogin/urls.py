from allauth.socialaccount import views as social_views
from django.urls import path

from medvirk.nationallogin import views

app_name = "nationallogin"

# Mounted at /konto/ before allauth's URLs (medvirk/urls.py). The login and its return
# are at the addresses allauth's own OpenID Connect views would have (allauth does not
# mount those: oidc.py, provider_routes); allauth's connections page is closed (a national
# login is how the person is recognised: it is not for unlinking), and its pages for a
# cancelled or failed login exist only where a national login is configured.
urlpatterns = [
    path("oidc/<str:provider_id>/login/", views.login, name="login"),
    path("oidc/<str:provider_id>/login/callback/", views.callback, name="callback"),
    path("3rdparty/", views.not_offered, name="connections"),
    path(
        "3rdparty/login/cancelled/",
        views.only_if_configured(social_views.login_cancelled),
        name="cancelled",
    ),
    path(
        "3rdparty/login/error/",
        views.only_if_configured(social_views.login_error),
        name="error",
    ),
    path("3rdparty/signup/", views.only_if_configured(social_views.signup), name="signup"),
    path("nasjonal-innlogging/koble/", views.link, name="link"),
    path("nasjonal-innlogging/representantprofil/", views.claim, name="claim"),
]
