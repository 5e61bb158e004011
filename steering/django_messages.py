"""Strings of Django's own that its Welsh catalogue lacks or gets wrong, listed here so that
makemessages keeps them in the project's catalogue, whose translations take precedence.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

DJANGO_MESSAGES = [
    # Django's Welsh catalogue spells it "Gorffenaf"; the word is "Gorffennaf".
    gettext_noop("July"),
    pgettext_lazy("alt. month", "July"),
    # The admin's filters and history.
    gettext_noop("Show counts"),
    gettext_noop("Clear all filters"),
    gettext_noop("No date"),
    gettext_noop("Has date"),
    gettext_noop("Recent actions"),
    gettext_noop("My actions"),
    # "Wrth math" reads oddly; "Yn ôl math" is what a Welsh reader expects.
    gettext_noop(" By %(filter_title)s "),
    # Form messages that Django's Welsh catalogue leaves in English.
    gettext_noop("Null characters are not allowed."),
    gettext_noop("“%(pk)s” is not a valid value."),
]
