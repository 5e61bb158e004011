from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from . import health, views

urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("password-reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("account/", views.account, name="account"),
    path("account/password/", views.password_change, name="password_change"),
    path("language/", set_language, name="set_language"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("health/", health.health, name="health"),
    path("admin/", admin.site.urls),
    path("", include("workstreams.urls")),
    path("", include("meetings.urls")),
    path("", include("actions.urls")),
]

handler500 = "steering.views.server_error"
