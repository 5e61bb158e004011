"""English and Welsh text, stored as paired columns (``name_en``, ``name_cy``) on every model.

Paired columns keep both languages searchable and sortable in the database. Reading one goes
through ``localised()``, which follows the active language and, where that language is missing,
falls back to the other one and says so, so a gap is never hidden.
"""

from dataclasses import dataclass

from django.utils.translation import get_language, gettext

LANGUAGE_CODES = ("cy", "en")


def active_language() -> str:
    return "cy" if (get_language() or "en").startswith("cy") else "en"


def other_language(code: str) -> str:
    return "en" if code == "cy" else "cy"


@dataclass(frozen=True)
class Localised:
    text: str
    lang: str  # the language the text is in
    fallback: bool  # True when the wanted language was missing and the other one stands in

    @property
    def marker(self) -> str:
        if not self.fallback:
            return ""
        return gettext("English only") if self.lang == "en" else gettext("Welsh only")

    def __str__(self) -> str:
        return f"{self.text} [{self.marker}]" if self.fallback else self.text


def localised(obj, field: str, language: str | None = None) -> Localised:
    wanted = language or active_language()
    text = (getattr(obj, f"{field}_{wanted}") or "").strip()
    if text:
        return Localised(text, wanted, False)
    other = other_language(wanted)
    return Localised((getattr(obj, f"{field}_{other}") or "").strip(), other, True)
