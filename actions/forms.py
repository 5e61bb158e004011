from django import forms
from django.utils.translation import gettext_lazy as _

from steering.bilingual import active_language
from steering.forms import DateField
from steering.models import Person
from workstreams.models import Membership, Organisation


def owner_choices(group) -> tuple[list, list]:
    """The people of the group and the organisations, read once however many forms show them."""
    people = list(
        Person.objects.filter(memberships__in=Membership.objects.current().filter(group=group))
        .distinct()
        .order_by("full_name")
    )
    organisations = list(Organisation.objects.order_by(f"name_{active_language()}", "name_en"))
    return people, organisations


class _ChosenObject(forms.TypedChoiceField):
    """A select over objects already read, so a page with many forms reads them once."""

    def __init__(self, objects, **kwargs):
        self.objects = {str(obj.pk): obj for obj in objects}
        super().__init__(
            choices=[("", _("None")), *((str(obj.pk), str(obj)) for obj in objects)],
            coerce=self.objects.get,
            required=False,
            empty_value=None,
            **kwargs,
        )


class ActionForm(forms.Form):
    text_en = forms.CharField(
        label=_("Action in English"),
        widget=forms.Textarea(attrs={"lang": "en", "rows": 3}),
        error_messages={"required": _("Enter the action in English")},
        help_text=_("For example, WG to discuss adding a health policy colleague to the SG."),
    )
    text_cy = forms.CharField(
        label=_("Action in Welsh"), widget=forms.Textarea(attrs={"lang": "cy", "rows": 3}), required=False
    )
    due_date = DateField(label=_("Due date (optional)"), required=False, help_text=_("For example, 27 9 2022"))

    def __init__(self, *args, group, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        people, organisations = choices or owner_choices(group)
        self.fields["owner_person"] = _ChosenObject(people, label=_("Owner"))
        self.fields["owner_organisation"] = _ChosenObject(organisations, label=_("Owner organisation"))
        self.order_fields(["text_en", "text_cy", "owner_person", "owner_organisation", "due_date"])

    def clean(self):
        data = super().clean()
        if not data.get("owner_person") and not data.get("owner_organisation"):
            self.add_error("owner_person", _("Choose who owns the action: a person, an organisation or both"))
        return data
