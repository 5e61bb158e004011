"""Text as people type it, kept one way whatever sent it, and how long each kind may be.

Browsers send a line break in a text box as CR LF; a spreadsheet, a script or a translator's tool
sends LF, and an old file CR alone. Every text is kept with LF alone, so the same words compare
equal however they arrived. A one-line box cannot hold a line break: a browser removes it from
what is typed; a post made otherwise gets the same, each break becoming one space (as a browser
does with a pasted line break), so no two words are run together.
"""

import re

LINE_BREAK = re.compile(r"\r\n?|\n")
ONE_LINE_BREAKS = re.compile(r"(?:[ \t]*(?:\r\n?|\n))+[ \t]*")

# How long each long text may be, in characters, in each language. Each limit leaves room for
# the longest such text a group writes (the seed's longest minute is 1,100 characters; a long
# item of a long meeting fills a few pages) and keeps every page, export and PDF of it quick.
MINUTES_MAX = 20_000  # one item's minutes: about seven pages
DECISION_MAX = 2_000
ACTION_MAX = 1_000
QUESTION_MAX = 5_000  # a feedback request's question
TERMS_OF_REFERENCE_MAX = 30_000  # about ten pages
REASON_MAX = 2_000  # the reason for a correction of approved minutes
COMMENT_MAX = 4_000
NOTE_MAX = 4_000  # a progress note on an action
ANSWER_MAX = 20_000  # an answer to a feedback request
REPORT_MAX = 3_000  # each part of a group's highlight report to its parent: short, for the agenda


def multiline(text: str) -> str:
    """Every line break as LF."""
    return LINE_BREAK.sub("\n", text)


def one_line(text: str) -> str:
    """No line break: each run of them, with the spaces around it, becomes one space."""
    return ONE_LINE_BREAKS.sub(" ", text)
