"""Every URL of the project, asked by every role: a page without a permission check fails here.

A new URL must be added to EXPECTED, with the answer each role gets; a URL missing from the
table fails the walk, and so does any page of a group that answers an outsider with anything
but 404.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import ROLES
from workstreams.tests.factories import GlossaryEntryFactory, TermsOfReferenceFactory

SIGN_IN = 302  # anonymous visitors are sent to the sign-in page

# The answers to GET, by role: anonymous, outsider, observer, member, chair, secretariat, admin.
PUBLIC = dict.fromkeys(ROLES, 200)
SIGNED_IN = {**dict.fromkeys(ROLES, 200), "anonymous": SIGN_IN}
GROUP_READ = {**SIGNED_IN, "outsider": 404}
GROUP_MANAGE = {**GROUP_READ, "observer": 403, "member": 403, "chair": 403}
POST_ONLY = dict.fromkeys(ROLES, 405)

EXPECTED = {
    "login": {**dict.fromkeys(ROLES, 302), "anonymous": 200},
    "logout": POST_ONLY,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,
    "password_reset_complete": PUBLIC,
    "account": SIGNED_IN,
    "password_change": SIGNED_IN,
    "set_language": dict.fromkeys(ROLES, 302),
    "workstreams:home": SIGNED_IN,
    "workstreams:group": GROUP_READ,
    "workstreams:terms_of_reference": GROUP_READ,
    "workstreams:membership_add": GROUP_MANAGE,
    "workstreams:membership_change": GROUP_MANAGE,
    "workstreams:membership_end": GROUP_MANAGE,
    "workstreams:terms_of_reference_add": GROUP_MANAGE,
    "workstreams:glossary_add": GROUP_MANAGE,
    "workstreams:glossary_edit": GROUP_MANAGE,
    "workstreams:glossary_remove": GROUP_MANAGE,
}


def _named_patterns(patterns=None, namespace=""):
    """(name, pattern) for every named URL, admin excepted: its own tests cover it."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            prefix = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_patterns(entry.url_patterns, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


@pytest.fixture
def url_kwargs(cast):
    terms = TermsOfReferenceFactory(group=cast.group, version=1)
    entry = GlossaryEntryFactory(group=cast.group)
    return {
        "slug": cast.group.slug,
        "membership_id": cast.group.memberships.get(person=cast.member).pk,
        "version": terms.version,
        "entry_id": entry.pk,
        "uidb64": "MQ",
        "token": "not-a-real-token",
    }


def _url(name, pattern, url_kwargs):
    wanted = {key: url_kwargs[key] for key in pattern.pattern.regex.groupindex}
    return reverse(name, kwargs=wanted)


def test_permission_walk_covers_every_url():
    assert {name for name, _ in _named_patterns()} == set(EXPECTED)


@pytest.mark.parametrize("role", ROLES)
def test_permission_walk_every_url_answers_each_role_as_expected(role, cast, url_kwargs, client_as):
    client = client_as(cast.person(role))
    answers = {name: client.get(_url(name, pattern, url_kwargs)).status_code for name, pattern in _named_patterns()}
    assert answers == {name: expected[role] for name, expected in EXPECTED.items()}


@pytest.mark.parametrize("role", ["anonymous", "outsider", "observer", "member", "chair"])
def test_permission_walk_group_changes_are_refused_to_non_secretariat(role, cast, url_kwargs, client_as):
    client = client_as(cast.person(role))
    refused = {"anonymous": SIGN_IN, "outsider": 404}.get(role, 403)
    answers = {
        name: client.post(_url(name, pattern, url_kwargs), {}).status_code
        for name, pattern in _named_patterns()
        if EXPECTED[name] is GROUP_MANAGE
    }
    assert answers == dict.fromkeys(answers, refused)
    assert len(answers) == 7


@pytest.mark.parametrize(("role", "expected"), [("anonymous", 302), ("member", 302), ("admin", 200)])
def test_admin_is_for_administrators_only(role, expected, cast, client_as):
    assert client_as(cast.person(role)).get(reverse("admin:index")).status_code == expected
