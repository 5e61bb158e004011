"""The service's URLs, plus the bare page the load benchmark measures every other page against."""

from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    # The base template and nothing in it, for a signed-in person: sessions, middleware, the
    # header and footer, but no query of the page's own.
    path("bench/minimal/", login_required(TemplateView.as_view(template_name="base.html")), name="bench_minimal"),
    path("", include("steering.urls")),
]

handler500 = "steering.views.server_error"
