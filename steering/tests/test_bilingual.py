import pytest
from django.template import Context, Template
from django.utils import translation

from steering.bilingual import Localised, localised
from workstreams.models import Group


@pytest.fixture
def half_translated():
    return Group(name_en="Post-16 Task and Finish Group", name_cy="", purpose_en="", purpose_cy="Llywio")


def test_localised_follows_the_active_language():
    group = Group(name_en="Steering Group", name_cy="Grŵp Llywio")
    with translation.override("cy"):
        assert localised(group, "name") == Localised("Grŵp Llywio", "cy", False)
    with translation.override("en"):
        assert localised(group, "name") == Localised("Steering Group", "en", False)


def test_localised_falls_back_visibly_when_a_language_is_missing(half_translated):
    with translation.override("cy"):
        assert str(half_translated) == "Post-16 Task and Finish Group [Saesneg yn unig]"
    with translation.override("en"):
        assert str(localised(half_translated, "purpose")) == "Llywio [Welsh only]"


def test_localised_tag_marks_the_language_of_the_text(half_translated):
    template = Template('{% load bilingual %}{% localised group "name" %}')
    with translation.override("cy"):
        html = template.render(Context({"group": half_translated}))
    assert html == (
        '<span lang="en">Post-16 Task and Finish Group</span> '
        '<strong class="govuk-tag govuk-tag--yellow app-missing-tag">Saesneg yn unig</strong>'
    )


def test_localised_paragraphs_escape_what_people_wrote():
    group = Group(name_en="x", purpose_en="<script>alert(1)</script>\n\nSecond", purpose_cy="")
    with translation.override("en"):
        html = Template('{% load bilingual %}{% localised_paragraphs group "purpose" %}').render(
            Context({"group": group})
        )
    assert (
        html == '<div lang="en" class="app-prose"><p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n\n<p>Second</p></div>'
    )
