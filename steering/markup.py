"""The little formatting minutes need: paragraphs, bullet lists, bold and links.

People write Markdown (a blank line starts a paragraph, "- " starts a bullet, **bold**,
[text](https://…)); it is turned into HTML and then cleaned by nh3 (the Ammonia sanitiser), so
only those elements survive, whatever was typed.
"""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}


def to_html(text: str) -> SafeString:
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer"
    )
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 to the allowed tags just above  # nosec B308 B703
