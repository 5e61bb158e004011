"""Form pieces that every app shares."""

import datetime
import re

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .mail import send_bilingual_email
from .models import NOTICES_ALWAYS_AT_ONCE, Language, NoticeKind, NoticeTiming, Person
from .text import multiline, one_line


class TypedText:
    """Mixed into every form of the service, first among its bases: what a form reads from a
    post has its line breaks as LF in text boxes and none in one-line boxes (``steering.text``),
    whether a browser sent it or something else did. No box carries ``maxlength``: a browser cuts
    a pasted text short without a word, where the form says what is too long (GOV.UK's advice)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)

    def full_clean(self):
        if self.is_bound:
            data = self.data.copy()
            for name, field in self.fields.items():
                key = self.add_prefix(name)
                value = data.get(key)
                if isinstance(field, forms.CharField) and isinstance(value, str):
                    data[key] = multiline(value) if isinstance(field.widget, forms.Textarea) else one_line(value)
            self.data = data
        super().full_clean()


class FilterForm(TypedText, forms.Form):
    """The form of a list's filters (django-filter's ``Meta.form``): words searched for are typed text too."""


def _limit_hint(limit: int) -> str:
    return gettext("Up to %(limit)s characters.") % {"limit": f"{limit:,}"}


def with_limit(field: forms.CharField, limit: int) -> forms.CharField:
    """A long text's limit (``steering.text``): said in its hint and checked with a message, but not
    set on the box, where a browser would cut a pasted text short without a word."""
    hint = lazy(_limit_hint, str)(limit)
    field.help_text = format_lazy("{} {}", field.help_text, hint) if field.help_text else hint
    field.validators.append(
        MaxLengthValidator(
            limit, message=_("Shorten the text to %(limit_value)s characters or fewer: it has %(show_value)s")
        )
    )
    return field


def bilingual_text(
    label_en,
    label_cy,
    *,
    required_en=True,
    required_message=None,
    textarea=False,
    rows=3,
    max_length=None,
    limit=None,
    help_en="",
    help_cy="",
) -> tuple[forms.CharField, forms.CharField]:
    """The English and Welsh boxes of a text a person writes in both languages, each with its
    ``lang``; the Welsh may wait. A long text's ``limit`` goes through ``with_limit``."""

    def box(label, lang, required, help_text):
        attrs = {"lang": lang, **({"rows": rows} if textarea else {})}
        field = forms.CharField(
            label=label,
            max_length=max_length,
            widget=forms.Textarea(attrs=attrs) if textarea else forms.TextInput(attrs=attrs),
            required=required,
            help_text=help_text,
        )
        if required and required_message:
            field.error_messages["required"] = required_message
        return with_limit(field, limit) if limit else field

    return box(label_en, "en", required_en, help_en), box(label_cy, "cy", False, help_cy)


def govuk_helper(*fields, submit_label) -> FormHelper:
    """A crispy helper for a GOV.UK form: the service's own messages, not the browser's."""
    helper = FormHelper()
    helper.attrs = {"novalidate": ""}
    helper.layout = Layout(*fields, Button("submit", submit_label, data_prevent_double_click="true"))
    return helper


class DateField(DateInputField):
    """The GOV.UK date input (day, month, year) with messages that say how to put it right."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for widget, label in zip(self.widget.widgets, (_("Day"), _("Month"), _("Year")), strict=True):
            widget.attrs.update({"label": label, "inputmode": "numeric"})
        self.error_messages = {
            "required": _("Enter the day, month and year, for example 27 9 2022"),
            "incomplete": _("Enter the day, month and year, for example 27 9 2022"),
            "invalid": _("Enter a real date, for example 27 9 2022"),
        }
        number = RegexValidator(r"^[0-9]+$", _("Enter the date in numbers, for example 27 9 2022"))
        for field, incomplete in zip(
            self.fields,
            (_("Enter the day of the month"), _("Enter the month"), _("Enter the year")),
            strict=True,
        ):
            field.error_messages["incomplete"] = incomplete
            field.validators = [number]

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError as error:
            # The same message from the day, month and year boxes is said once.
            raise ValidationError(list(dict.fromkeys(error.messages))) from None

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            # A box holding only spaces counts as empty: a date half typed is never saved as no date.
            if day or month or year:
                raise ValidationError(self.error_messages["incomplete"], code="incomplete")
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        if len(str(year)) != 4:
            raise ValidationError(_("Enter the year as 4 numbers, for example 2022"), code="invalid")
        try:
            return datetime.date(day=int(day), month=int(month), year=int(year))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def language_choice_field(**kwargs) -> forms.ChoiceField:
    field = forms.ChoiceField(
        label=kwargs.pop("label", _("Which language should emails and pages be in?")),
        choices=Language.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a language")},
        **kwargs,
    )
    field.choices_are_languages = True  # each option's label carries its own lang attribute
    return field


class SignInForm(TypedText, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Enter a correct email address and password. The password is case sensitive. "
            "If you have forgotten it, reset it below."
        ),
        "inactive": _("This account is switched off. Ask the group's secretariat to switch it on."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address")
        # GOV.UK pattern: no autofocus, which moves screen-reader users past the page's heading.
        self.fields["username"].widget = forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"})
        self.fields["username"].error_messages["required"] = _("Enter your email address")
        # AuthenticationForm sets max_length without its validator: an over-long address would
        # reach the lockout's record of attempts, whose column holds 255 characters.
        self.fields["username"].validators.append(
            MaxLengthValidator(254, message=_("Enter an email address of 254 characters or fewer"))
        )
        self.fields["password"].label = _("Password")
        self.fields["password"].error_messages["required"] = _("Enter your password")
        self.helper = govuk_helper(
            Field.text("username", field_width=Fluid.TWO_THIRDS),
            Field.text("password", field_width=Fluid.TWO_THIRDS),
            submit_label=_("Sign in"),
        )


class ResetForm(TypedText, auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email address")
        self.fields["email"].error_messages = {
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        }
        self.helper = govuk_helper(Field.text("email", field_width=Fluid.TWO_THIRDS), submit_label=_("Send the link"))

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        """In both languages, the person's own first, like every message of the service."""
        send_bilingual_email(
            to=to_email,
            subject_template=subject_template_name,
            body_template=email_template_name,
            context=context,
            first=context["user"].preferred_language,
        )


def _password_fields(form, *, submit_label):
    """The new-password pair, worded after the GOV.UK pattern and the NCSC's advice."""
    form.error_messages = {**form.error_messages, "password_mismatch": _("Enter the same password in both boxes")}
    form.fields["new_password1"].label = _("New password")
    form.fields["new_password1"].help_text = _(
        "At least 10 characters, and not a common password. Three random words make a strong password "
        "that is easy to remember."
    )
    form.fields["new_password1"].error_messages["required"] = _("Enter a new password")
    form.fields["new_password2"].label = _("Enter the new password again")
    form.fields["new_password2"].help_text = ""
    form.fields["new_password2"].error_messages["required"] = _("Enter the new password again")
    fields = [Field.text(name, field_width=Fluid.TWO_THIRDS) for name in form.fields]
    form.helper = govuk_helper(*fields, submit_label=submit_label)


class NewPasswordForm(TypedText, auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _password_fields(self, submit_label=_("Save password"))


class PasswordChangeForm(TypedText, auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": _("Your current password is not right. Enter it again"),
        }
        self.fields["old_password"].label = _("Current password")
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        self.fields["old_password"].error_messages["required"] = _("Enter your current password")
        _password_fields(self, submit_label=_("Change password"))


class AccountForm(TypedText, forms.ModelForm):
    preferred_language = language_choice_field()

    class Meta:
        model = Person
        fields = ["full_name", "preferred_language"]
        labels = {"full_name": _("Full name")}
        error_messages = {"full_name": {"required": _("Enter your full name")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].help_text = _(
            "Pages open in this language when you sign in. Every email gives it first, "
            "with the other language after it."
        )
        # For each kind of notice that may wait: at once, or in the daily digest.
        timings = []
        for kind in NoticeKind:
            if kind in NOTICES_ALWAYS_AT_ONCE:
                continue
            name = f"notice_{kind.value}"
            self.fields[name] = forms.ChoiceField(
                label=kind.label,
                choices=NoticeTiming.choices,
                widget=forms.RadioSelect,
                initial=self.instance.timing_of(kind),
                required=False,  # left out: it stays as it was
            )
            timings.append(Field.radios(name, legend_size=Size.SMALL, inline=True, small=True))
        self.helper = govuk_helper(
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.radios("preferred_language", legend_size=Size.SMALL),
            Fieldset(*timings, legend=_("When you hear of things by email"), legend_size=Size.MEDIUM),
            submit_label=_("Save"),
        )

    def save(self, commit=True):
        timing = {}
        for kind in NoticeKind:
            if f"notice_{kind}" in self.fields:
                timing[kind.value] = self.cleaned_data.get(f"notice_{kind}") or self.instance.timing_of(kind)
        self.instance.notice_timing = timing
        return super().save(commit)


class TimeField(forms.Field):
    """A time as people type it: 10:00, 10.30, 14:30, 2pm or 2:30pm."""

    widget = forms.TextInput
    # yb: y bore (am); yh: yr hwyr, and yp: y prynhawn (pm), as Welsh speakers write them.
    PATTERN = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|yb|yh|yp)?\s*$", re.IGNORECASE)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update({"class": "govuk-input govuk-input--width-5", "autocomplete": "off"})

    def prepare_value(self, value):
        return value.strftime("%H:%M") if isinstance(value, datetime.time) else value

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        match = self.PATTERN.match(value)
        if not match:
            raise ValidationError(_("Enter a time like 10:00 or 2pm"), code="invalid")
        hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
        if half in {"pm", "yh", "yp"} and hour < 12:
            hour += 12
        elif half in {"am", "yb"} and hour == 12:
            hour = 0
        if hour > 23 or minute > 59 or (half and int(match[1]) > 12):
            raise ValidationError(_("Enter a real time, like 10:00 or 2pm"), code="invalid")
        return datetime.time(hour, minute)
