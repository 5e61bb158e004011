"""The secretariat sets up, runs and closes groups in the service, never in the Django admin."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from meetings import services as meeting_services
from workstreams.enums import GroupEventKind, GroupKind, GroupStatus, Role
from workstreams.models import Group


def _date(day: datetime.date, prefix: str) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.fixture
def parent(cast):
    cast.group.english_first = True
    cast.group.papers_deadline_days = 7
    cast.group.save()
    return cast.group


def test_the_secretariat_sets_up_a_task_and_finish_group_that_reports_to_the_group(parent, cast, client_as):
    secretariat = client_as(cast.secretariat)
    url = reverse("workstreams:group_create", args=[parent.slug])
    refused = secretariat.post(url, {"kind": "", "name_en": ""})
    assert refused.status_code == 200 and "Choose what kind of group it is" in refused.text
    response = secretariat.post(
        url,
        {
            "kind": GroupKind.TASK_AND_FINISH_GROUP,
            "name_en": "Elective Home Education",
            "name_cy": "Addysg Ddewisol yn y Cartref",
            "purpose_en": "Guidance for local authorities.",
            "chair": cast.chair.pk,
            **_date(timezone.localdate() + datetime.timedelta(days=200), "end_date"),
        },
    )
    group = Group.objects.get(name_en="Elective Home Education")
    assert response.status_code == 302 and response.url == group.get_absolute_url()
    assert (group.parent, group.kind, group.status) == (parent, GroupKind.TASK_AND_FINISH_GROUP, GroupStatus.ACTIVE)
    assert (group.english_first, group.papers_deadline_days) == (True, 7)  # its parent's settings
    roles = {(seat.person, seat.role) for seat in group.memberships.all()}
    assert roles == {(cast.secretariat, Role.SECRETARIAT), (cast.chair, Role.CHAIR)}
    assert group.events.get().kind == GroupEventKind.CREATED
    assert client_as(cast.member).get(url).status_code == 403
    assert client_as(cast.outsider).get(url).status_code == 404


def test_settings_are_checked_saved_and_written_in_the_audit_trail(parent, cast, client_as):
    secretariat = client_as(cast.secretariat)
    url = reverse("workstreams:group_settings", args=[parent.slug])
    form = {
        "name_en": parent.name_en,
        "name_cy": parent.name_cy,
        "quorum": "0",
        "papers_deadline_days": "31",
        "minutes_layout": "sequential",
        "invite_when": "issued",
        "chair_approves": "both",
        "minutes_are_public": "on",
    }
    refused = secretariat.post(url, form)
    assert "Enter the quorum as a whole number, like 8" in refused.text and "30 working days or fewer" in refused.text
    parent.refresh_from_db()
    assert parent.minutes_layout == "side-by-side"  # nothing saved from a refused form
    secretariat.post(url, {**form, "quorum": "8", "papers_deadline_days": "5"})
    parent.refresh_from_db()
    assert (parent.quorum, parent.papers_deadline_days, parent.minutes_layout) == (8, 5, "sequential")
    assert (parent.invite_when, parent.minutes_are_public, parent.english_first) == ("issued", True, False)
    assert parent.chair_approves == "both"
    event = parent.events.get()
    assert event.actor == cast.secretariat and "quorum: None → 8" in event.detail
    page = secretariat.get(url).text
    assert "Settings changed" in page and escape(cast.secretariat.full_name) in page


def test_closing_needs_a_note_in_both_languages_and_nothing_still_to_come(parent, cast, client_as):
    secretariat = client_as(cast.secretariat)
    url = reverse("workstreams:group_close", args=[parent.slug])
    refused = secretariat.post(url, {"closing_note_en": "Done.", **_date(timezone.localdate(), "on")})
    assert "Enter the closing note in Welsh" in refused.text
    meeting = meeting_services.create_meeting(parent, starts_at=timezone.now() + datetime.timedelta(days=9))
    form = {"closing_note_en": "Done.", "closing_note_cy": "Wedi gorffen.", **_date(timezone.localdate(), "on")}
    assert "meetings still to come" in secretariat.post(url, form).text
    meeting_services.cancel_meeting(meeting, reason_en="Closing", reason_cy="Cau", by=cast.secretariat)
    assert secretariat.post(url, form).status_code == 302
    parent.refresh_from_db()
    assert (parent.status, parent.end_date, parent.closing_note_cy) == (
        GroupStatus.CLOSED,
        timezone.localdate(),
        "Wedi gorffen.",
    )
    page = client_as(cast.member).get(parent.get_absolute_url()).text
    assert "Done." in page


def test_organisations_are_added_renamed_and_merged_without_losing_history(cast, client_as):
    from actions import services as action_services
    from workstreams.models import Organisation

    secretariat = client_as(cast.secretariat)
    url = reverse("workstreams:organisations")
    form = {"name_en": "Cardiff Council", "name_cy": "Cyngor Caerdydd", "kind": "local_authority"}
    secretariat.post(url, form)
    assert "already" in secretariat.post(url, {**form, "name_en": "cardiff council"}).text
    duplicate = Organisation.objects.get(name_en="Cardiff Council")
    seat = cast.group.memberships.get(person=cast.member)
    kept = seat.organisation
    # The member also sits for the duplicate entry elsewhere, and it was asked for feedback and answered.
    other_seat = cast.group.memberships.get(person=cast.chair)
    other_seat.organisation = duplicate
    other_seat.save()
    request = action_services.create_feedback_request(
        cast.group,
        organisations=[duplicate, kept],
        by=cast.secretariat,
        title_en="Paper",
        title_cy="Papur",
        question_en="?",
        question_cy="?",
        deadline=timezone.localdate(),
        answer_per="organisation",
    )
    action_services.answer_feedback(request, by=cast.chair, text="Yes", text_language="en")
    secretariat.post(
        reverse("workstreams:organisation_edit", args=[duplicate.pk]),
        {**form, "name_en": "Cardiff Council (old entry)", "acronym_en": "CC"},
    )
    assert (
        secretariat.post(reverse("workstreams:organisation_merge", args=[duplicate.pk]), {"into": kept.pk}).status_code
        == 302
    )
    assert not Organisation.objects.filter(pk=duplicate.pk).exists()
    other_seat.refresh_from_db()
    assert other_seat.organisation == kept
    assert list(request.organisations.all()) == [kept]
    assert request.responses.get().respondent == f"organisation:{kept.pk}"
    assert "Cyngor Caerdydd / Cardiff Council (old entry)" in kept.events.get(kind="merged").detail
    assert client_as(cast.member).get(url).status_code == 403


def test_the_secretariat_changes_a_members_language_and_deactivates_them_keeping_what_they_wrote(cast, client_as):
    secretariat = client_as(cast.secretariat)
    url = reverse("workstreams:person", args=[cast.member.pk])
    secretariat.post(url, {"preferred_language": "cy"})
    cast.member.refresh_from_db()
    assert cast.member.preferred_language == "cy"
    secretariat.post(url, {"active": "0"})
    cast.member.refresh_from_db()
    assert not cast.member.is_active and cast.group.memberships.filter(person=cast.member).exists()
    assert (
        "cannot deactivate your own"
        in secretariat.post(
            reverse("workstreams:person", args=[cast.secretariat.pk]), {"active": "0"}, follow=True
        ).text
    )
    assert client_as(cast.outsider).get(url).status_code == 404
    assert client_as(cast.chair).get(url).status_code == 404
