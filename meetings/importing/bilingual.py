"""Minutes in two languages: telling Welsh from English, splitting a bilingual document into an English
and a Welsh one, and pairing the items, decisions and actions found in the two versions of a meeting.

Pure functions on ``reading.Document`` and on ``parsing.Proposal.for_review()`` dicts; nothing is saved.
The rules, which the review page can explain:

- **Language** (``language_of``): each word votes. A word in the list of Welsh words (function words
  "y", "yr", "i", "o", "yn", "ar", "gan", "wedi", "bod", "ei", "eu", "fod", "hefyd", "ac"… and words
  of minutes: "cytunwyd", "penderfynwyd", "cyngor", "cyfarfod", "cofnodion"…) votes Welsh; one in the
  list of English words ("the", "and", "of", "to", "was", "were", "that", "with", "for"…, "minutes",
  "apologies"…) votes English. Any other word votes by its letters: ŵ ŷ â and other accents, "dd",
  "wy", "yw", "ae", a first "ll", "rh", "ff", "gw", "ym", "ys", "cyf", endings "-au", "-iad", "-wyd",
  "-ion", "'r", "'n" are Welsh; "ou", "oa", "ee", "oo", "sh", "ck", "ght", "ph", k q v x z j, endings
  "-tion", "-ing", "-ed", "-ly", "-ity", "-ness", "-ment", "n't", "'s" are English; the side with more
  marks wins the word. Words that do not vote: a capitalised word inside a sentence, taken for a
  name ("Llywodraeth Cymru", "Estyn"; not after "Cllr." or an initial), unless it is a function word
  or the whole text is in capitals; an acronym; a handle after "@" or "#"; one letter words other
  than "y", "i", "o" ("a" is both languages). The text is in a language when that language has at
  least twice the other's votes and the votes are enough: for a text of up to three words, one vote
  (but an unlisted first word does not vote alone: "Llangathen" is a name); else at least two votes
  and a fifth of the words. Otherwise ``None`` (names, numbers, dates, both languages).
- **Splitting a document** (``split``): a block in one language goes to that side. A block in both
  ("Cofnodion / Minutes", "Present / Yn bresennol", "1. Ymddiheuriadau / Apologies") is split at its
  separator (" / ", " | ", a "/" between two words, a line break) when that gives exactly two parts,
  one Welsh, one English; the item number in front goes to both sides ("20/01 …" too). A label in two
  languages before a colon ("Presennol / Present: …") is split and the rest after the colon goes to
  both. Words found in both parts are names and do not vote. A block that mixes the languages phrase
  by phrase ("… gan / … from Cyng. / Cllrs. … a/and …") goes whole to both sides. A block in no
  language (names, dates, numbers) goes to both sides, except inside a run of one language (the
  nearest language-bearing blocks before and after it are both of that language): then to that side
  only. A table whose columns hold Welsh and English cells (most cells of a column in one language)
  is split by column; a column in no language goes to both. The document is bilingual when each
  language holds at least 20% of the language-bearing blocks, a block in both languages counting half
  to each, and each language is in at least two blocks: a Welsh document quoting an English title,
  or an English one with bilingual headings only, is not.
- **Pairing** (``pair``): items pair by number when both versions number them (numbers normalised:
  "1.", "1)", "Item 1", "Eitem 1" are "1"; "a)" is "a" under its parent item's number); items left
  between two paired ones (or before the first, after the last) pair in order when both sides have
  the same count there, unless both are numbered differently; the rest pair by what their titles
  and minutes share (numbers, dates, acronyms, names), greedily, when they share at least one and
  their overlap (Dice) is at least 0.3. In a paired item, decisions (and actions) pair in order
  when the counts are equal, else by the same shared tokens with the same threshold. Whatever Welsh
  is left is listed in ``welsh_unpaired``. Every Welsh string is copied from the Welsh dict; none is
  made up or translated.
- **Combining** (``combine``): two files are parsed and paired (if the file given as English is
  Welsh and the other English, they are swapped); one bilingual file is split, its halves parsed and
  paired; one file in one language is parsed alone. English is the service's main language, so a
  Welsh-only file gives empty English fields and its texts in the ``*_cy`` fields.
"""

import copy
import dataclasses
import itertools
import re
from collections.abc import Iterable

from .parsing import dates_in, parse
from .reading import Block, Document

# Language ---------------------------------------------------------------------------------------


def _listed(words: str) -> frozenset[str]:
    return frozenset(words.split())


WELSH_FUNCTION_WORDS = _listed(
    """
    y yr i o yn ar gan wedi bod ei eu fod hefyd ac ag mae oedd roedd bydd fydd byddai fyddai ydy ydyw yw
    nid na nad ond neu gyda hyn hynny hon hwn yma dros drwy trwy ni chi nhw fel sydd oes rhwng ynghylch
    ynglŷn â ym yng ymhlith iddo iddi iddynt arno arni cael gael wrth heb hyd tan pan os pob holl rhai
    eraill arall mwy dim ddim wnaeth mewn gyfer ynddo fe hi dy fy ein eich ble beth pwy sut pam
    """
)
WELSH_WORDS = WELSH_FUNCTION_WORDS | _listed(
    """
    nos dydd ddydd mis blwyddyn flwyddyn un dau dwy tri tair pedwar nesaf
    cytunwyd penderfynwyd cytunodd penderfynodd cyngor cyfarfod gyfarfod cofnodion gofnodion cofnod
    ymddiheuriadau presennol bresennol datganiadau datgan buddiant fuddiant materion codi gohebiaeth
    cyllid cynllunio unrhyw fater mater cadeirydd gadeirydd clerc eitem aelodau aelod adroddiad
    dyddiad derbyniwyd cynigiwyd eiliwyd cymeradwywyd nodwyd trafodwyd cafwyd cytuno cyflwyno grŵp
    llywodraeth cymuned cymunedol sir cynghorydd cyng cynghorwyr croeso diolch cyfrifon
    penderfyniad gweithredu cam camau enw swyddog swyddogion ysgrifennydd trysorydd llywydd
    """
)
ENGLISH_FUNCTION_WORDS = _listed(
    """
    the and of to was were that with for is are be been being by on in it its this these those from as
    an or not has have had will would should could which who whom whose their there they he she we
    his her all any also other about into out but if than then so can may more no did does do our
    them what when where whether while after before under over such some each both only very
    """
)
ENGLISH_WORDS = ENGLISH_FUNCTION_WORDS | _listed(
    """
    minutes meeting apologies present attendance agreed resolved noted council councillor councillors
    chair clerk item matters arising declarations declaration interest correspondence finance planning
    business members member report action actions date next received proposed seconded accepted
    record approved community county committee board group none name cllr cllrs welcome minute reference
    """
)
ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "cllr", "cllrs", "cyng", "prof", "st", "no", "rev", "co", "ltd"})
_WELSH_MARKS = [
    re.compile(pattern)
    for pattern in (
        r"[ŵŷâêîôûïëáéíóú]",
        r"^(?:ll|rh|ngh|mh|nh|ff|gw|ym|ys|cy[fnmdlrt])",
        r"dd",
        r"wy|yw",
        r"ae",
        r"ydd|aeth$|iad|(?:au|wyd|odd)$|(?<![ts])ion$",
        r"[^aeiouyw\W]w[^aeiouyw\W]",
    )
]
_ENGLISH_MARKS = [
    re.compile(pattern)
    for pattern in (
        r"ou|oa|ee|oo|[aeo]y$",
        r"sh|ck|ght|ph",
        r"[kqvxzj]",
        r"(?:tion|sion|ing|ed|ly|ity|ness|ment|ies|ous|ship)$",
    )
]
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?]\s|[•\n/|]")
_SENTENCE_GAP = re.compile(r"[.!?:;•\n]")
_WELSH_ELISION = {"r", "n", "i", "w", "u", "m", "th"}
_ENGLISH_ELISION = {"s", "t", "ll", "re", "ve", "d"}


def _words(text: str) -> list[tuple[str, bool]]:
    """The words of ``text``, lower-cased, each with whether it may vote: not a name (a capitalised
    word inside a sentence) nor an acronym, unless it is a function word or the text is in capitals."""
    capitals = sum(char.isupper() for char in text)
    letters = sum(char.isalpha() for char in text)
    shouting = letters >= 4 and capitals >= 0.8 * letters
    found, end = [], 0
    for match in _WORD.finditer(text):
        word, lower = match.group(0), match.group(0).lower()
        previous = found[-1][0] if found else ""
        start = not found or (
            bool(_SENTENCE_END.search(text[end : match.start()]))
            and len(previous) > 1
            and previous not in ABBREVIATIONS
        )
        handle = text[match.start() - 1 : match.start()] in ("@", "#")
        end = match.end()
        if handle:
            continue
        if shouting or lower in WELSH_FUNCTION_WORDS or lower in ENGLISH_FUNCTION_WORDS:
            votes = True
        elif word.isupper() and len(word) > 1:
            votes = False  # an acronym
        else:
            votes = start or not word[0].isupper()
        found.append((lower, votes))
    return found


def _vote(word: str) -> str | None:
    """The language ``word`` votes for (see the module's rules)."""
    if word in WELSH_WORDS:
        return "cy"
    if word in ENGLISH_WORDS:
        return "en"
    if len(word) < 2:
        return None
    for mark in ("'", "’"):
        if mark in word:
            tail = word.rsplit(mark, 1)[1]
            if tail in _WELSH_ELISION:
                return "cy"
            if tail in _ENGLISH_ELISION:
                return "en"
    welsh = sum(bool(pattern.search(word)) for pattern in _WELSH_MARKS)
    english = sum(bool(pattern.search(word)) for pattern in _ENGLISH_MARKS)
    return "cy" if welsh > english else "en" if english > welsh else None


def _language(text: str, ignore: Iterable[str] = ()) -> str | None:
    ignore = set(ignore)
    words = [(word, votes) for word, votes in _words(text) if word not in ignore]
    counted = [word for word, _votes in words if len(word) > 1 or word in {"y", "i", "o"}]
    voting = [word for word, may in words if may]
    votes = [_vote(word) for word in voting]
    english, welsh = votes.count("en"), votes.count("cy")
    if len(counted) <= 3:  # a heading: one vote is enough, unless it is only a capitalised word's letters
        enough = any(
            word in WELSH_WORDS or word in ENGLISH_WORDS or (index and _vote(word)) for index, word in enumerate(voting)
        )
    else:
        enough = english + welsh >= max(2, 0.2 * len(counted))
    if not enough:
        return None
    if welsh >= 2 * english and welsh > english:
        return "cy"
    if english >= 2 * welsh and english > welsh:
        return "en"
    return None


def language_of(text: str) -> str | None:
    """ "en", "cy", or None when ``text`` is too short or unclear (names, numbers, both languages)."""
    return _language(text)


# Splitting a bilingual document -------------------------------------------------------------------

SEPARATOR = re.compile(r"\s*\n\s*|\s+[/|]\s*|\s*[/|]\s+|(?<=[^\W\d_])/(?=[^\W\d_])")
LEADING_NUMBER = re.compile(
    r"^(?:(?:(?:agenda\s+)?item|eitem(?:\s+agenda)?)\s+\d+(?:\.\d+)*[a-z]?\s*[.:)\-–]?\s+"
    r"|\d{1,4}/\d{1,4}\.?\s+|\d{1,2}(?:\.\d{1,2})*\s*[.):]?\s+|\(?[a-z]\)\s+)",
    re.I,
)
MIN_SHARE = 0.2
MIN_BLOCKS = 2


def _two_ways(text: str) -> tuple[str, str] | None:
    """(English, Welsh) when ``text`` is exactly two parts at a separator, one in each language."""
    parts = [part.strip() for part in SEPARATOR.split(text)]
    if len(parts) != 2 or not all(parts):
        return None
    first, second = ({word for word, _votes in _words(part)} for part in parts)
    shared = first & second  # names written in both
    languages = [_language(part, shared) for part in parts]
    if languages == ["en", "cy"]:
        return parts[0], parts[1]
    if languages == ["cy", "en"]:
        return parts[1], parts[0]
    return None


def _mixed(text: str) -> bool:
    """Whether the parts of ``text`` at its separators include both languages."""
    languages = {language_of(part) for part in SEPARATOR.split(text)}
    return {"en", "cy"} <= languages


def _sides(text: str) -> tuple[str, str] | None:
    """(English, Welsh) for a text in both languages that can be split; None otherwise."""
    match = LEADING_NUMBER.match(text)
    number, body = (match.group(0), text[match.end() :]) if match else ("", text)
    label, colon, rest = body.partition(":")
    if colon and len(label) <= 60:
        both = _two_ways(label)
        if both:
            after = f": {rest.strip()}" if rest.strip() else ":"
            return number + both[0] + after, number + both[1] + after
    both = _two_ways(body)
    return (number + both[0], number + both[1]) if both else None


def _classify(block: Block) -> tuple[str | None, Block, Block]:
    """(language, English block, Welsh block): language "en", "cy", "both" or None."""
    text = block.text.strip()
    sides = _sides(text)
    if sides:
        english, welsh = sides
        if block.kind == "row":
            return "both", _row(block, [english]), _row(block, [welsh])
        return "both", dataclasses.replace(block, text=english), dataclasses.replace(block, text=welsh)
    if _mixed(text):
        return "both", block, block
    return language_of(text), block, block


def _row(block: Block, cells: list[str]) -> Block:
    return dataclasses.replace(block, cells=tuple(cells), text=" | ".join(cells))


def _table(rows: list[Block]) -> list[tuple[str | None, Block, Block]] | None:
    """The rows split by column, when some columns are Welsh and others English; else None."""
    width = len(rows[0].cells)
    if width < 2 or any(len(row.cells) != width for row in rows):
        return None
    columns = []
    for index in range(width):
        found = [language_of(row.cells[index]) for row in rows]
        english, welsh = found.count("en"), found.count("cy")
        half = len(rows) / 2
        columns.append("cy" if welsh >= half > 2 * english else "en" if english >= half > 2 * welsh else None)
    if "cy" not in columns or "en" not in columns:
        return None
    split_rows = []
    for row in rows:
        english = [cell for cell, language in zip(row.cells, columns, strict=True) if language != "cy"]
        welsh = [cell for cell, language in zip(row.cells, columns, strict=True) if language != "en"]
        split_rows.append(("both", _row(row, english), _row(row, welsh)))
    return split_rows


def _classified(document: Document) -> list[tuple[str | None, Block, Block]]:
    found, blocks, index = [], list(document.blocks), 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind == "row" and block.cells:
            end = index
            while end < len(blocks) and blocks[end].kind == "row" and len(blocks[end].cells) == len(block.cells):
                end += 1
            table = _table(blocks[index:end])
            if table:
                found += table
                index = end
                continue
        found.append(_classify(block))
        index += 1
    return found


def split(document: Document) -> tuple[Document, Document] | None:
    """(English document, Welsh document) when ``document`` is bilingual, else None (see the rules)."""
    found = _classified(document)
    languages = [language for language, _english, _welsh in found]
    bearing = [language for language in languages if language]
    if not bearing:
        return None
    english_share = (bearing.count("en") + bearing.count("both") / 2) / len(bearing)
    welsh_share = (bearing.count("cy") + bearing.count("both") / 2) / len(bearing)
    english_blocks, welsh_blocks = len(bearing) - bearing.count("cy"), len(bearing) - bearing.count("en")
    if min(english_share, welsh_share) < MIN_SHARE or min(english_blocks, welsh_blocks) < MIN_BLOCKS:
        return None
    english, welsh = [], []
    for index, (language, english_block, welsh_block) in enumerate(found):
        if language is None:
            before = next((lang for lang in reversed(languages[:index]) if lang), None)
            after = next((lang for lang in languages[index + 1 :] if lang), None)
            language = before if before == after and before in ("en", "cy") else "both"
        if language in ("en", "both"):
            english.append(english_block)
        if language in ("cy", "both"):
            welsh.append(welsh_block)
    return (
        dataclasses.replace(document, blocks=tuple(english)),
        dataclasses.replace(document, blocks=tuple(welsh)),
    )


def _majority(document: Document) -> str | None:
    found = [language_of(block.text) for block in document.blocks]
    english, welsh = found.count("en"), found.count("cy")
    return "cy" if welsh > english else "en" if english > welsh else None


# Pairing two versions ----------------------------------------------------------------------------

ITEM_WORD = re.compile(r"^(?:(?:agenda\s+)?item|eitem(?:\s+agenda)?)\s+", re.I)
LETTER = re.compile(r"[a-z]|[ivx]+")
MIN_DICE = 0.3


def _number(number: str | None) -> str | None:
    if not number:
        return None
    return ITEM_WORD.sub("", number.strip()).strip(" ().:-–").lower() or None


def _keys(items: list[dict]) -> list[tuple[str | None, str] | None]:
    """Each item's number, normalised; a letter is read under its parent item's number."""
    keys, parent = [], None
    for item in items:
        number = _number(item.get("number"))
        if item.get("level", 1) == 1 and number and not LETTER.fullmatch(number):
            parent = number
        if number is None:
            keys.append(None)
        elif LETTER.fullmatch(number):
            keys.append((parent, number))
        else:
            keys.append((None, number))
    return keys


def _tokens(text: str) -> set[str]:
    """What two versions of a text share whatever their language: numbers, dates, acronyms, names."""
    found = {day.isoformat() for day in dates_in(text)}
    found |= {number.replace(",", "") for number in re.findall(r"\d[\d,./]*\d|\d", text)}
    found |= set(re.findall(r"\b[A-Z][A-Za-z]*[A-Z]+[a-z]*\b", text))  # WG, LlC, PLASC
    end = 0
    for match in re.finditer(r"\b[A-Z][a-zà-ÿŵŷ]{2,}\b", text):
        if end and not _SENTENCE_GAP.search(text[end : match.start()]):
            found.add(match.group(0))
        end = match.end()
    return found


def _dice(first: set[str], second: set[str]) -> float:
    return 2 * len(first & second) / (len(first) + len(second)) if first and second else 0.0


def _by_tokens(english: list[str], welsh: list[str], taken: dict[int, int]) -> None:
    """Pair the texts not yet in ``taken`` (English index -> Welsh index) by their shared tokens."""
    english_tokens = [_tokens(text) for text in english]
    welsh_tokens = [_tokens(text) for text in welsh]
    scores = sorted(
        (
            (_dice(english_tokens[i], welsh_tokens[j]), i, j)
            for i in range(len(english))
            if i not in taken
            for j in range(len(welsh))
            if j not in taken.values()
        ),
        reverse=True,
    )
    for score, i, j in scores:
        if score >= MIN_DICE and i not in taken and j not in taken.values():
            taken[i] = j


def _pair_items(english: list[dict], welsh: list[dict]) -> dict[int, int]:
    taken: dict[int, int] = {}
    english_keys, welsh_keys = _keys(english), _keys(welsh)
    welsh_at = {key: j for j, key in enumerate(welsh_keys) if key and welsh_keys.count(key) == 1}
    for i, key in enumerate(english_keys):
        if key and english_keys.count(key) == 1 and key in welsh_at:
            taken[i] = welsh_at[key]
    # In order, between the items paired by number.
    anchors = [(-1, -1), *sorted(taken.items()), (len(english), len(welsh))]
    for (i0, j0), (i1, j1) in itertools.pairwise(anchors):
        left = [i for i in range(i0 + 1, i1) if i not in taken]
        right = [j for j in range(j0 + 1, j1) if j not in taken.values()]
        if len(left) == len(right):
            for i, j in zip(left, right, strict=True):
                if not (english_keys[i] and welsh_keys[j] and english_keys[i] != welsh_keys[j]):
                    taken[i] = j
    texts = [f"{item['title']}\n{item['minutes']}" for item in english]
    _by_tokens(texts, [f"{item['title']}\n{item['minutes']}" for item in welsh], taken)
    return taken


def _pair_found(english: list[dict], welsh: list[dict]) -> dict[int, int]:
    if len(english) == len(welsh):
        return {i: i for i in range(len(english))}
    taken: dict[int, int] = {}
    _by_tokens([found["text"] for found in english], [found["text"] for found in welsh], taken)
    return taken


def _where(item: dict, index: int, key: tuple[str | None, str] | None) -> str:
    """ "item 3", "item 2 a)" (a letter under its parent), or "item at position 4" (no number)."""
    if not item.get("number"):
        return f"item at position {index + 1}"
    parent = f"{key[0]} " if key and key[0] else ""
    return f"item {parent}{item['number']}"


def _blank_welsh(data: dict) -> dict:
    """``data`` with every Welsh field there and empty."""
    data.setdefault("meeting", {}).setdefault("title_cy", "")
    for item in data["items"]:
        item.setdefault("title_cy", "")
        item.setdefault("minutes_cy", "")
        for found in item["decisions"] + item["actions"]:
            found.setdefault("text_cy", "")
    data.setdefault("welsh_unpaired", [])
    data.setdefault("welsh_paired", False)
    return data


def pair(english: dict, welsh: dict) -> dict:
    """A copy of the English ``for_review()`` dict with the Welsh version's texts beside its own:
    ``meeting.title_cy``; each item's ``title_cy`` and ``minutes_cy``; each decision's and action's
    ``text_cy`` ("" when unpaired); ``welsh_unpaired`` (``[{"where", "text"}]``, the Welsh texts
    that found no place) and ``welsh_paired`` (whether any Welsh item was paired)."""
    result = _blank_welsh(copy.deepcopy(english))
    result["meeting"]["title_cy"] = (welsh.get("meeting") or {}).get("title") or ""
    unpaired = result["welsh_unpaired"] = []
    welsh_items = welsh.get("items") or []
    taken = _pair_items(result["items"], welsh_items)
    placed = {j: i for i, j in taken.items()}
    for j, (welsh_item, key) in enumerate(zip(welsh_items, _keys(welsh_items), strict=True)):
        where = _where(welsh_item, j, key)
        if j not in placed:
            for label, text in (("", welsh_item["title"]), (", minutes", welsh_item["minutes"])):
                if text:
                    unpaired.append({"where": where + label, "text": text})
            for kind in ("decisions", "actions"):
                for n, found in enumerate(welsh_item[kind], start=1):
                    unpaired.append({"where": f"{where}, {kind[:-1]} {n}", "text": found["text"]})
            continue
        item = result["items"][placed[j]]
        item["title_cy"], item["minutes_cy"] = welsh_item["title"], welsh_item["minutes"]
        for kind in ("decisions", "actions"):
            matched = _pair_found(item[kind], welsh_item[kind])
            for i, k in matched.items():
                item[kind][i]["text_cy"] = welsh_item[kind][k]["text"]
            for k, found in enumerate(welsh_item[kind]):
                if k not in matched.values():
                    unpaired.append({"where": f"{where}, {kind[:-1]} {k + 1}", "text": found["text"]})
    result["welsh_paired"] = bool(taken)
    return result


# Combining ---------------------------------------------------------------------------------------


def _welsh_only(welsh: dict) -> dict:
    """A Welsh proposal in the English shape: English fields "", the Welsh in the ``*_cy`` fields."""
    data = copy.deepcopy(welsh)
    data["meeting"]["title_cy"], data["meeting"]["title"] = data["meeting"]["title"], ""
    for item in data["items"]:
        item["title_cy"], item["title"] = item["title"], ""
        item["minutes_cy"], item["minutes"] = item["minutes"], ""
        for found in item["decisions"] + item["actions"]:
            found["text_cy"], found["text"] = found["text"], ""
    data["welsh_unpaired"], data["welsh_paired"] = [], False
    return data


def combine(
    document: Document, welsh: Document | None = None, parties: Iterable[str] = (), bodies: Iterable[str] = ()
) -> dict:
    """The review dict for minutes in English, Welsh or both: ``pair``'s keys, plus ``language``
    ("en", "cy" or "both"), ``text`` (the English document's block texts; [] for a Welsh-only file)
    and ``text_welsh`` (the Welsh document's block texts; [] when none).
    ``parties`` and ``bodies`` are ``parse``'s."""
    parties, bodies = list(parties), list(bodies)
    if welsh is None:
        halves = split(document)
        if halves:
            document, welsh = halves
    elif _majority(document) == "cy" and _majority(welsh) == "en":
        document, welsh = welsh, document
    if welsh is not None:
        data = pair(
            parse(document, parties=parties, bodies=bodies).for_review(),
            parse(welsh, parties=parties, bodies=bodies).for_review(),
        )
        language = "both"
    elif _majority(document) == "cy":
        data, welsh, language = (
            _welsh_only(parse(document, parties=parties, bodies=bodies).for_review()),
            document,
            "cy",
        )
    else:
        data, language = _blank_welsh(parse(document, parties=parties, bodies=bodies).for_review()), "en"
    data["language"] = language
    # The text of each language's document, for the review page to show beside the findings.
    data["text"] = [block.text for block in document.blocks] if language != "cy" else []
    data["text_welsh"] = [block.text for block in welsh.blocks] if welsh is not None else []
    return data
