"""Search in a real browser, in English and in Welsh: the header's box, the results page, axe-core."""

import pytest

from e2e.browsing import Visitor


@pytest.mark.parametrize("language", ["en", "cy"])
def test_search_from_the_header_finds_plasc_and_its_pages_pass_axe(language, demo, live_server, browser):
    member = Visitor(browser, live_server.url, "member@example.org", language)
    member.page.fill("#header-search-q", "PLASC")
    member.page.press("#header-search-q", "Enter")
    member.page.wait_for_url("**/search/?q=PLASC")
    member.check()
    assert member.page.locator("h1").inner_text() == ("Search" if language == "en" else "Chwilio")
    assert "5 c)" in member.page.locator("#items + ol").inner_text()
    member.page.click("#items + ol a")
    member.page.wait_for_url("**/meetings/*/#item-*")
    member.check()
    # Welsh, with and without its circumflex; one kind, page by page; nothing found; no word at all.
    for path in ("/search/?q=grŵp+llywio", "/search/?q=grwp&kind=minutes", "/search/?q=zzzz", "/search/?q=%2A"):
        member.visit(path)

    outsider = Visitor(browser, live_server.url, "ehe-member@example.org", language)
    outsider.visit("/search/?q=PLASC")
    assert outsider.page.locator("ol.app-search-results").count() == 0
