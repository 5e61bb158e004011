from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from .forms import language_choice_field
from .mail import send_bilingual_email
from .models import Person


def _helper(*fields, submit_label) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Button("submit", submit_label, data_prevent_double_click="true"))
    return helper


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy(
            "Enter a correct email address and password. The password is case sensitive. "
            "If you have forgotten it, reset it below."
        ),
        "inactive": gettext_lazy("This account is switched off. Ask the group's secretariat to switch it on."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = gettext_lazy("Email address")
        # GOV.UK pattern: no autofocus, which moves screen-reader users past the page's heading.
        self.fields["username"].widget = forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"})
        self.fields["username"].error_messages["required"] = gettext_lazy("Enter your email address")
        self.fields["password"].label = gettext_lazy("Password")
        self.fields["password"].error_messages["required"] = gettext_lazy("Enter your password")
        self.helper = _helper(
            Field.text("username", field_width=Fluid.TWO_THIRDS),
            Field.text("password", field_width=Fluid.TWO_THIRDS),
            submit_label=gettext_lazy("Sign in"),
        )


class ResetForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = gettext_lazy("Email address")
        self.fields["email"].error_messages = {
            "required": gettext_lazy("Enter your email address"),
            "invalid": gettext_lazy("Enter an email address in the correct format, like name@example.org"),
        }
        self.helper = _helper(
            Field.text("email", field_width=Fluid.TWO_THIRDS), submit_label=gettext_lazy("Send the link")
        )

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        """In both languages, the person's own first, like every message of the service."""
        send_bilingual_email(
            to=to_email,
            subject_template=subject_template_name,
            body_template=email_template_name,
            context=context,
            first=context["user"].preferred_language,
        )


class NewPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = gettext_lazy("New password")
        self.fields["new_password1"].help_text = gettext_lazy(
            "At least 10 characters. Three random words make a strong password that is easy to remember."
        )
        self.fields["new_password2"].label = gettext_lazy("Confirm new password")
        self.helper = _helper(
            Field.text("new_password1", field_width=Fluid.TWO_THIRDS),
            Field.text("new_password2", field_width=Fluid.TWO_THIRDS),
            submit_label=gettext_lazy("Save password"),
        )


class AccountForm(forms.ModelForm):
    preferred_language = language_choice_field()

    class Meta:
        model = Person
        fields = ["full_name", "preferred_language"]
        labels = {"full_name": gettext_lazy("Full name")}
        error_messages = {"full_name": {"required": gettext_lazy("Enter your full name")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].help_text = gettext_lazy(
            "Pages open in this language when you sign in. Emails to you alone are in it; "
            "emails to the whole group give it first."
        )
        self.helper = _helper(
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.radios("preferred_language", legend_size=Size.SMALL),
            submit_label=gettext_lazy("Save"),
        )


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


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST or None, instance=request.user)
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
