import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from steering.bilingual import active_language, localised
from steering.forms import FilterForm
from steering.models import Person
from workstreams.models import Organisation

from .enums import ActionStatus
from .forms import Select
from .models import Action
from .selectors import overdue_filter

DATE_WIDGET = forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10", "inputmode": "numeric"})


class _Options(BaseChoiceIterator):
    """A select's options as rows read from the database when it is shown (an export never shows
    it), not as a model each; the empty one, asked for first, reads nothing."""

    def __init__(self, empty_label, rows):
        self.empty_label = empty_label
        self.rows = rows

    def __iter__(self):
        if self.empty_label is not None:
            yield "", self.empty_label
        yield from self.rows()


def _organisation_options(organisations):
    language = active_language()
    for row in organisations.values_list("pk", "name_en", "name_cy", named=True):
        yield row.pk, str(localised(row, "name", language))


def _person_options(people):
    for pk, full_name, email in people.values_list("pk", "full_name", "email"):
        yield pk, full_name or email  # as Person.__str__ names them


def _meeting_options(meetings):
    label = str(_("Meeting %(number)s, %(date)s"))
    for pk, number, starts_at in meetings.values_list("pk", "number", "starts_at"):
        yield pk, label % {"number": number, "date": date_format(timezone.localtime(starts_at), "DATE_FORMAT")}


class ActionFilter(django_filters.FilterSet):
    """The action log: what the filter shows is exactly what the export holds."""

    # The selects are written out by forms.Select, not through a template for each option: the
    # owners run to hundreds.
    q = django_filters.CharFilter(label=_("Words in the action (English or Welsh)"), method="search", max_length=200)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ActionStatus.choices, empty_label=_("Any status"), widget=Select
    )
    owner_organisation = django_filters.ModelChoiceFilter(
        label=_("Owner organisation"),
        queryset=Organisation.objects.none(),
        empty_label=_("Any organisation"),
        widget=Select,
    )
    owner_person = django_filters.ModelChoiceFilter(
        label=_("Owner"), queryset=Person.objects.none(), empty_label=_("Anyone"), widget=Select
    )
    meeting = django_filters.ModelChoiceFilter(
        label=_("Meeting"),
        field_name="item__meeting",
        queryset=None,
        empty_label=_("Any meeting"),
        widget=Select,
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only overdue actions"), method="filter_overdue", widget=forms.CheckboxInput
    )
    # The log's view widens what it filters to the groups under this one (selectors.action_log).
    groups_under = django_filters.BooleanFilter(
        label=_("Include the actions of the groups under this one"), method="as_given", widget=forms.CheckboxInput
    )
    due_from = django_filters.DateFilter(
        label=_("Due from (day/month/year)"), field_name="due_date", lookup_expr="gte", widget=DATE_WIDGET
    )
    due_to = django_filters.DateFilter(
        label=_("Due by (day/month/year)"), field_name="due_date", lookup_expr="lte", widget=DATE_WIDGET
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=None,
        widget=Select,
        fields=(("due_date", "due"), ("status", "status"), ("created_at", "created")),
        # django-filter keys ascending labels by field and descending ones by "-parameter".
        field_labels={
            "due_date": _("Due date, earliest first"),
            "-due": _("Due date, latest first"),
            "status": _("Status, open first"),
            "-status": _("Status, closed first"),
            "created_at": _("Date recorded, oldest first"),
            "-created": _("Date recorded, newest first"),
        },
    )

    class Meta:
        model = Action
        fields = []
        form = FilterForm

    def as_given(self, queryset, _name, _value):
        return queryset

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        # Members of the group and owners of its actions, through indexed IN lists, not wide joins.
        seats = group.memberships.all()
        owned = group.actions.all()
        # Each reads only what its options show (the names, the meeting's number and date).
        organisations = (
            Organisation.objects.filter(
                Q(pk__in=seats.values("organisation_id")) | Q(pk__in=owned.values("owner_organisation_id"))
            )
            .only("name_en", "name_cy")
            .order_by(f"name_{active_language()}", "name_en")
        )
        people = (
            Person.objects.filter(Q(pk__in=seats.values("person_id")) | Q(pk__in=owned.values("owner_person_id")))
            .only("full_name", "email")
            .order_by("full_name")
        )
        meetings = group.meetings.only("group", "number", "starts_at").order_by("-starts_at")
        # A value chosen is looked up in these; the options are read from them as plain rows, not as
        # a model each, and only when the form is shown (an export never reads them).
        self.filters["owner_organisation"].queryset = organisations
        self.filters["owner_person"].queryset = people
        self.filters["meeting"].queryset = meetings
        fields = self.form.fields
        fields["owner_organisation"].widget.choices = _Options(
            fields["owner_organisation"].empty_label, lambda: _organisation_options(organisations)
        )
        fields["owner_person"].widget.choices = _Options(
            fields["owner_person"].empty_label, lambda: _person_options(people)
        )
        fields["meeting"].widget.choices = _Options(fields["meeting"].empty_label, lambda: _meeting_options(meetings))
        for name in ("status", "owner_organisation", "owner_person", "meeting", "sort"):
            self.form.fields[name].widget.attrs.update({"class": "govuk-select"})
        self.form.fields["q"].widget.attrs.update({"class": "govuk-input"})
        for name in ("overdue", "groups_under"):
            self.form.fields[name].widget.attrs.update({"class": "govuk-checkboxes__input"})
        self.form.fields["due_from"].error_messages["invalid"] = _("Enter a real date for ‘Due from’, like 27/09/2022")
        self.form.fields["due_to"].error_messages["invalid"] = _("Enter a real date for ‘Due by’, like 27/09/2022")

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(text_en__icontains=word) | Q(text_cy__icontains=word))
        return queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_filter(timezone.localdate())) if value else queryset
