"""Running a group without the Django admin, in a real browser, in English and in Welsh: the
secretariat sets up a task-and-finish group, sets it up and invites a new member, who sets a
password and signs in; the group's chair writes its highlight report, and the steering group's
next agenda shows it. Every page is checked with axe-core."""

import datetime
import re

import pytest
from django.core import mail

from e2e.browsing import Visitor


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_task_and_finish_group_is_set_up_invites_a_member_and_reports_upward(language, demo, live_server, browser):
    from meetings.models import Meeting
    from workstreams.models import Group

    secretariat = Visitor(browser, live_server.url, "secretariat@example.org", language)
    page = secretariat.page
    secretariat.visit("/groups/aln-implementation-steering-group/groups/new/")
    page.check("input[name=kind][value=task_and_finish_group]")
    page.fill("#id_name_en", "Transition to further education")
    page.fill("#id_name_cy", "Pontio i addysg bellach")
    page.fill("#id_purpose_en", "Guidance on moving from school to college for learners with ALN.")
    page.select_option("#id_chair", label="Dr Rhodri Bevan")
    secretariat.click("button[name=submit]")
    group = Group.objects.get(name_en="Transition to further education")
    assert page.url.endswith(group.get_absolute_url())

    secretariat.visit(f"/groups/{group.slug}/settings/")
    page.fill("#id_quorum", "3")
    secretariat.click("button[name=submit]")
    group.refresh_from_db()
    assert group.quorum == 3

    mail.outbox.clear()
    secretariat.visit(f"/groups/{group.slug}/members/add/")
    page.fill("#id_email", "new.member@example.org")
    page.fill("#id_full_name", "Eleri Hughes")
    page.check("input[name=preferred_language][value=cy]")
    page.check("input[name=role][value=member]")
    today = datetime.date.today()
    page.fill("#id_start_date_0", str(today.day))
    page.fill("#id_start_date_1", str(today.month))
    page.fill("#id_start_date_2", str(today.year))
    secretariat.click("button[name=submit]")
    [welcome] = [message for message in mail.outbox if message.to == ["new.member@example.org"]]
    link = re.search(r"https?://\S+/password-reset/\S+/", welcome.body)[0]

    newcomer = Visitor(browser, live_server.url, None, language)
    newcomer.visit(re.sub(r"https?://[^/]+", "", link))
    newcomer.page.fill("#id_new_password1", "a long new password 2026")
    newcomer.page.fill("#id_new_password2", "a long new password 2026")
    newcomer.click("button[name=submit]")
    newcomer.visit("/sign-in/")
    newcomer.page.fill("#id_username", "new.member@example.org")
    newcomer.page.fill("#id_password", "a long new password 2026")
    newcomer.click("button[name=submit]")
    newcomer.visit(group.get_absolute_url())
    assert "Eleri Hughes" in newcomer.page.content()

    chair = Visitor(browser, live_server.url, "chair@example.org", language)
    chair.visit(f"/groups/{group.slug}/deliverables/add/")
    chair.page.fill("#id_title_en", "Draft guidance")
    chair.page.fill("#id_title_cy", "Canllawiau drafft")
    chair.page.check("input[name=status][value=on_track]")
    chair.click("button[name=submit]")
    chair.visit(f"/groups/{group.slug}/report/")
    chair.page.fill("#id_progress_en", "Colleges have agreed to share their transition plans.")
    chair.page.fill("#id_progress_cy", "Mae colegau wedi cytuno i rannu eu cynlluniau pontio.")
    chair.click("button[name=submit]")

    upcoming = Meeting.objects.filter(group__slug="aln-implementation-steering-group", status="planned").get()
    member = Visitor(browser, live_server.url, "member@example.org", language)
    member.visit(upcoming.get_absolute_url())
    expected = "Mae colegau wedi cytuno" if language == "cy" else "Colleges have agreed"
    assert expected in member.page.content()
    member.visit("/groups/aln-implementation-steering-group/")
    assert member.page.locator("svg.app-chart").count() == 1

    from workstreams.models import Organisation

    organisation = Organisation.objects.get(name_en="Estyn")
    for path in (f"/organisations/{organisation.pk}/", f"/organisations/{organisation.pk}/merge/"):
        secretariat.visit(path)
    for path in (
        "/organisations/",
        f"/people/{group.memberships.get(person__email='new.member@example.org').person_id}/",
        f"/groups/{group.slug}/close/",
    ):
        secretariat.visit(path)
