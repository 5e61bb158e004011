import datetime

from crispy_forms_gds.layout import Field, Fieldset, Fluid, Size
from django import forms
from django.core.validators import URLValidator
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from steering.files import check_document
from steering.forms import DateField, TimeField, TypedText, bilingual_text, govuk_helper, with_limit
from steering.markup import link_problems
from steering.models import Person
from steering.text import COMMENT_MAX, DECISION_MAX, MINUTES_MAX, REASON_MAX
from workstreams.enums import Role
from workstreams.forms import order_organisations
from workstreams.models import Membership, Organisation

from .enums import UPCOMING_STATUSES, AttendanceStatus, ItemKind, ReplyAnswer
from .models import AgendaItem, Meeting


def _organisations(label=None) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label or _("Organisation"), queryset=Organisation.objects.all(), required=False, empty_label=_("None")
    )


def _group_people(group) -> forms.ModelChoiceField:
    people = Person.objects.filter(memberships__in=Membership.objects.current().filter(group=group)).distinct()
    return forms.ModelChoiceField(queryset=people.order_by("full_name"), required=False, empty_label=_("None"))


class MeetingForm(TypedText, forms.Form):
    date = DateField(label=_("Date"), help_text=_("For example, 17 11 2022"))
    start_time = TimeField(label=_("Start time"), help_text=_("For example, 10:00 or 2pm"))
    end_time = TimeField(label=_("End time (optional)"), required=False)
    place_en = forms.CharField(
        label=_("Place in English"), max_length=300, required=False, widget=forms.TextInput(attrs={"lang": "en"})
    )
    place_cy = forms.CharField(
        label=_("Place in Welsh"), max_length=300, required=False, widget=forms.TextInput(attrs={"lang": "cy"})
    )
    online_link = forms.URLField(
        label=_("Online meeting link (optional)"),
        required=False,
        max_length=500,  # what the meeting's column holds
        widget=forms.URLInput(attrs={"class": "govuk-input", "spellcheck": "false"}),
        assume_scheme="https",
        # A meeting is joined in a browser: web addresses only (URLField alone takes ftp: too).
        validators=[
            URLValidator(
                schemes=["https", "http"], message=_("Enter a web address, like https://teams.microsoft.com/…")
            )
        ],
        error_messages={"invalid": _("Enter a web address, like https://teams.microsoft.com/…")},
    )

    def __init__(self, *args, group, with_copy_choice=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].error_messages["required"] = _("Enter the date of the meeting")
        self.fields["start_time"].error_messages["required"] = _("Enter the time the meeting starts")
        self.fields["chair"] = _group_people(group)
        self.fields["chair"].label = _("Chair for the day (optional)")
        self.fields["chair"].help_text = _("Leave empty when the group's chair chairs it.")
        layout = [
            Field("date"),
            Field.text("start_time"),
            Field.text("end_time"),
            Field.text("place_en", field_width=Fluid.TWO_THIRDS),
            Field.text("place_cy", field_width=Fluid.TWO_THIRDS),
            Field.text("online_link", field_width=Fluid.TWO_THIRDS),
            Field.select("chair"),
        ]
        if with_copy_choice:
            self.fields["copy_agenda"] = forms.BooleanField(
                label=_("Start from the previous meeting's agenda"), required=False, initial=True
            )
            layout.append(Field.checkbox("copy_agenda"))
        self.helper = govuk_helper(*layout, submit_label=_("Save meeting"))

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("start_time"):
            starts = timezone.make_aware(datetime.datetime.combine(data["date"], data["start_time"]))
            data["starts_at"] = starts
            end_time = data.get("end_time")
            data["ends_at"] = (
                timezone.make_aware(datetime.datetime.combine(data["date"], end_time)) if end_time else None
            )
            if data["ends_at"] and data["ends_at"] <= starts:
                self.add_error("end_time", _("The end time must be after the start time"))
        return data

    @staticmethod
    def initial_for(meeting: Meeting) -> dict:
        starts = timezone.localtime(meeting.starts_at)
        ends = timezone.localtime(meeting.ends_at) if meeting.ends_at else None
        return {
            "date": starts.date(),
            "start_time": starts.time(),
            "end_time": ends.time() if ends else None,
            "place_en": meeting.place_en,
            "place_cy": meeting.place_cy,
            "online_link": meeting.online_link,
            "chair": meeting.chair,
        }

    def meeting_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "place_en": data["place_en"],
            "place_cy": data["place_cy"],
            "online_link": data["online_link"],
            "chair": data["chair"],
        }


class AgendaItemForm(TypedText, forms.Form):
    title_en, title_cy = bilingual_text(
        _("Title in English"), _("Title in Welsh"), required_message=_("Enter the title in English"), max_length=300
    )
    kind = forms.ChoiceField(label=_("Kind of item"), choices=ItemKind.choices, widget=forms.RadioSelect)
    lead_text_en, lead_text_cy = bilingual_text(
        _("Lead in English, as free text (optional)"),
        _("Lead in Welsh, as free text (optional)"),
        required_en=False,
        max_length=200,
    )
    lead_organisation = _organisations(label=_("Lead organisation (optional)"))
    duration_minutes = forms.IntegerField(
        label=_("Expected duration in minutes (optional)"),
        required=False,
        min_value=1,
        max_value=600,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-3"}),
        error_messages={
            "invalid": _("Enter the duration as a number of minutes, like 15"),
            "min_value": _("The duration must be at least 1 minute"),
            "max_value": _("The duration must be 600 minutes or fewer"),
        },
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = ItemKind.ORDINARY
        self.fields["kind"].error_messages["required"] = _("Choose the kind of item")
        self.fields["lead_person"] = _group_people(meeting.group)
        self.fields["lead_person"].label = _("Lead person (optional)")
        order_organisations(self.fields["lead_organisation"])
        self.fields["lead_text_en"].help_text = _("For example, WG officials")
        self.helper = govuk_helper(
            Field.text("title_en"),
            Field.text("title_cy"),
            Field.radios("kind", legend_size=Size.SMALL),
            Fieldset(
                Field.select("lead_person"),
                Field.select("lead_organisation"),
                Field.text("lead_text_en", field_width=Fluid.TWO_THIRDS),
                Field.text("lead_text_cy", field_width=Fluid.TWO_THIRDS),
                legend=_("Who leads it"),
                legend_size=Size.SMALL,
            ),
            Field.text("duration_minutes"),
            submit_label=_("Save item"),
        )

    @staticmethod
    def initial_for(item: AgendaItem) -> dict:
        fields = ["title_en", "title_cy", "kind", "lead_text_en", "lead_text_cy", "duration_minutes"]
        return {
            **{name: getattr(item, name) for name in fields},
            "lead_person": item.lead_person,
            "lead_organisation": item.lead_organisation,
        }


class PaperForm(TypedText, forms.Form):
    title_en, title_cy = bilingual_text(
        _("Title in English"),
        _("Title in Welsh"),
        required_message=_("Enter the title of the paper in English"),
        max_length=300,
    )
    file_en = forms.FileField(label=_("English version"), required=False)
    file_cy = forms.FileField(label=_("Welsh version"), required=False)
    confidential = forms.BooleanField(
        label=_("Confidential: observers cannot open it, and it is never published"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file_en"].help_text = _("PDF, DOCX, ODT or XLSX, up to 20 MB.")
        self.helper = govuk_helper(
            Field.text("title_en"),
            Field.text("title_cy"),
            Field("file_en"),
            Field("file_cy"),
            Field.checkbox("confidential"),
            submit_label=_("Upload paper"),
        )

    def clean_file_en(self):
        upload = self.cleaned_data.get("file_en")
        if upload:
            check_document(upload)
        return upload

    def clean_file_cy(self):
        upload = self.cleaned_data.get("file_cy")
        if upload:
            check_document(upload)
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("file_en") and not data.get("file_cy") and "file_en" not in self.errors:
            self.add_error("file_en", _("Choose a file for the English or the Welsh version, or both"))
        return data


class PaperWelshForm(TypedText, forms.Form):
    """The Welsh of a paper that came in English first: its title, and its Welsh version."""

    title_cy = forms.CharField(
        label=_("Title in Welsh"),
        max_length=300,
        widget=forms.TextInput(attrs={"lang": "cy"}),
        error_messages={"required": _("Enter the title of the paper in Welsh")},
    )
    file_cy = forms.FileField(
        label=_("Welsh version"), required=False, help_text=_("PDF, DOCX, ODT or XLSX, up to 20 MB.")
    )

    def __init__(self, *args, paper, **kwargs):
        super().__init__(*args, initial={"title_cy": paper.title_cy}, **kwargs)
        if paper.file_cy:
            self.fields["file_cy"].help_text = _(
                "PDF, DOCX, ODT or XLSX, up to 20 MB. A new file replaces the Welsh version added before."
            )
        self.helper = govuk_helper(Field.text("title_cy"), Field("file_cy"), submit_label=_("Save the Welsh"))

    def clean_file_cy(self):
        upload = self.cleaned_data.get("file_cy")
        if upload:
            check_document(upload)
        return upload


# What a reply means for the register on the day: a deputy comes in the member's place.
REPLY_TO_ATTENDANCE = {
    ReplyAnswer.ATTENDING: AttendanceStatus.PRESENT,
    ReplyAnswer.ONLINE: AttendanceStatus.PRESENT,
    ReplyAnswer.APOLOGIES: AttendanceStatus.APOLOGIES,
    ReplyAnswer.DEPUTY: AttendanceStatus.APOLOGIES,
}


class AttendanceForm(TypedText, forms.Form):
    """One set of radios per member: present, apologies or absent."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = {}
        layout = []
        for membership, recorded, answer in rows:
            name = f"member_{membership.pk}"
            self.memberships[name] = membership
            organisation = f" ({membership.organisation})" if membership.organisation_id else ""
            replied = ""
            if answer is not None:
                replied = _("replied: %(answer)s") % {"answer": answer.get_answer_display()}
                if answer.deputy_name:
                    replied += f" ({answer.deputy_name})"
            self.fields[name] = forms.ChoiceField(
                label=f"{membership.person.full_name}{organisation} – {membership.get_role_display()}",
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                # The register starts from the replies until the secretariat records the day.
                initial=recorded.status if recorded else REPLY_TO_ATTENDANCE.get(answer.answer if answer else None),
                required=False,
                help_text=replied,
            )
            layout.append(Field.radios(name, legend_size=Size.SMALL, inline=True, small=True))
        self.helper = govuk_helper(*layout, submit_label=_("Save attendance"))

    def rows(self) -> list[dict]:
        return [
            {"membership": membership, "status": self.cleaned_data[name]}
            for name, membership in self.memberships.items()
            if self.cleaned_data.get(name)
        ]


class GuestForm(TypedText, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, error_messages={"required": _("Enter their name")})
    organisation = _organisations()

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        order_organisations(self.fields["organisation"])
        self.fields["deputising_for"] = forms.ModelChoiceField(
            label=_("Deputising for (optional)"),
            queryset=Membership.objects.current(meeting.starts_at.date())
            .filter(group_id=meeting.group_id)
            .exclude(role=Role.OBSERVER)
            .select_related("person"),
            required=False,
            empty_label=_("Nobody: in attendance in their own right"),
        )
        self.fields["deputising_for"].label_from_instance = lambda m: m.person.full_name
        self.helper = govuk_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.select("organisation"),
            Field.select("deputising_for"),
            submit_label=_("Add to attendance"),
        )
        self.helper.form_action = reverse("meetings:guest_add", args=[meeting.pk])


class DecisionForm(TypedText, forms.Form):
    text_en, text_cy = bilingual_text(
        _("Decision in English"),
        _("Decision in Welsh"),
        required_message=_("Enter the decision in English"),
        textarea=True,
        limit=DECISION_MAX,
        help_en=_("For example, The SG agreed to establish task and finish groups."),
    )


class CommentForm(TypedText, forms.Form):
    text = with_limit(
        forms.CharField(
            label=_("Comment"),
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"required": _("Enter your comment")},
        ),
        COMMENT_MAX,
    )
    item = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CorrectionForm(TypedText, forms.Form):
    reason_en, reason_cy = bilingual_text(
        _("Reason for the correction in English"),
        _("Reason for the correction in Welsh"),
        required_message=_("Enter the reason for the correction in English"),
        textarea=True,
        limit=REASON_MAX,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.textarea("reason_en"), Field.textarea("reason_cy"), submit_label=_("Start the correction")
        )


class TranslationImportForm(TypedText, forms.Form):
    file = forms.FileField(
        label=_("The translated file (XLIFF or XLSX)"),
        error_messages={"required": _("Choose the translated XLIFF or XLSX file to upload")},
    )


class ItemMinutesForm(TypedText, forms.Form):
    """One item's minutes; the editor says the limit and how links are written beside the boxes."""

    minutes_en = with_limit(
        forms.CharField(
            required=False, widget=forms.Textarea(attrs={"lang": "en", "rows": 8, "class": "govuk-textarea"})
        ),
        MINUTES_MAX,
    )
    minutes_cy = with_limit(
        forms.CharField(
            required=False, widget=forms.Textarea(attrs={"lang": "cy", "rows": 8, "class": "govuk-textarea"})
        ),
        MINUTES_MAX,
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def full_clean(self):
        super().full_clean()
        # The editor writes these boxes by hand: each points to its hint and its messages.
        for name in ("minutes_cy", "minutes_en"):
            auto_id = self[name].auto_id
            messages = [f"{auto_id}-error-{n}" for n in range(1, len(self.errors.get(name, [])) + 1)]
            self.fields[name].widget.attrs["aria-describedby"] = " ".join([f"{auto_id}_helptext", *messages])

    def clean_minutes_en(self):
        return _links_checked(self.cleaned_data["minutes_en"])

    def clean_minutes_cy(self):
        return _links_checked(self.cleaned_data["minutes_cy"])


def _links_checked(text: str) -> str:
    """A link that would go anywhere but the web or an email address is refused, never dropped."""
    refused = link_problems(text)
    if refused:
        raise forms.ValidationError(
            _(
                "Start each link's address with https://, http:// or mailto:, like "
                "[the words to show](https://www.gov.wales). Not a link: %(addresses)s"
            ),
            params={"addresses": ", ".join(refused)},
            code="link",
        )
    return text


class MeetingCallOffForm(TypedText, forms.Form):
    """Cancelling or postponing a meeting: the reason, in both languages, goes to every member;
    a postponement may give the new date and time at once."""

    reason_en, reason_cy = bilingual_text(
        _("Reason in English"), _("Reason in Welsh"), required_message=_("Enter the reason in English"), limit=500
    )

    def __init__(self, *args, postpone: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.postpone = postpone
        self.fields["reason_cy"].required = True
        self.fields["reason_cy"].error_messages["required"] = _("Enter the reason in Welsh")
        layout = [Field.text("reason_en"), Field.text("reason_cy")]
        if postpone:
            self.fields["date"] = DateField(
                label=_("New date (optional)"),
                required=False,
                help_text=_("Leave it empty if the new date is not known yet. For example, 17 11 2022"),
            )
            self.fields["start_time"] = TimeField(label=_("New start time"), required=False)
            self.fields["end_time"] = TimeField(label=_("New end time (optional)"), required=False)
            layout += [Field("date"), Field.text("start_time"), Field.text("end_time")]
        label = _("Postpone the meeting") if postpone else _("Cancel the meeting")
        self.helper = govuk_helper(*layout, submit_label=label)

    def clean(self):
        data = super().clean()
        data["starts_at"] = data["ends_at"] = None
        if self.postpone and data.get("date"):
            if not data.get("start_time"):
                self.add_error("start_time", _("Enter the time the meeting starts"))
                return data
            starts = timezone.make_aware(datetime.datetime.combine(data["date"], data["start_time"]))
            if starts <= timezone.now():
                self.add_error("date", _("The new date must be in the future"))
            data["starts_at"] = starts
            if data.get("end_time"):
                data["ends_at"] = timezone.make_aware(datetime.datetime.combine(data["date"], data["end_time"]))
                if data["ends_at"] <= starts:
                    self.add_error("end_time", _("The end time must be after the start time"))
        elif self.postpone and (data.get("start_time") or data.get("end_time")):
            self.add_error("date", _("Enter the new date, or leave the times empty too"))
        return data


class ReplyForm(TypedText, forms.Form):
    """A member's answer to an invitation."""

    answer = forms.ChoiceField(
        label=_("Will you attend?"),
        choices=ReplyAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you will attend")},
    )
    deputy_name = forms.CharField(
        label=_("Your deputy's full name (if you send a deputy)"), max_length=200, required=False
    )
    deputy_email = forms.EmailField(
        label=_("Your deputy's email address (optional)"),
        required=False,
        error_messages={"invalid": _("Enter an email address in the correct format, like name@example.org")},
    )
    note = forms.CharField(label=_("Note to the secretariat (optional)"), max_length=500, required=False)

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation is not None:
            self.fields["deputy_name"].help_text = _("Someone from %(organisation)s who will come in your place.") % {
                "organisation": organisation
            }
        self.helper = govuk_helper(
            Field.radios("answer", legend_size=Size.MEDIUM),
            Field.text("deputy_name", field_width=Fluid.TWO_THIRDS),
            Field.text("deputy_email", field_width=Fluid.TWO_THIRDS),
            Field.text("note", field_width=Fluid.FULL),
            submit_label=_("Send your reply"),
        )

    def clean(self):
        data = super().clean()
        if data.get("answer") == ReplyAnswer.DEPUTY and not data.get("deputy_name", "").strip():
            self.add_error("deputy_name", _("Enter the name of the person coming in your place"))
        if data.get("answer") != ReplyAnswer.DEPUTY:
            data["deputy_name"] = data["deputy_email"] = ""
        return data


class PlannedItemForm(TypedText, forms.Form):
    """An item for the forward work programme: when, what, who leads it, and why."""

    title_en, title_cy = bilingual_text(
        _("Title in English"),
        _("Title in Welsh"),
        required_message=_("Enter the item's title in English"),
        max_length=300,
    )
    why_en, why_cy = bilingual_text(
        _("Why the group should discuss it, in English (optional)"),
        _("Why the group should discuss it, in Welsh (optional)"),
        required_en=False,
        textarea=True,
        limit=REASON_MAX,
    )
    lead_organisation = _organisations(_("Lead organisation (optional)"))
    not_before = DateField(
        label=_("Not before (optional)"),
        required=False,
        help_text=_("For the first meeting on or after this date. For example, 17 11 2027"),
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        order_organisations(self.fields["lead_organisation"])
        self.fields["lead_person"] = _group_people(group)
        self.fields["lead_person"].label = _("Lead person (optional)")
        self.fields["meeting"] = forms.ModelChoiceField(
            label=_("For which meeting?"),
            queryset=group.meetings.filter(status__in=UPCOMING_STATUSES, starts_at__gte=timezone.now()).order_by(
                "starts_at"
            ),
            required=False,
            empty_label=_("The next meeting (or the first after the date below)"),
        )
        self.fields["meeting"].label_from_instance = lambda meeting: (
            _("Meeting %(number)s: %(date)s")
            % {
                "number": meeting.number,
                "date": formats.date_format(timezone.localtime(meeting.starts_at)),
            }
        )
        self.helper = govuk_helper(
            Field.text("title_en", field_width=Fluid.TWO_THIRDS),
            Field.text("title_cy", field_width=Fluid.TWO_THIRDS),
            Field.select("meeting"),
            Field("not_before"),
            Field.select("lead_person"),
            Field.select("lead_organisation"),
            Field.textarea("why_en"),
            Field.textarea("why_cy"),
            submit_label=_("Add to the programme"),
        )

    def clean(self):
        data = super().clean()
        if data.get("meeting") and data.get("not_before"):
            self.add_error("not_before", _("Choose a meeting or a date, not both"))
        return data


class DeclineForm(TypedText, forms.Form):
    reason = forms.CharField(
        label=_("Why is it declined?"),
        max_length=500,
        error_messages={"required": _("Say why the item is declined.")},
    )
