from django import forms
from django.utils.translation import gettext_lazy as _

from steering.bilingual import active_language
from steering.forms import DateField
from steering.models import Person
from workstreams.models import Membership, Organisation


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
    owner_organisation = forms.ModelChoiceField(
        label=_("Owner organisation"), queryset=Organisation.objects.all(), required=False, empty_label=_("None")
    )
    due_date = DateField(label=_("Due date (optional)"), required=False, help_text=_("For example, 27 9 2022"))

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(memberships__in=Membership.objects.current().filter(group=group)).distinct()
        self.fields["owner_person"] = forms.ModelChoiceField(
            label=_("Owner"), queryset=people.order_by("full_name"), required=False, empty_label=_("None")
        )
        self.fields["owner_organisation"].queryset = Organisation.objects.order_by(f"name_{active_language()}")
        self.order_fields(["text_en", "text_cy", "owner_person", "owner_organisation", "due_date"])

    def clean(self):
        data = super().clean()
        if not data.get("owner_person") and not data.get("owner_organisation"):
            self.add_error("owner_person", _("Choose who owns the action: a person, an organisation or both"))
        return data
