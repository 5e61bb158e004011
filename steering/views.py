from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import AccountForm, NewPasswordForm, PasswordChangeForm, ResetForm, SignInForm


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # The person's own language wins at sign-in, unless they switched language on this visit.
        if settings.LANGUAGE_COOKIE_NAME not in self.request.COOKIES:
            translation.activate(form.get_user().preferred_language)
        return response


sign_in = SignInView.as_view()
sign_out = auth_views.LogoutView.as_view()
password_reset = auth_views.PasswordResetView.as_view(
    form_class=ResetForm,
    email_template_name="emails/password_reset.txt",
    subject_template_name="emails/password_reset_subject.txt",
    success_url=reverse_lazy("password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=NewPasswordForm, success_url=reverse_lazy("password_reset_complete")
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        messages.success(self.request, _("Your password is changed."))
        return super().form_valid(form)


password_change = PasswordChangeView.as_view()


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details are saved."))
        return redirect("account")
    return render(request, "steering/account.html", {"form": form})


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page in the house layout and the visitor's language."""
    template = loader.get_template("500.html")
    try:
        return HttpResponseServerError(template.render({}, request=request))
    except Exception:  # noqa: BLE001 - the database may be what failed; show the page without the header menu
        return HttpResponseServerError(template.render({"service_name": _("Steering group governance")}))


def _statement(request: HttpRequest, name: str) -> HttpResponse:
    """A statement every visitor may read, signed in or not. Its text is a whole document in each
    language (``templates/steering/statements/``), read and reviewed as one, not a sentence at a
    time through the catalogue."""
    language = "cy" if translation.get_language() == "cy" else "en"
    return render(
        request,
        f"steering/{name}.html",
        {
            "body": f"steering/statements/{name}.{language}.html",
            "contact_email": settings.SERVICE_CONTACT_EMAIL,
            "dpo_email": settings.DATA_PROTECTION_OFFICER_EMAIL,
        },
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return _statement(request, "accessibility")


def privacy(request: HttpRequest) -> HttpResponse:
    return _statement(request, "privacy")
