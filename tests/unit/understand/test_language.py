"""Telling a message's language (`api.understand.language`) from the words listed for each, on
the made-up domain, and reading one in another language in the knowledge's words."""

from __future__ import annotations

import pytest

from api.knowledge.domain import Domain
from api.knowledge.languages import Language
from api.understand.language import LanguageReader
from tests.unit.support import SYNONYMS, make_lexicon

DUTCH = Language("nl", "Dutch", ("de", "het", "een", "hoeveel", "wat", "welke", "voor", "van",
                                 "is", "in", "op", "en"),
                 "Het antwoord volgt in het Engels.", "Ik antwoord alleen in het Engels.")
FRENCH = Language("fr", "French", ("le", "la", "les", "l'", "un", "une", "de", "d'", "s'",
                                   "quel", "quelles", "combien", "pour", "il", "faut", "à",
                                   "en", "et"),
                  "La réponse suit en anglais.", "Je réponds en anglais.")
SPANISH = Language("es", "Spanish", ("¿", "el", "la", "los", "un", "una", "y", "de", "en",
                                     "cuánto", "qué"),
                   "La respuesta sigue en inglés.", "Respondo en inglés.")
# The words for pay in those languages, as synonyms.yml would list them.
PAY = ("verdient", "salaris", "salaire", "gagne", "gana", "sueldo")


@pytest.fixture(scope="module")
def languages(domain: Domain) -> LanguageReader:
    synonyms = {**SYNONYMS, "salary": (*SYNONYMS["salary"], *PAY)}
    return LanguageReader((DUTCH, FRENCH, SPANISH), domain,
                          make_lexicon(domain, synonyms=synonyms))


@pytest.mark.parametrize(
    "message",
    [
        "What does a G2 tester earn in München?",  # a foreign place
        "tester pay in Zürich, or in Genève?",
        "Is Jan van der Berg a good release manager?",  # a Dutch surname
        "Should we hire Müller as a G3 tester?",
        "waht does a tester earn en zurich",  # a typo that is a listed word
        "What's a tester's pay, e.g. per year?",  # English contractions are no elisions
        "I'd say the G2 tester's pay is fine, isn't it?",
        "tester salary in Los Angeles",  # the words of a place tell no language
        "la la la",  # everyday English ("la" is common in English)
        "Hoeveel",  # one listed word is not enough
        "De tester",
        "salaris tester Zurich?",  # a word for pay alone says no language
        "How do I plan a release train?",
    ],
)
def test_english_messages_are_english(languages, message):
    assert languages.read(message) is None


def test_no_languages_listed_means_every_message_is_english(domain):
    reader = LanguageReader((), domain, make_lexicon(domain))
    assert reader.read("Hoeveel verdient een G2 tester in Zurich?") is None


@pytest.mark.parametrize(
    ("message", "language", "text"),
    [
        # The words of the language are left out, a word for pay becomes the pay term.
        ("Hoeveel verdient een G2 tester in Zurich?", "nl", "salary G2 tester Zurich?"),
        # Elisions split ("d'un"); a place written in the language stays ("Zürich").
        ("Salaire d'un tester à Zürich ?", "fr", "salary tester Zürich?"),
        # A sign of the language tells it where its words are shared ("un", "en").
        ("¿Un tester en Basel?", "es", "tester Basel?"),
        # As many words tell two languages: the one more of whose words are there ("y").
        ("Y un tester en Basel?", "es", "tester Basel?"),
        # A name's words are never the language's ("Los" of "Los Angeles").
        ("¿Cuánto gana un tester en Los Angeles?", "es", "salary tester Los Angeles?"),
        # Names of several words, aliases, levels and amounts (with their sign) are read.
        ("Hoeveel is €60k voor een beginner QA engineer in ZRH?", "nl",
         "€60k beginner QA engineer ZRH?"),
        ("Combien gagne un release captain, et un G4 ?", "fr", "salary release captain G4?"),
    ],
)
def test_a_clear_message_in_another_language_is_read_in_the_knowledge_words(
        languages, message, language, text):
    foreign = languages.read(message)
    assert foreign is not None and foreign.language.id == language
    assert foreign.clear and foreign.text == text


@pytest.mark.parametrize(
    "message",
    [
        "Quelles compétences faut-il pour un tester ?",  # "compétences" is not read
        "Wat is het verschil tussen een tester en een release manager?",
        "Hoeveel verdient een tester in de buurt van de grote stad?",
        "Welke de het een",  # only the language's words: nothing asked
    ],
)
def test_a_message_in_another_language_that_says_more_than_the_knowledge_reads_is_not_clear(
        languages, message):
    foreign = languages.read(message)
    assert foreign is not None and not foreign.clear


def test_one_unread_word_in_five_still_leaves_a_message_clear(languages):
    foreign = languages.read("Quel est le salaire moyen d'un G2 tester à Basel ?")
    assert foreign is not None and foreign.language.id == "fr"
    assert foreign.unread == ("est", "moyen") and not foreign.clear  # two of six
    foreign = languages.read("Le salaire moyen d'un G2 tester à Basel ?")
    assert foreign is not None and foreign.unread == ("moyen",) and foreign.clear


def test_what_tells_the_language_is_counted(languages):
    foreign = languages.read("Hoeveel verdient een tester?")
    assert foreign is not None
    # "hoeveel" and "een", and a word for pay English does not use; nothing English.
    assert (foreign.marks, foreign.english) == (3, 0)
    assert foreign.read == ("verdient", "tester") and foreign.unread == ()


def test_more_english_than_the_other_language_is_english(languages):
    assert languages.read("what is the pay of een tester and a G2 in de Zurich office") is None


@pytest.mark.parametrize(
    ("message", "language"),
    [
        # One listed word, and words neither English nor the knowledge's make up the rest.
        ("Hoeveel dagen vakantie krijgt tester?", "nl"),
        ("Combien dure normalement période essai ?", "fr"),
    ],
)
def test_words_neither_english_nor_the_knowledges_back_one_of_the_language(
        languages, message, language):
    foreign = languages.read(message)
    assert foreign is not None and foreign.language.id == language and not foreign.clear


def test_typos_of_the_knowledges_words_back_no_language(languages):
    # "de" is Dutch and French; "tstr" and "salery" are typos the knowledge corrects.
    assert languages.read("salery de tstr zurich") is None


@pytest.mark.parametrize(("message", "country"), [
    ("¿Cuánto gana un tester en España?", "Spain"),
    ("Combien gagne un tester en Pologne ?", "Poland"),
    ("Wat verdient een tester in Zwitserland?", "Switzerland"),
])
def test_a_country_named_in_the_language_is_read_in_english(languages, message, country):
    found = languages.read(message)
    assert found is not None and found.clear and country in found.text
