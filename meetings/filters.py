import django_filters
from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from steering.forms import FilterForm

from .models import Decision
from .selectors import search_decisions


class DecisionFilter(django_filters.FilterSet):
    """The decisions register: words in either language, the meeting, and a date range."""

    q = django_filters.CharFilter(label=_("Words in the decision (English or Welsh)"), method="search", max_length=200)
    meeting = django_filters.ModelChoiceFilter(
        label=_("Meeting"), field_name="item__meeting", queryset=None, empty_label=_("All meetings")
    )
    from_date = django_filters.DateFilter(
        label=_("From (day/month/year)"),
        field_name="item__meeting__starts_at",
        lookup_expr="date__gte",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
    )
    to_date = django_filters.DateFilter(
        label=_("To (day/month/year)"),
        field_name="item__meeting__starts_at",
        lookup_expr="date__lte",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
    )

    class Meta:
        model = Decision
        fields = []
        form = FilterForm

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["meeting"].queryset = group.meetings.order_by("-starts_at")
        self.form.fields["meeting"].label_from_instance = lambda m: (
            _("Meeting %(number)s, %(date)s")
            % {
                "number": m.number,
                "date": date_format(timezone.localtime(m.starts_at), "DATE_FORMAT"),
            }
        )
        self.form.fields["q"].widget.attrs.update({"class": "govuk-input"})
        self.form.fields["meeting"].widget.attrs.update({"class": "govuk-select"})
        self.form.fields["from_date"].error_messages["invalid"] = _("Enter a date like 01/09/2022")
        self.form.fields["to_date"].error_messages["invalid"] = _("Enter a date like 30/11/2022")

    def search(self, queryset, name, value):
        return search_decisions(queryset, value)
