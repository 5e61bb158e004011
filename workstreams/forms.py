from crispy_forms_gds.layout import Field, Fieldset, Fluid, Size
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steering.bilingual import active_language
from steering.forms import DateField, TypedText, bilingual_text, govuk_helper, language_choice_field
from steering.models import Person
from steering.text import REPORT_MAX, TERMS_OF_REFERENCE_MAX

from .enums import GroupKind, Role
from .models import Deliverable, GlossaryEntry, Group, Membership, Organisation
from .services import SETTINGS as GROUP_SETTINGS


def _organisation_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Organisation represented"),
        help_text=_("Leave empty for someone who does not represent an organisation."),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("None"),
    )


def order_organisations(field: forms.ModelChoiceField) -> None:
    """Organisations in the alphabetical order of the page's language."""
    field.queryset = field.queryset.order_by(f"name_{active_language()}", "name_en")


def _role_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a role")},
    )


def _deputy_for_field(group) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        label=_("Deputy for"),
        help_text=_("Only for the role Deputy: the member they stand in for."),
        queryset=Membership.objects.current()
        .filter(group=group, role=Role.MEMBER)
        .select_related("person", "organisation")
        .order_by("person__full_name"),
        required=False,
        empty_label=_("None"),
    )
    field.label_from_instance = lambda m: (
        f"{m.person.full_name} ({m.organisation})" if m.organisation else m.person.full_name
    )
    return field


class _DeputyMixin:
    def clean(self):
        data = super().clean()
        if data.get("role") == Role.DEPUTY and not data.get("deputy_for"):
            self.add_error("deputy_for", _("Choose the member this deputy stands in for"))
        if data.get("role") != Role.DEPUTY:
            data["deputy_for"] = None
        return data


class MembershipAddForm(TypedText, _DeputyMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,  # what the account's column holds
        help_text=_("If they do not have an account yet, one is made and they can set a password."),
        error_messages={
            "required": _("Enter their email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        required=False,
        help_text=_("Needed only for someone new to the service."),
    )
    preferred_language = language_choice_field(
        initial="en", label=_("Which language should their emails and pages be in?")
    )
    organisation = _organisation_field()
    role = _role_field()
    start_date = DateField(
        label=_("Date their membership starts"),
        help_text=_("For example, 27 9 2022. A later date lists them as joining then."),
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        order_organisations(self.fields["organisation"])
        self.fields["deputy_for"] = _deputy_for_field(group)
        self.fields["preferred_language"].help_text = _(
            "For someone new. People with an account choose their own language."
        )
        self.fields["role"].initial = Role.MEMBER
        self.initial.setdefault("start_date", timezone.localdate())
        self.helper = govuk_helper(
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.radios("preferred_language", legend_size=Size.SMALL, inline=True),
            Field.select("organisation"),
            Field.radios("role", legend_size=Size.SMALL),
            Field.select("deputy_for"),
            Field("start_date"),
            submit_label=_("Add member"),
        )

    def clean(self):
        data = super().clean()
        email = data.get("email")
        if email and not data.get("full_name") and not Person.objects.filter(email__iexact=email).exists():
            self.add_error("full_name", _("Enter their full name: nobody has an account with that email address yet"))
        return data


class MembershipChangeForm(TypedText, _DeputyMixin, forms.Form):
    role = _role_field()
    organisation = _organisation_field()

    def __init__(self, *args, membership: Membership, **kwargs):
        initial = {
            "role": membership.role,
            "organisation": membership.organisation,
            "deputy_for": membership.deputy_for,
        }
        super().__init__(*args, initial=initial, **kwargs)
        order_organisations(self.fields["organisation"])
        self.fields["deputy_for"] = _deputy_for_field(membership.group)
        self.fields["deputy_for"].queryset = self.fields["deputy_for"].queryset.exclude(person=membership.person)
        self.helper = govuk_helper(
            Field.radios("role", legend_size=Size.SMALL),
            Field.select("organisation"),
            Field.select("deputy_for"),
            submit_label=_("Save change"),
        )


class MembershipEndForm(TypedText, forms.Form):
    end_date = DateField(label=_("Last day of membership"), help_text=_("For example, 27 9 2022"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("end_date", timezone.localdate())
        self.helper = govuk_helper(Field("end_date"), submit_label=_("End membership"))


class TermsOfReferenceForm(TypedText, forms.Form):
    text_en, text_cy = bilingual_text(
        _("Terms of reference in English"),
        _("Terms of reference in Welsh"),
        required_message=_("Enter the terms of reference in English"),
        textarea=True,
        rows=12,
        limit=TERMS_OF_REFERENCE_MAX,
    )
    date_agreed = DateField(label=_("Date the group agreed them"), help_text=_("For example, 27 9 2022"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.textarea("text_en"),
            Field.textarea("text_cy"),
            Field("date_agreed"),
            submit_label=_("Save as a new version"),
        )


class GlossaryEntryForm(TypedText, forms.ModelForm):
    class Meta:
        model = GlossaryEntry
        fields = ["acronym_en", "expansion_en", "acronym_cy", "expansion_cy"]
        widgets = {
            "acronym_en": forms.TextInput(attrs={"lang": "en"}),
            "expansion_en": forms.TextInput(attrs={"lang": "en"}),
            "acronym_cy": forms.TextInput(attrs={"lang": "cy"}),
            "expansion_cy": forms.TextInput(attrs={"lang": "cy"}),
        }
        error_messages = {
            "acronym_en": {"required": _("Enter the acronym in English, for example ALN")},
            "expansion_en": {"required": _("Enter what the acronym stands for in English")},
        }
        help_texts = {
            "acronym_cy": _("For example ADY. Leave empty if the Welsh uses the same letters."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Fieldset(
                Field.text("acronym_en", field_width=10),
                Field.text("expansion_en"),
                legend=_("English"),
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("acronym_cy", field_width=10),
                Field.text("expansion_cy"),
                legend=_("Welsh"),
                legend_size=Size.MEDIUM,
            ),
            submit_label=_("Save"),
        )


def _group_texts():
    names = bilingual_text(
        _("Name in English"),
        _("Name in Welsh"),
        required_message=_("Enter the group's name in English"),
        max_length=200,
    )
    short_names = bilingual_text(
        _("Short name in English (optional)"), _("Short name in Welsh (optional)"), required_en=False, max_length=30
    )
    remit = bilingual_text(
        _("Remit in English"),
        _("Remit in Welsh"),
        required_en=False,
        textarea=True,
        rows=6,
        limit=TERMS_OF_REFERENCE_MAX,
        help_en=_("What the group is for and what it will deliver."),
    )
    return names, short_names, remit


class GroupCreateForm(TypedText, forms.Form):
    """A task-and-finish group, sub-group, network or forum under a group."""

    kind = forms.ChoiceField(
        label=_("What kind of group is it?"),
        choices=[choice for choice in GroupKind.choices if choice[0] != GroupKind.STEERING_GROUP],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of group it is")},
    )
    (name_en, name_cy), (short_name_en, short_name_cy), (purpose_en, purpose_cy) = _group_texts()
    end_date = DateField(label=_("Planned end (optional)"), required=False, help_text=_("For example, 31 3 2027"))

    def __init__(self, *args, parent, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"] = forms.ModelChoiceField(
            label=_("Chair (optional)"),
            help_text=_("A member of %(group)s. You can add other members once the group is set up.")
            % {"group": parent},
            queryset=Person.objects.filter(memberships__in=Membership.objects.current().filter(group=parent))
            .distinct()
            .order_by("full_name"),
            required=False,
            empty_label=_("None yet"),
        )
        self.helper = govuk_helper(
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field.text("name_en", field_width=Fluid.TWO_THIRDS),
            Field.text("name_cy", field_width=Fluid.TWO_THIRDS),
            Field.text("short_name_en", field_width=Fluid.ONE_THIRD),
            Field.text("short_name_cy", field_width=Fluid.ONE_THIRD),
            Field.textarea("purpose_en"),
            Field.textarea("purpose_cy"),
            Field.select("chair"),
            Field("end_date"),
            submit_label=_("Set up the group"),
        )


class GroupSettingsForm(TypedText, forms.ModelForm):
    """The group's name, remit, planned end and how its meetings and minutes work."""

    (name_en, name_cy), (short_name_en, short_name_cy), (purpose_en, purpose_cy) = _group_texts()
    end_date = DateField(label=_("Planned end (optional)"), required=False, help_text=_("For example, 31 3 2027"))

    class Meta:
        model = Group
        fields = list(GROUP_SETTINGS)
        widgets = {
            "minutes_layout": forms.RadioSelect,
            "invite_when": forms.RadioSelect,
            "chair_approves": forms.RadioSelect,
        }
        labels = {
            "quorum": _("Quorum (optional)"),
            "papers_deadline_days": _("Papers are due this many working days before a meeting"),
            "minutes_are_public": _("Publish the group's approved minutes for anyone to read"),
            "public_names": _("Name the people present in public minutes (otherwise their organisations only)"),
            "english_first": _("English first in the minutes (otherwise Welsh first)"),
            "minutes_layout": _("Layout of the minutes PDF"),
            "invite_when": _("When are members invited to a meeting?"),
            "chair_approves": _("What does the chair approve?"),
        }
        error_messages = {
            "quorum": {"invalid": _("Enter the quorum as a whole number, like 8")},
            "papers_deadline_days": {
                "invalid": _("Enter a whole number of working days, like 5"),
                "required": _("Enter how many working days before a meeting papers are due"),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Fieldset(
                Field.text("name_en", field_width=Fluid.TWO_THIRDS),
                Field.text("name_cy", field_width=Fluid.TWO_THIRDS),
                Field.text("short_name_en", field_width=Fluid.ONE_THIRD),
                Field.text("short_name_cy", field_width=Fluid.ONE_THIRD),
                Field.textarea("purpose_en"),
                Field.textarea("purpose_cy"),
                Field("end_date"),
                legend=_("The group"),
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("quorum", field_width=4),
                Field.text("papers_deadline_days", field_width=4),
                Field.radios("invite_when", legend_size=Size.SMALL),
                legend=_("Meetings"),
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("minutes_layout", legend_size=Size.SMALL),
                Field.checkbox("english_first"),
                Field.radios("chair_approves", legend_size=Size.SMALL),
                Field.checkbox("minutes_are_public"),
                Field.checkbox("public_names"),
                legend=_("Minutes"),
                legend_size=Size.MEDIUM,
            ),
            submit_label=_("Save the settings"),
        )

    def clean_quorum(self):
        quorum = self.cleaned_data.get("quorum")
        if quorum is not None and quorum < 1:
            raise forms.ValidationError(_("Enter the quorum as a whole number, like 8"))
        return quorum

    def clean_papers_deadline_days(self):
        days = self.cleaned_data.get("papers_deadline_days")
        if days is not None and days > 30:
            raise forms.ValidationError(_("Enter 30 working days or fewer"))
        return days

    def settings(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class GroupCloseForm(TypedText, forms.Form):
    closing_note_en, closing_note_cy = bilingual_text(
        _("Closing note in English"),
        _("Closing note in Welsh"),
        required_message=_("Enter the closing note in English"),
        textarea=True,
        rows=6,
        limit=TERMS_OF_REFERENCE_MAX,
        help_en=_("What the group achieved, and where its remaining work goes."),
    )
    on = DateField(label=_("Date it closes"), help_text=_("For example, 31 3 2027"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closing_note_cy"].required = True
        self.fields["closing_note_cy"].error_messages["required"] = _("Enter the closing note in Welsh")
        self.initial.setdefault("on", timezone.localdate())
        self.helper = govuk_helper(
            Field.textarea("closing_note_en"),
            Field.textarea("closing_note_cy"),
            Field("on"),
            submit_label=_("Close the group"),
        )


class OrganisationForm(TypedText, forms.ModelForm):
    name_en, name_cy = bilingual_text(
        _("Name in English"), _("Name in Welsh"), required_message=_("Enter the name in English"), max_length=200
    )
    acronym_en, acronym_cy = bilingual_text(
        _("Acronym in English (optional)"), _("Acronym in Welsh (optional)"), required_en=False, max_length=20
    )

    class Meta:
        model = Organisation
        fields = ["name_en", "name_cy", "acronym_en", "acronym_cy", "kind"]
        labels = {"kind": _("Kind of body")}
        error_messages = {"kind": {"required": _("Choose the kind of body")}}

    def __init__(self, *args, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.text("name_en", field_width=Fluid.TWO_THIRDS),
            Field.text("name_cy", field_width=Fluid.TWO_THIRDS),
            Field.text("acronym_en", field_width=Fluid.ONE_QUARTER),
            Field.text("acronym_cy", field_width=Fluid.ONE_QUARTER),
            Field.select("kind"),
            submit_label=submit_label or _("Save"),
        )

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class OrganisationMergeForm(TypedText, forms.Form):
    def __init__(self, *args, duplicate: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"] = forms.ModelChoiceField(
            label=_("Merge it into"),
            help_text=_("The organisation to keep. Everything that names %(name)s will name it instead.")
            % {"name": duplicate},
            queryset=Organisation.objects.exclude(pk=duplicate.pk),
            error_messages={"required": _("Choose the organisation to keep")},
        )
        order_organisations(self.fields["into"])
        self.helper = govuk_helper(Field.select("into"), submit_label=_("Merge the two"))


class PersonForm(TypedText, forms.Form):
    preferred_language = language_choice_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.radios("preferred_language", legend_size=Size.SMALL), submit_label=_("Save the language")
        )


class DeliverableForm(TypedText, forms.ModelForm):
    title_en, title_cy = bilingual_text(
        _("Deliverable in English"),
        _("Deliverable in Welsh"),
        required_message=_("Enter the deliverable in English"),
        max_length=300,
    )
    due_date = DateField(label=_("Due date (optional)"), required=False, help_text=_("For example, 31 3 2027"))

    class Meta:
        model = Deliverable
        fields = ["title_en", "title_cy", "due_date", "status"]
        widgets = {"status": forms.RadioSelect}
        labels = {"status": _("How does it stand?")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.text("title_en", field_width=Fluid.FULL),
            Field.text("title_cy", field_width=Fluid.FULL),
            Field("due_date"),
            Field.radios("status", legend_size=Size.SMALL, inline=True),
            submit_label=_("Save the deliverable"),
        )


class HighlightReportForm(TypedText, forms.Form):
    no_change = forms.BooleanField(label=_("No change since the last report"), required=False)
    progress_en, progress_cy = bilingual_text(
        _("Progress in English"), _("Progress in Welsh"), required_en=False, textarea=True, limit=REPORT_MAX
    )
    risks_en, risks_cy = bilingual_text(
        _("Risks and issues in English (optional)"),
        _("Risks and issues in Welsh (optional)"),
        required_en=False,
        textarea=True,
        limit=REPORT_MAX,
    )
    asks_en, asks_cy = bilingual_text(
        _("What you ask of the group, in English (optional)"),
        _("What you ask of the group, in Welsh (optional)"),
        required_en=False,
        textarea=True,
        limit=REPORT_MAX,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.checkbox("no_change"),
            Field.textarea("progress_en"),
            Field.textarea("progress_cy"),
            Field.textarea("risks_en"),
            Field.textarea("risks_cy"),
            Field.textarea("asks_en"),
            Field.textarea("asks_cy"),
            submit_label=_("Send the report"),
        )

    def clean(self):
        data = super().clean()
        if not data.get("no_change") and not (data.get("progress_en") or "").strip():
            self.add_error("progress_en", _("Enter the progress in English, or say that nothing has changed"))
        return data
