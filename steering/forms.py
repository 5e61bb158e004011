"""Form pieces that every app shares."""

import datetime

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from steering.models import Language


class DateField(DateInputField):
    """The GOV.UK date input (day, month, year) with messages that say how to put it right."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
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

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        if len(str(year)) != 4:
            raise ValidationError(_("Enter the year as 4 numbers, for example 2022"), code="invalid")
        try:
            return datetime.date(day=int(day), month=int(month), year=int(year))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def language_choice_field(**kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Which language should emails and pages be in?"),
        choices=Language.choices,
        widget=forms.RadioSelect,
        **kwargs,
    )
