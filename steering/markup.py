"""The little formatting minutes need: paragraphs, bullet lists, bold, italics and links.

People write Markdown (a blank line starts a paragraph, a line break is kept, "- " starts a
bullet, **bold**, [text](https://…)); nothing else of Markdown or HTML is read as formatting. Text that looks like
HTML or an entity (``<b>``, ``&lt;``) is shown exactly as typed, and a link goes to the web or
an email address only: one with another address ([x](javascript:…), [x](/page), [x](//host))
is refused where the text is entered (``link_problems``) and, in older text, shown as typed.
The result is still cleaned by nh3 (the Ammonia sanitiser) as a second guard.
"""

import xml.etree.ElementTree as etree
from html import unescape

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_PREFIXES = ("https://", "http://", "mailto:")

# Markdown's parts that are not the formatting above: raw HTML, entities, headings, quotes, code,
# rules, images and reference links. Without them, what they would have read stays text.
_BLOCKS_OFF = ["html_block", "hashheader", "setextheader", "quote", "code", "hr", "reference"]
_INLINE_OFF = [
    "html",
    "entity",
    "backtick",
    "image_link",
    "image_reference",
    "short_image_ref",
    "reference",
    "short_reference",
]


def link_allowed(href: str) -> bool:
    return href.strip().lower().startswith(LINK_PREFIXES)


class _Links(Treeprocessor):
    """A link to anything but the web or an email address goes back to the text that was typed."""

    def __init__(self, md, found: list[str]):
        super().__init__(md)
        self.found = found

    def run(self, root):
        for parent in list(root.iter()):
            refused = []
            for index in reversed(range(len(parent))):  # from the end, so each index holds as others go
                child = parent[index]
                if child.tag != "a" or link_allowed(child.get("href", "")):
                    continue
                href = child.get("href", "")
                refused.insert(0, href)
                words = "".join(child.itertext())
                text = f"<{href}>" if words == href else f"[{words}]({href})"
                _replace_with_text(parent, index, child, text)
            self.found += refused


def _replace_with_text(parent: etree.Element, index: int, child: etree.Element, text: str) -> None:
    before = parent[index - 1] if index else None
    joined = text + (child.tail or "")
    if before is not None:
        before.tail = (before.tail or "") + joined
    else:
        parent.text = (parent.text or "") + joined
    parent.remove(child)


def _markdown(found: list[str]) -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists", "nl2br"], output_format="html")
    for name in _BLOCKS_OFF:
        if name in md.parser.blockprocessors:
            md.parser.blockprocessors.deregister(name)
        if name in md.preprocessors:
            md.preprocessors.deregister(name)
    for name in _INLINE_OFF:
        if name in md.inlinePatterns:
            md.inlinePatterns.deregister(name)
    md.treeprocessors.register(_Links(md, found), "links", 0)
    return md


def _as_text(text: str) -> str:
    """Every & as an entity, so that Markdown, which keeps entities, shows an entity as typed."""
    return (text or "").replace("&", "&amp;")


def to_html(text: str) -> SafeString:
    html = _markdown([]).convert(_as_text(text))
    cleaned = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer"
    )
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 to the allowed tags just above  # nosec B308 B703


def link_problems(text: str) -> list[str]:
    """The addresses of the links in ``text`` that would not be links: not the web, not email."""
    found: list[str] = []
    _markdown(found).convert(_as_text(text))
    return [unescape(href) for href in found]
