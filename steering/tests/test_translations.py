"""The Welsh catalogue is complete: every interface string in the code has a Welsh translation."""

import shutil
from pathlib import Path

import polib
from django.core.management import call_command

PROJECT = Path(__file__).resolve().parents[2]
CATALOGUE = PROJECT / "locale" / "cy" / "LC_MESSAGES" / "django.po"
SOURCES = ["steering", "workstreams", "meetings", "actions", "templates", "locale"]


def _gaps(catalogue: polib.POFile) -> list[str]:
    return [entry.msgid for entry in catalogue if not entry.obsolete and (entry.fuzzy or not entry.translated())]


def test_welsh_catalogue_has_no_untranslated_or_fuzzy_message():
    catalogue = polib.pofile(str(CATALOGUE))
    assert len(catalogue) > 100
    assert _gaps(catalogue) == []


def test_welsh_catalogue_holds_every_string_marked_in_the_code(tmp_path, monkeypatch, settings):
    """Gathers the strings afresh from a copy of the code, so a new string without Welsh fails."""
    settings.LOCALE_PATHS = [tmp_path / "locale"]  # makemessages writes there, never into the project
    for name in SOURCES:
        shutil.copytree(PROJECT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["cy"], no_obsolete=True, verbosity=0)
    assert _gaps(polib.pofile(str(tmp_path / "locale" / "cy" / "LC_MESSAGES" / "django.po"))) == []
