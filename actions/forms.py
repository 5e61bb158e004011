import datetime
from dataclasses import dataclass
from html import escape

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from meetings.models import Paper
from steering.bilingual import active_language
from steering.files import check_document
from steering.forms import DateField, TypedText, bilingual_text, govuk_helper, with_limit
from steering.models import Person
from steering.text import ACTION_MAX, ANSWER_MAX, NOTE_MAX, QUESTION_MAX
from workstreams.models import Membership, Organisation

from .enums import ActionStatus, AnswerPer


@dataclass(frozen=True)
class Options:
    """Objects offered in a select: the choices shown and the way back from a choice to its object."""

    choices: list
    objects: dict

    @classmethod
    def of(cls, objects) -> "Options":
        lookup = {str(obj.pk): obj for obj in objects}
        return cls([("", _("None")), *((key, str(obj)) for key, obj in lookup.items())], lookup)


def owner_choices(group) -> tuple[Options, Options]:
    """The people of the group and the organisations, read and named once however many forms show them."""
    people = (
        Person.objects.filter(memberships__in=Membership.objects.current().filter(group=group))
        .distinct()
        .order_by("full_name")
    )
    organisations = Organisation.objects.order_by(f"name_{active_language()}", "name_en")
    return Options.of(people), Options.of(organisations)


class Select(forms.Select):
    """A select whose options are written here rather than through one template each: the minutes
    editor shows a form per item, each with every person and organisation, and Django's option
    template made that page take seconds. Named Select because crispy-forms-gds gives its GOV.UK
    classes by the widget's class name."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if key in chosen else ""}>{escape(str(label))}</option>'
            for key, label in ((str(key), label) for key, label in self.choices)
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{options}</select>')  # noqa: S308 - every value escaped just above  # nosec B308 B703


class _ChosenObject(forms.TypedChoiceField):
    """A select over objects already read, so a page with many forms reads them once."""

    widget = Select

    def __init__(self, options: Options, **kwargs):
        super().__init__(
            choices=options.choices,
            coerce=options.objects.get,
            required=False,
            empty_value=None,
            **kwargs,
        )


class ActionForm(TypedText, forms.Form):
    text_en, text_cy = bilingual_text(
        _("Action in English"),
        _("Action in Welsh"),
        required_message=_("Enter the action in English"),
        textarea=True,
        limit=ACTION_MAX,
        help_en=_("For example, WG to discuss adding a health policy colleague to the SG."),
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


class ActionUpdateForm(TypedText, forms.Form):
    status = forms.ChoiceField(label=_("Status"), widget=forms.RadioSelect)
    note = with_limit(
        forms.CharField(
            label=_("Progress note (optional when you change the status)"),
            widget=forms.Textarea(attrs={"rows": 4}),
            required=False,
        ),
        NOTE_MAX,
    )
    note_language = forms.ChoiceField(
        label=_("Language of the note"), choices=[("cy", "Cymraeg"), ("en", "English")], widget=forms.RadioSelect
    )
    seen_status = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, action, **kwargs):
        super().__init__(
            *args,
            initial={"status": action.status, "seen_status": action.status, "note_language": active_language()},
            **kwargs,
        )
        # Every status, in its natural order: a change the rules refuse gets the service's clear message.
        self.fields["status"].choices = ActionStatus.choices
        self.fields["note_language"].choices_are_languages = True
        self.helper = govuk_helper(
            Field.radios("status", legend_size=Size.SMALL),
            Field.textarea("note"),
            Field.radios("note_language", legend_size=Size.SMALL, inline=True),
            Field("seen_status"),
            submit_label=_("Save update"),
        )


class ActionEditForm(ActionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.textarea("text_en"),
            Field.textarea("text_cy"),
            Field.select("owner_person"),
            Field.select("owner_organisation"),
            Field("due_date"),
            submit_label=_("Save action"),
        )


class FeedbackRequestForm(TypedText, forms.Form):
    title_en, title_cy = bilingual_text(
        _("Title in English"), _("Title in Welsh"), required_message=_("Enter the title in English"), max_length=300
    )
    question_en, question_cy = bilingual_text(
        _("Question in English"),
        _("Question in Welsh"),
        required_message=_("Enter the question in English"),
        textarea=True,
        rows=5,
        limit=QUESTION_MAX,
    )
    deadline = DateField(label=_("Deadline"))
    answer_per = forms.ChoiceField(
        label=_("Who answers"), choices=AnswerPer.choices, widget=forms.RadioSelect, initial=AnswerPer.ORGANISATION
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].error_messages["required"] = _("Enter the deadline")
        example = timezone.localdate() + datetime.timedelta(days=14)
        self.fields["deadline"].help_text = _("For example, %(date)s") % {
            "date": f"{example.day} {example.month} {example.year}"
        }
        self.fields["organisations"] = forms.ModelMultipleChoiceField(
            label=_("Which organisations are asked (optional)"),
            help_text=_("Leave all unticked to ask every member of the group."),
            queryset=Organisation.objects.filter(memberships__in=Membership.objects.current().filter(group=group))
            .distinct()
            .order_by(f"name_{active_language()}", "name_en"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        papers = (
            Paper.objects.filter(item__meeting__group=group).select_related("item__meeting").order_by("-uploaded_at")
        )
        self.fields["paper"] = forms.ModelChoiceField(
            label=_("Paper (optional)"), queryset=papers, required=False, empty_label=_("None")
        )
        self.helper = govuk_helper(
            Field.text("title_en"),
            Field.text("title_cy"),
            Field.textarea("question_en"),
            Field.textarea("question_cy"),
            Field.select("paper"),
            Field("deadline"),
            Field.radios("answer_per", legend_size=Size.SMALL),
            Field.checkboxes("organisations", legend_size=Size.SMALL, small=True),
            submit_label=_("Send the request"),
        )


class FeedbackAnswerForm(TypedText, forms.Form):
    text = with_limit(
        forms.CharField(
            label=_("Your answer"),
            widget=forms.Textarea(attrs={"rows": 8}),
            error_messages={"required": _("Enter your answer")},
        ),
        ANSWER_MAX,
    )
    text_language = forms.ChoiceField(
        label=_("Language of your answer"), choices=[("cy", "Cymraeg"), ("en", "English")], widget=forms.RadioSelect
    )
    file = forms.FileField(
        label=_("A file with your answer (optional)"),
        required=False,
        help_text=_("PDF, DOCX, ODT or XLSX, up to 20 MB. A new file replaces the one sent before."),
    )
    # The answer this person saw, so a save over someone else's newer answer is refused.
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text_language"].initial = active_language()
        self.fields["text_language"].choices_are_languages = True
        self.helper = govuk_helper(
            Field.textarea("text"),
            Field.radios("text_language", legend_size=Size.SMALL, inline=True),
            Field("file"),
            Field("seen"),
            submit_label=_("Send your answer"),
        )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            check_document(upload)
        return upload


class MinutesImportForm(TypedText, forms.Form):
    """The file of minutes to import: nothing is saved from it before the review."""

    file = forms.FileField(
        label=_("The minutes"),
        help_text=_(
            "A Word (DOCX), PDF, web page (HTML), Markdown or text file of one meeting's minutes, up to 20 MB."
        ),
        error_messages={"required": _("Choose the file of minutes to import")},
    )
    file_cy = forms.FileField(
        label=_("The Welsh version (optional)"),
        help_text=_(
            "When the minutes were published as two files, the Welsh one: its texts become the Welsh of the "
            "items, decisions and actions. A single file with both languages needs no second file."
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(Field("file"), Field("file_cy"), submit_label=_("Read the minutes"))


class MinutesReviewForm(TypedText, forms.Form):
    """The date the review confirms; the findings are ticked and edited beside it on the page."""

    date = DateField(label=_("Date of the meeting"))
