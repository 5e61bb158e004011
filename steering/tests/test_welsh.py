import pytest

from steering import welsh


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Grŵp", "grwp"), ("Llŷn", "llyn"), ("CYMRAEG", "cymraeg"), ("tŷ", "ty"), ("â ê î ô û ŵ ŷ", "a e i o u w y")],
)
def test_fold_takes_off_accents_and_case(text, folded):
    assert welsh.fold(text) == folded


def test_words_are_folded_letters_and_digits_each_once():
    assert welsh.words('Grŵp  grwp; PLASC-data 2025 "OR" *') == ["grwp", "plasc", "data", "2025", "or"]


@pytest.mark.parametrize(
    ("radical", "mutations"),
    [
        ("cymru", {"gymru", "nghymru", "chymru"}),
        ("papur", {"bapur", "mhapur", "phapur"}),
        ("tad", {"dad", "nhad", "thad"}),
        ("gwaith", {"waith", "ngwaith"}),
        ("bore", {"fore", "more"}),
        ("dosbarth", {"ddosbarth", "nosbarth"}),
        ("llan", {"lan"}),
        ("mam", {"fam"}),
        ("rhaglen", {"raglen"}),
        # Letters written with two are not their first letter: no mutation.
        ("chwarae", set()),
        ("ddoe", set()),
        ("ffordd", set()),
        ("thema", set()),
    ],
)
def test_mutated_gives_soft_nasal_and_aspirate_forms(radical, mutations):
    assert welsh.mutated(radical) == mutations


@pytest.mark.parametrize(
    ("word", "radical"),
    [
        ("gyfarfod", "cyfarfod"),
        ("nghyfarfod", "cyfarfod"),
        ("chyfarfod", "cyfarfod"),
        ("bapur", "papur"),
        ("mhapur", "papur"),
        ("phapur", "papur"),
        ("dad", "tad"),
        ("nhad", "tad"),
        ("waith", "gwaith"),
        ("ngwaith", "gwaith"),
        ("fore", "bore"),
        ("ddosbarth", "dosbarth"),
        ("nosbarth", "dosbarth"),
        ("lan", "llan"),
        ("fam", "mam"),
        ("raglen", "rhaglen"),
    ],
)
def test_a_word_that_looks_mutated_is_also_tried_as_its_radical(word, radical):
    assert radical in welsh.radicals(word)
    assert radical in welsh.forms(word)


def test_forms_of_a_mutated_word_include_the_other_mutations_of_its_radical():
    assert {"cyfarfod", "gyfarfod", "nghyfarfod", "chyfarfod"} <= welsh.forms("gyfarfod")


def test_short_words_and_numbers_are_not_mutated():
    assert welsh.forms("ty") == {"ty"}
    assert welsh.forms("2025") == {"2025"}


def test_digraphs_are_not_read_as_a_mutated_single_letter():
    # "ffordd" is not "f" + "fordd" (a soft-mutated "bfordd" or "mfordd").
    assert welsh.radicals("ffordd") == set()
    assert "t" + "dosbarth"[1:] not in welsh.radicals("ddosbarth")
