"""Sessions end: eight hours after signing in (SESSION_COOKIE_AGE), and at once on signing out."""

import datetime
from unittest import mock

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone


def _sign_in(client, person):
    response = client.post(reverse("login"), {"username": person.email, "password": "a-test-password"})
    assert response.status_code == 302
    return client.cookies["sessionid"].value


def test_a_session_lasts_the_cookie_age_from_signing_in(cast, client, settings):
    before = timezone.now()
    key = _sign_in(client, cast.member)
    session = Session.objects.get(session_key=key)
    age = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert before + age <= session.expire_date <= timezone.now() + age
    assert client.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE
    assert client.cookies["sessionid"]["httponly"]
    assert client.cookies["sessionid"]["samesite"] == "Lax"


def test_after_the_cookie_age_the_next_request_is_sent_to_sign_in(cast, client, settings):
    _sign_in(client, cast.member)
    my_work = reverse("actions:my_work")
    assert client.get(my_work).status_code == 200

    almost = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    with mock.patch("django.utils.timezone.now", return_value=almost):
        assert client.get(my_work).status_code == 200

    later = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get(my_work)
        assert response.status_code == 302
        assert response.url == f"{reverse('login')}?next={my_work}"
        # A write with the old cookie does nothing either: it is sent to sign in, nothing saved.
        response = client.post(reverse("account"), {"full_name": "Someone Else", "preferred_language": "cy"})
        assert response.status_code == 302
    cast.member.refresh_from_db()
    assert cast.member.full_name != "Someone Else"


def test_signing_in_gives_a_new_session_key_and_signing_out_ends_it(cast, client):
    client.get(reverse("login"))
    client.session.save()
    anonymous_key = client.session.session_key
    key = _sign_in(client, cast.member)
    assert key != anonymous_key  # no session fixation

    assert client.post(reverse("logout")).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies["sessionid"] = key  # someone replays the old cookie
    assert client.get(reverse("actions:my_work")).status_code == 302


def test_an_address_too_long_for_any_account_is_an_error_on_the_field_not_a_server_error(client):
    response = client.post(reverse("login"), {"username": "a" * 300 + "@example.org", "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["username"] == ["Enter an email address of 254 characters or fewer"]
