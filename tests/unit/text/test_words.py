"""Words: normalising, tokens and index terms, and the compact table of word counts."""

from __future__ import annotations

from api.text.words import index_terms, normalize, one_edit_away, singular, tokenize


def test_normalize_and_tokenize():
    assert normalize("Senior’s PAY: $151,000") == "senior's pay: $151000"
    assert tokenize("The engineer's non-technical skills") == [
        "the", "engineer", "nontechnical", "skills"
    ]
    assert index_terms("The salaries of engineers") == ["salari", "engin"]


def test_singular_of_words_codes_and_short_forms():
    assert [singular(w) for w in ("nurses", "salaries", "chairmen", "l6s", "jrs", "srs", "yes",
                                   "bus")] == ["nurse", "salary", "chairman", "l6", "jr", "sr",
                                               "yes", "bus"]


def test_word_counts_answer_as_the_dict_they_are_made_from() -> None:
    """The compact word table gives each word's count, 0 for a word it lacks (as a Counter),
    across UTF-8 lengths and non-ASCII words."""
    from api.text.words import WordCounts

    counts = {"hire": 50, "hiring": 7, "café": 3, "naïve": 2, "a": 1, "zero": 0}
    table = WordCounts(counts)
    for word, count in counts.items():
        assert table[word] == count
        assert (word in table) == (count > 0)
    for missing in ("", "hirer", "caf", "zzzz", "Hire"):
        assert table[missing] == 0 and missing not in table
    assert len(table) == 5 and sorted(table) == sorted(w for w, c in counts.items() if c)


def test_the_commonest_english_word_one_edit_away() -> None:
    assert one_edit_away("coud") == "could"  # a letter added
    assert one_edit_away("teh") == "the"  # two letters swapped
    assert one_edit_away("salarry") == "salary"  # a letter dropped
    assert one_edit_away("qzxv") == ""
