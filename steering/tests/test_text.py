"""Text as it is typed: kept one way, whichever form it came through."""

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps

from steering.forms import TypedText
from steering.text import multiline, one_line


@pytest.mark.parametrize(
    ("typed", "long_text", "single_line"),
    [
        ("one\r\ntwo", "one\ntwo", "one two"),
        ("one\rtwo\n\nthree", "one\ntwo\n\nthree", "one two three"),
        ("title \r\n  continued", "title \n  continued", "title continued"),
        ("plain", "plain", "plain"),
    ],
)
def test_line_breaks_are_kept_one_way(typed, long_text, single_line):
    assert (multiline(typed), one_line(typed)) == (long_text, single_line)


def _project_forms() -> list[type]:
    found = set()
    for app in ("steering", "workstreams", "meetings", "actions"):
        for module_name in ("forms", "views", "filters"):
            try:
                module = importlib.import_module(f"{app}.{module_name}")
            except ModuleNotFoundError:
                continue
            found |= {
                value
                for value in vars(module).values()
                if inspect.isclass(value) and issubclass(value, forms.BaseForm) and value.__module__.startswith(app)
            }
    return sorted(found, key=lambda form: f"{form.__module__}.{form.__name__}")


def test_every_form_of_the_project_keeps_text_as_typed():
    assert apps.ready
    project_forms = _project_forms()
    assert len(project_forms) > 20
    assert [form.__name__ for form in project_forms if not issubclass(form, TypedText)] == []
