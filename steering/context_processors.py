from django.utils.translation import gettext_lazy as _


def service(request):
    return {"service_name": _("Steering group governance")}
