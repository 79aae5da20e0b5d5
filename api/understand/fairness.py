"""Requests to choose candidates by who they are rather than what they can do.

A message is declined when it names a protected characteristic (age, sex or gender, pregnancy,
race, ethnicity, national origin or nationality, religion, disability, marital or family status,
sexual orientation) together with a way of selecting people (filter, prefer, avoid, rather not
interview...). Asking *about* such a topic ("is it legal to ask a candidate's age?") is not
selecting, and is read as any other question.
"""

from __future__ import annotations

import re

from api.knowledge.phrasings import Cues
from api.text.places import DEMONYMS as _DEMONYMS
from api.text.places import gazetteer
from api.text.words import tokenize

_PEOPLE = (
    r"(?:people|persons?|candidates?|applicants?|engineers?|developers?|workers?|employees?|"
    r"hires?|folks?|guys?|staff|men|women|ones?|talent|graduates?|grads?|nationals?|"
    r"citizens?|natives?|residents?|speakers?|teams?|workforce|crew)"
)

TRAITS = re.compile(
    r"\b(?:"
    # age
    r"age|ages|aged|ageing|aging|older|oldest|elderly|too old|too young|younger|youngest|"
    r"(?:old|young) " + _PEOPLE + r"|over\s*\d{2}s?|under\s*\d{2}s?|above\s*\d{2}|below\s*\d{2}|"
    r"\d{2}\s*(?:\+|plus|or (?:older|younger|over|under|above|below))|"
    r"digital natives?|recent grads? only|"
    r"\d{2}\s*(?:years?[- ]old|yo|y/o|year[- ]olds?)|in their (?:twenties|thirties|forties|"
    r"fifties|sixties|20s|30s|40s|50s|60s)|gen[- ]?z|millennials?|boomers?|retirement age|"
    r"date of birth|birth year|(?:graduated|graduating|born) (?:before|after|by|in) \d{4}|"
    # sex and gender
    r"gender|genders|sex|males?|females?|man(?![- ](?:hours?|days?|months?|years?))|men|women|"
    r"woman|girls?|boys?|ladies|lady|"
    r"gentlemen|guys|gals|blokes|lads|dudes|chaps|"
    # pregnancy
    r"pregnan\w*|maternity|paternity|parental leave|have (?:a )?bab(?:y|ies)|"
    r"start(?:ing)? a family|family plans|planning (?:a family|to have (?:kids|children))|"
    # race and ethnicity
    r"race|races|racial\w*|ethnic\w*|(?:white|black)(?![- ](?:box|boxes|list\w*|board|paper))|"
    r"whites|blacks|caucasians?|hispanics?|"
    r"latin[oaxe]s?|of colou?r|skin colou?r|skin tone|"
    # national origin and nationality
    r"nationality|nationalities|national origin|foreign(?:ers?)?|immigrants?|migrants?|"
    r"refugees?|native(?: english)? speakers?|non[- ]native|accents?|citizenship|"
    r"born (?:in|abroad|outside)|country of (?:origin|birth)|"
    r"(?:from|born in|raised in) (?:the )?(?:(?:non[- ]?)?western|eastern|foreign|third[- ]world|"
    r"developing|poor(?:er)?|rich(?:er)?|african|asian|arab|muslim|european|latin american) "
    r"countr(?:y|ies)|"
    # A nationality word counts when it names people ("Swiss candidates", "hire Germans"),
    # not things ("Swiss cities", "Japanese salaries").
    r"(?:" + "|".join(_DEMONYMS) + r")(?=\s+" + _PEOPLE + r"\b|\s*[.,;:!?)]|\s*$|"
    r"\s+(?:and|or|only|please|ones?|either|anymore|any more)\b)|"
    # religion
    r"religio\w*|christians?|muslims?|moslems?|islam\w*|jewish|jews?|hindus?|sikhs?|"
    r"catholics?|protestants?|atheists?|buddhists?|mormons?|evangelicals?|hijabs?|"
    r"headscarf|headscarves|turbans?|church\w*|mosques?|synagogues?|temples?|"
    # disability and health
    r"disab\w*|handicap\w*|wheelchairs?|(?:blind|deaf) " + _PEOPLE + r"|visually impaired|"
    r"hard of hearing|autis\w*|adhd|dyslexi\w*|neurodivergent|"
    r"neurodiverse|mental (?:health|illness)|chronic(?:ally)? ill\w*|medical conditions?|"
    r"health (?:issues?|problems?|conditions?)|"
    # marital and family status
    r"married|unmarried|marital|divorced|single (?:parents?|mothers?|moms?|mums?|fathers?|dads?)|"
    r"singles|spouses?|husbands?|wives|wife|kids|children|mothers?|moms?|mums?|fathers?|dads?|"
    r"parents|caregivers?|carers?|"
    r"family (?:status|commitments|obligations|responsibilities)|"
    # sexual orientation and gender identity
    r"sexual orientation|gay|gays|lesbians?|bisexual\w*|lgbt\w*|queer|"
    r"heterosexual\w*|homosexual\w*|trans|transgender|non[- ]binary"
    r")\b",
    re.I,
)
# Everyday words for people that name a characteristic only in passing ("these guys", "a young
# grad" for a new graduate).
EVERYDAY = re.compile(r"(?:guys|gals|lads|blokes|dudes|chaps|young (?:grads?|graduates?))",
                      re.I)
# "Anyone from <country>", "people born in <country>": national origin by place.
_FROM_PLACE = re.compile(
    r"\b(?:from|born in|raised in|citizens? of)\s+(?:the\s+)?([a-z][\w\s]{1,40})", re.I)
_MAX_NAME_TOKENS = 3


def asks_to_filter_people(text: str, cues: Cues) -> bool:
    """Whether a message asks to select candidates by a protected characteristic. Only
    wanting someone ("we want to hire a young grad": the cue `wanting` of
    knowledge/phrasings.yml) does not make an everyday word for a person a characteristic;
    choosing among people ("only", "prefer", "no ...": the cue `choosing`) does."""
    choosing = bool(cues.search("choosing", text))
    if not (choosing or cues.search("wanting", text)):
        return False
    traits = [m.group(0) for m in TRAITS.finditer(text)]
    if traits:
        return choosing or not all(EVERYDAY.fullmatch(t) for t in traits)
    return _names_origin(text)


def _names_origin(text: str) -> bool:
    """'anyone from Nigeria', 'people born in India': a country or continent of origin."""
    for match in _FROM_PLACE.finditer(text):
        tokens = tokenize(match.group(1))[:_MAX_NAME_TOKENS]
        found = gazetteer().find(tokens)
        if found and found[0][0] == 0 and found[0][2].kind in ("country", "continent"):
            return True
    return False
