"""How a search word is matched in Welsh: accents folded, and the common mutations of the word tried.

This is a documented rule, not a Welsh stemmer. Two things are done, and nothing else:

1. Folding. ``fold`` lowers the case and takes the accent off a letter (``ŵ`` → ``w``, ``ŷ`` → ``y``,
   ``â`` → ``a``, ``ë`` → ``e`` …). Search folds the text it looks in and the words it looks for,
   so "Grŵp" and "grwp" find each other.

2. Mutations. A Welsh word changes its first letter after some words ("cyfarfod", "ei gyfarfod",
   "fy nghyfarfod", "ei chyfarfod"). ``forms(word)`` is every form tried for one search word:

   - the word as typed;
   - if it looks mutated, the radical it could come from (``gyfarfod`` → ``cyfarfod``, ``nghymru``
     → ``cymru``, ``fam`` → ``bam`` and ``mam``, ``waith`` → ``gwaith``);
   - and the soft, nasal and aspirate mutations of the word and of each such radical:

   ========  =====  =====  ========
   radical   soft   nasal  aspirate
   ========  =====  =====  ========
   c         g      ngh    ch
   p         b      mh     ph
   t         d      nh     th
   g         (–)    ng
   b         f      m
   d         dd     n
   ll        l
   m         f
   rh        r
   ========  =====  =====  ========

   A word of fewer than three letters is only folded: "a", "i", "y" mutated would find everything.
   The forms are only ever tried against Welsh text; English text is matched by the word as typed.
"""

import re
import unicodedata

# The radical's first letters → what each mutation puts in their place. Longest first, so that
# "ll" and "rh" are read before "l" and "r" would be.
MUTATIONS: dict[str, tuple[str, ...]] = {
    "ll": ("l",),
    "rh": ("r",),
    "c": ("g", "ngh", "ch"),
    "p": ("b", "mh", "ph"),
    "t": ("d", "nh", "th"),
    "g": ("", "ng"),
    "b": ("f", "m"),
    "d": ("dd", "n"),
    "m": ("f",),
}

# Letters of the Welsh alphabet written with two: a word starting with one of these does not start
# with the single letter ("chwarae" is not "c" + "hwarae"; "ddoe" is not "d" + "doe").
DIGRAPHS = ("ch", "dd", "ff", "ng", "ll", "ph", "rh", "th")

# A word that may have lost its "g" to soft mutation ("gwaith" → "waith", "glan" → "lan").
_AFTER_DROPPED_G = re.compile(r"^[aeiouwylr]")

MIN_LENGTH = 3


def fold(text: str) -> str:
    """Lower case, without accents: "Ŵyr" → "wyr", "Llŷn" → "llyn"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(query: str, *, limit: int = 10) -> list[str]:
    """The search words of a query, folded, letters and digits only, each once, at most ``limit``."""
    found = []
    for word in re.findall(r"\w+", fold(query)):
        word = word.replace("_", "")
        if word and word not in found:
            found.append(word)
    return found[:limit]


def _radical_start(word: str) -> str | None:
    """The radical letters the word starts with, if any ("llan" → "ll", "chwarae" → None)."""
    for start in MUTATIONS:
        if word.startswith(start) and (len(start) == 2 or not word.startswith(DIGRAPHS)):
            return start
    return None


def mutated(word: str) -> set[str]:
    """The soft, nasal and aspirate mutations of a radical: "cymru" → {"gymru", "nghymru", "chymru"}."""
    start = _radical_start(word)
    if start is None:
        return set()
    return {replacement + word[len(start) :] for replacement in MUTATIONS[start]}


def radicals(word: str) -> set[str]:
    """The radicals a word could be a mutation of: "nghymru" → {"cymru"}, "fam" → {"bam", "mam"}."""
    found = set()
    for radical, replacements in MUTATIONS.items():
        for replacement in replacements:
            if not replacement:
                if _AFTER_DROPPED_G.match(word):
                    found.add(radical + word)
            elif word.startswith(replacement) and len(word) > len(replacement):
                rest = word[len(replacement) :]
                # "d" is the soft form of "t" but "dd" is not "t" + "d…": read the longest letter first.
                if len(replacement) == 1 and word.startswith(DIGRAPHS) and replacement + rest[:1] in DIGRAPHS:
                    continue
                found.add(radical + rest)
    found.discard(word)
    return found


def forms(word: str) -> set[str]:
    """Every form of one folded search word tried against Welsh text (see the module's rule)."""
    if len(word) < MIN_LENGTH or not word.isalpha():
        return {word}
    bases = {word} | radicals(word)
    return bases | {form for base in bases for form in mutated(base)}
