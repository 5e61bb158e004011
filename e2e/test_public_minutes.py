"""The public home of a group's minutes, its feed, the statements every page links to, and the
decisions and feedback downloads, in a real browser in English and in Welsh, each page checked
with axe-core."""

import pytest

from e2e.browsing import Visitor

SLUG = "aln-implementation-steering-group"


@pytest.mark.parametrize("language", ["en", "cy"])
def test_anyone_reads_a_public_groups_minutes_and_the_statements(language, demo, live_server, browser):
    from meetings.models import Meeting

    meeting = Meeting.objects.get(group__slug=SLUG, number=1)
    visitor = Visitor(browser, live_server.url, None, language)
    visitor.visit(f"/public/{SLUG}/")
    rows = visitor.page.locator("tbody tr")
    assert rows.count() == 1
    for minutes_language in ("cy", "en"):
        visitor.visit(f"/public/{SLUG}/")
        visitor.click(f"a[href='/published/{meeting.pk}/1/{minutes_language}/']")
        assert visitor.page.locator(f"main div[lang={minutes_language}] h1").count() == 1
    visitor.visit(f"/public/{SLUG}/")
    pdf = visitor.page.request.get(live_server.url + visitor.page.get_attribute("a[href$='minutes.pdf']", "href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    feed = visitor.page.request.get(f"{live_server.url}/public/{SLUG}/feed/")
    assert feed.ok and b"<entry>" in feed.body()
    assert visitor.page.request.get(f"{live_server.url}/public/ehe-task-and-finish-group/").status == 404
    for name in ("accessibility", "privacy"):
        visitor.click(f"footer a[href='/{name}/']")
        assert visitor.page.get_attribute("html", "lang") == language


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_secretariat_downloads_the_decisions_and_the_feedback_answers(language, demo, live_server, browser):
    from actions.models import FeedbackRequest

    feedback = FeedbackRequest.objects.get(title_en="LAC scenario paper")
    secretariat = Visitor(browser, live_server.url, "secretariat@example.org", language)
    secretariat.visit(f"/groups/{SLUG}/decisions/?q=Forum")
    secretariat.visit(f"/feedback/{feedback.pk}/")
    links = [
        (f"/groups/{SLUG}/decisions/", "a[href$='export=csv']", f"decisions-{SLUG}.csv"),
        (f"/groups/{SLUG}/decisions/", "a[href$='export=xlsx']", f"decisions-{SLUG}.xlsx"),
        (f"/feedback/{feedback.pk}/", "a[href$='answers.csv']", f"feedback-{feedback.pk}.csv"),
        (f"/feedback/{feedback.pk}/", "a[href$='answers.xlsx']", f"feedback-{feedback.pk}.xlsx"),
    ]
    for path, link, filename in links:
        secretariat.visit(path)
        with secretariat.page.expect_download() as download:
            secretariat.page.click(link)
        assert download.value.suggested_filename == filename
