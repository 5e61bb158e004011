"""The accessibility statement and the privacy notice: for everyone, in both languages, from every page."""

import re

import pytest
from django.urls import reverse


@pytest.mark.parametrize("name", ["accessibility", "privacy"])
def test_statements_need_no_sign_in_and_come_in_both_languages_with_the_same_sections(name, client, settings):
    settings.DATA_PROTECTION_OFFICER_EMAIL = "dpo@example.gov.wales"
    settings.SERVICE_CONTACT_EMAIL = "help@example.gov.wales"
    english = client.get(reverse(name), headers={"accept-language": "en"}).text
    welsh = client.get(reverse(name), headers={"accept-language": "cy"}).text
    assert '<html lang="en"' in english and '<html lang="cy"' in welsh
    sections = [re.findall(r'<h[23] class="govuk-heading-[ms]">', page) for page in (english, welsh)]
    assert len(sections[0]) == len(sections[1]) > 5
    assert english != welsh
    for page in (english, welsh):
        assert 'href="mailto:help@example.gov.wales"' in page
    if name == "privacy":
        assert 'href="mailto:dpo@example.gov.wales"' in english and "https://ico.org.uk/" in welsh
    else:
        assert "WCAG22" in english and "equalityadvisoryservice.com" in welsh and "axe-core" in welsh


def test_statements_say_what_does_not_yet_meet_the_standard(client):
    english = client.get(reverse("accessibility"), headers={"accept-language": "en"}).text
    assert "partially compliant" in english
    assert "The agenda pack PDF is not tagged" in english
    assert "are not checked for accessibility" in english


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_every_page_links_both_statements_from_its_footer(role, cast, client_as):
    client = client_as(cast.person(role))
    for url in (reverse("login"), reverse("accessibility"), cast.group.get_absolute_url()):
        footer = client.get(url, follow=True).text.split('<footer class="govuk-footer">')[1]
        assert f'href="{reverse("accessibility")}"' in footer and f'href="{reverse("privacy")}"' in footer
