"""What the browser tests share: the Chromium they drive, axe-core, and a visitor who checks every page."""

import json
import os
from pathlib import Path

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "aln-demo-2022"


class Visitor:
    """One person in one browser context, checking every page with axe as they go.

    Without an email address the visitor stays signed out, only choosing the page language.
    """

    def __init__(self, browser, base_url, email, language):
        self.context = browser.new_context(
            bypass_csp=True
        )  # lets axe's script in; the page's own CSP is tested elsewhere
        self.page = self.context.new_page()
        self.page.on("dialog", lambda dialog: dialog.accept())
        self.errors = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.base_url = base_url
        self.visit("/sign-in/")
        if email is not None:
            self.page.fill("#id_username", email)
            self.page.fill("#id_password", PASSWORD)
            self.page.click("button[name=submit]")
            self.page.wait_for_url(lambda url: "/sign-in/" not in url)
        self.switch_language(language)

    def switch_language(self, language):
        """With the switch on the page, as a person would; it lasts for the browser session."""
        if self.page.get_attribute("html", "lang") != language:
            self.page.click(f"button[lang={language}]")
            self.page.wait_for_function("language => document.documentElement.lang === language", arg=language)
        assert self.page.get_attribute("html", "lang") == language

    def visit(self, path):
        self.page.goto(self.base_url + path)
        self.check()

    def check(self):
        self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate("options => axe.run(document, {runOnly: options})", WCAG)
        violations = [(v["id"], [n["html"] for n in v["nodes"]][:3]) for v in result["violations"]]
        assert violations == [], f"{self.page.url}: {json.dumps(violations, indent=1)}"
        assert self.errors == []

    def click(self, selector):
        self.page.click(selector)
        self.page.wait_for_load_state()
        self.check()
