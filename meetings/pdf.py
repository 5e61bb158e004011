"""The minutes as one bilingual PDF: Welsh and English side by side, or one version after the other.

WeasyPrint renders ``templates/pdf/minutes.html``, fed by ``meetings.document.minutes_document``
from a record, with ``static/pdf/minutes.css`` and the Arimo font in ``static/fonts/arimo/``
(metrics of Arial, every Welsh letter, embedded in the file). The PDF is tagged (PDF/UA-1): the
catalog names the first language, and every run of text is marked with the language of the
passage it belongs to, so a screen reader switches voice between them.
"""

import logging
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pydyf
import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.pdf.stream import Stream
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .document import LANGUAGES, LAYOUTS, Audience, for_version

logger = logging.getLogger(__name__)
STYLESHEET = Path(settings.BASE_DIR) / "static" / "pdf" / "minutes.css"
FONTS = Path(settings.BASE_DIR) / "static" / "fonts"

# The largest document (characters of HTML) made into a PDF inside a web request. WeasyPrint takes
# about a second for every 55,000 (a 23-page meeting of 30 items is about 200,000), so this keeps
# a preview within some eight seconds; the worker, which publishes, and the command have no bound.
PREVIEW_MAX_CHARACTERS = 400_000


class TooLongToPreview(Exception):
    def __init__(self, size: int):
        super().__init__(f"{size} characters of HTML, more than {PREVIEW_MAX_CHARACTERS}")
        self.size = size


def render_minutes_pdf(
    minutes,
    *,
    layout: str = "side-by-side",
    first: str = "",
    audience: Audience | None = None,
    preview: bool = False,
) -> bytes:
    """A version of the minutes as a PDF (``document.for_version``): ``first`` language on the left
    (side by side) or first (sequential). A ``preview``, made while someone waits, is refused
    (``TooLongToPreview``) past its bound.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"Unknown layout {layout!r}: use one of {', '.join(LAYOUTS)}.")
    if first and first not in LANGUAGES:
        raise ValueError(f"Unknown language {first!r}: use one of {', '.join(LANGUAGES)}.")
    html = render_to_string("pdf/minutes.html", for_version(minutes, layout=layout, first=first, audience=audience))
    if preview and len(html) > PREVIEW_MAX_CHARACTERS:
        raise TooLongToPreview(len(html))
    fetcher = StylesheetAndFontsOnly(allowed_protocols={"file"})
    font_config = FontConfiguration()
    stylesheet = CSS(filename=str(STYLESHEET), font_config=font_config, url_fetcher=fetcher)
    document = HTML(string=html, base_url=str(STYLESHEET.parent), url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet], font_config=font_config, pdf_variant="pdf/ua-1", pdf_tags=True)


class StylesheetAndFontsOnly(URLFetcher):
    """WeasyPrint's fetcher, for the stylesheet's and the fonts' files only: nothing from the network
    and no other file on this machine, whatever a text might ask for."""

    folders = (STYLESHEET.parent.resolve(), FONTS.resolve())

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        path = Path(url2pathname(parts.path)).resolve()
        if parts.scheme.lower() != "file" or parts.netloc or not any(path.is_relative_to(f) for f in self.folders):
            raise ValueError(f"Not the minutes' stylesheet or fonts: {url}")
        return super().fetch(url, headers)


# The language of each passage in the tagged PDF -------------------------------------------------

_original_marked = Stream.marked


@contextmanager
def _marked_with_language(self, box, tag):
    """WeasyPrint's own ``Stream.marked``, with /Lang added to the property list of each text run.

    WeasyPrint 70 writes the language of the whole document (/Lang in the catalog) but not that of
    the passages in it; a marked-content Span may carry its own /Lang (ISO 32000-1, 14.9.2), taken
    here from the text's ``lang`` attribute. Anything unexpected falls back to WeasyPrint's method.
    """
    tags = getattr(self, "_tags", None)
    lang = getattr(box, "style", {}).get("lang") if tags is not None and tag == "Span" else None
    if not lang or box in tags:
        with _original_marked(self, box, tag):
            yield
        return
    mcid = len(tags)
    tags[box] = {"tag": tag, "mcid": mcid}
    self.begin_marked_content(tag, pydyf.Dictionary({"MCID": mcid, "Lang": pydyf.String(lang)}))
    try:
        yield
    finally:
        self.end_marked_content()


# The WeasyPrint whose ``Stream.marked`` the change above copies and extends. Another version is
# left unchanged (its PDFs lose the language of each passage) and tests/test_pdf.py fails, so an
# upgrade is looked at rather than quietly degrading the tagging.
WRITTEN_FOR_WEASYPRINT = "70.0"


def mark_text_with_its_language() -> bool:
    """Installed once, at start-up (``MeetingsConfig.ready``); whether it could be."""
    if weasyprint.__version__ != WRITTEN_FOR_WEASYPRINT:
        logger.warning(
            "WeasyPrint %s is not %s: the minutes PDF does not mark each passage's language.",
            weasyprint.__version__,
            WRITTEN_FOR_WEASYPRINT,
        )
        return False
    Stream.marked = _marked_with_language
    return True
