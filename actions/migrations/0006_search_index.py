"""The search index, kept in step with the searched tables by the database itself (actions/search.py):

- SQLite: one FTS5 table, written by triggers on each searched table;
- PostgreSQL: a tsvector column per kind and language, written by a trigger, with a GIN index.
"""

from django.db import migrations


def install(apps, schema_editor):
    from actions import search

    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            search.install_sqlite_index(cursor)
        elif schema_editor.connection.vendor == "postgresql":
            search.install_postgres_index(cursor)


def remove(apps, schema_editor):
    from actions import search

    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            search.remove_sqlite_index(cursor)
        elif schema_editor.connection.vendor == "postgresql":
            search.remove_postgres_index(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0005_meeting_reminders"),
        ("meetings", "0006_paper_text"),
    ]

    operations = [migrations.RunPython(install, remove, elidable=False)]
