import datetime

import pytest
from django.urls import reverse

from workstreams.tests.factories import MembershipFactory


@pytest.fixture
def welsh_speaker(cast):
    cast.member.preferred_language = "cy"
    cast.member.save(update_fields=["preferred_language"])
    return cast.member


def test_pages_open_in_the_persons_preferred_language(welsh_speaker, client_as):
    response = client_as(welsh_speaker).get(reverse("workstreams:home"))
    assert response.headers["Content-Language"] == "cy"
    assert '<html lang="cy"' in response.text


def test_language_switch_overrides_the_preference_for_the_session(welsh_speaker, client_as):
    client = client_as(welsh_speaker)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.cookies["django_language"].value == "en"
    assert response.cookies["django_language"]["max-age"] == ""  # gone when the browser closes
    assert client.get(reverse("workstreams:home")).headers["Content-Language"] == "en"


def test_anonymous_visitors_get_the_language_their_browser_asks_for(client):
    response = client.get(reverse("login"), headers={"accept-language": "cy"})
    assert response.headers["Content-Language"] == "cy"
    assert "Mewngofnodi" in response.text


SWITCH = (
    '<button type="submit" class="app-language-switch__button govuk-service-navigation__link" lang="{}">{}</button>'
)
MISSING = '<strong class="govuk-tag govuk-tag--yellow app-missing-tag">{}</strong>'


def test_every_page_offers_the_other_language(client):
    english = client.get(reverse("login"), headers={"accept-language": "en"}).text
    welsh = client.get(reverse("login"), headers={"accept-language": "cy"}).text
    assert SWITCH.format("cy", "Cymraeg") in english
    assert SWITCH.format("en", "English") in welsh


def test_dates_are_written_as_people_in_wales_write_them(cast, client_as):
    membership = cast.group.memberships.get(person=cast.member)
    membership.start_date = membership.start_date.replace(year=2022, month=9, day=22)
    membership.save()
    client = client_as(cast.member)
    url = cast.group.get_absolute_url()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "22 September 2022" in client.get(url).text
    client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    assert "22 Medi 2022" in client.get(url).text


def test_group_names_show_in_the_active_language_and_flag_a_missing_welsh_name(client_as, db):
    membership = MembershipFactory(group__name_en="Data Working Group", group__name_cy="")
    client = client_as(membership.person)
    client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    html = client.get(membership.group.get_absolute_url()).text
    assert f'<span lang="en">Data Working Group</span> {MISSING.format("Saesneg yn unig")}' in html


def test_password_reset_email_is_in_both_languages_the_persons_first(welsh_speaker, client, mailoutbox):
    client.post(reverse("password_reset"), {"email": welsh_speaker.email}, headers={"accept-language": "en"})
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == (
        "Gosod eich cyfrinair ar gyfer y gwasanaeth grwpiau llywio / Set your password for the steering group service"
    )
    welsh, english = mailoutbox[0].body.split("-" * 60)
    assert welsh.startswith("Helo")
    assert english.strip().startswith("Hello")


def test_welsh_month_names_are_spelt_right(cast, client_as):
    from django.utils import translation
    from django.utils.formats import date_format

    with translation.override("cy"):
        assert date_format(datetime.date(2022, 7, 31), "DATE_FORMAT") == "31 Gorffennaf 2022"


def test_password_rules_explain_themselves_in_welsh(welsh_speaker, client_as):
    client = client_as(welsh_speaker)
    response = client.post(
        reverse("password_change"),
        {"old_password": "a-test-password", "new_password1": "zxcvbnm", "new_password2": "zxcvbnm"},
    )
    assert response.context["form"].errors == {
        "new_password2": [
            "Rhowch gyfrinair o 10 nod o leiaf",
            "Mae'r cyfrinair hwn yn un o'r rhai mwyaf cyffredin, felly mae'n hawdd ei ddyfalu. Dewiswch un arall",
        ]
    }


def test_password_change_keeps_the_person_signed_in(cast, client_as):
    client = client_as(cast.member)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "a-test-password",
            "new_password1": "tidal-marram-lantern",
            "new_password2": "tidal-marram-lantern",
        },
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["Your password is changed."]
    cast.member.refresh_from_db()
    assert cast.member.check_password("tidal-marram-lantern")


def test_repeated_wrong_passwords_lock_the_sign_in_for_a_while(cast, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": cast.member.email, "password": "wrong-password"})
    response = client.post(reverse("login"), {"username": cast.member.email, "password": "a-test-password"})
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.text
    assert "_auth_user_id" not in client.session
