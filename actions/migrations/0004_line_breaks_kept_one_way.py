"""Every stored text with its line breaks as the forms now keep them (``steering.text``): LF alone
in long texts, and none in one-line texts, where each becomes a space.

Browsers sent CR LF, so a two-line minute was kept as "Line one\\r\\nLine two" and a translator's
spreadsheet, which gives back LF, no longer matched it. The approved versions' frozen snapshots
and their hashes are the record and are left as they are (they sit in JSON, which this does not
touch); so are password hashes.
"""

import re

from django.db import migrations, models

APPS = ("steering", "workstreams", "meetings", "actions")
LINE_BREAK = re.compile(r"\r\n?|\n")
ONE_LINE_BREAKS = re.compile(r"(?:[ \t]*(?:\r\n?|\n))+[ \t]*")


def _typed(field, value: str) -> str:
    if isinstance(field, models.TextField):
        return LINE_BREAK.sub("\n", value)
    return ONE_LINE_BREAKS.sub(" ", value)


def normalise(apps, schema_editor):
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        fields = [
            field
            for field in model._meta.get_fields()
            if isinstance(field, models.CharField | models.TextField)
            and not field.choices
            and field.name not in {"password", "content_hash"}
        ]
        for field in fields:
            breaks = models.Q(**{f"{field.name}__contains": "\r"})
            if not isinstance(field, models.TextField):
                breaks |= models.Q(**{f"{field.name}__contains": "\n"})
            for pk, value in model._base_manager.filter(breaks).values_list("pk", field.name).iterator():
                model._base_manager.filter(pk=pk).update(**{field.name: _typed(field, value)})


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0003_actionupdate_feedbackrequest_feedbackresponse_and_more"),
        ("meetings", "0003_alter_minutesevent_kind_circulation_delivery"),
        ("steering", "0002_person_calendar_token"),
        ("workstreams", "0003_group_english_first_group_minutes_layout_and_more"),
    ]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
