import uuid

from django.db import migrations, models


def give_each_person_a_token(apps, schema_editor):
    Person = apps.get_model("steering", "Person")
    for person in Person.objects.filter(calendar_token__isnull=True).only("pk"):
        person.calendar_token = uuid.uuid4()
        person.save(update_fields=["calendar_token"])


class Migration(migrations.Migration):
    dependencies = [("steering", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="person", name="calendar_token", field=models.UUIDField(null=True, editable=False)
        ),
        migrations.RunPython(give_each_person_a_token, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="person",
            name="calendar_token",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
