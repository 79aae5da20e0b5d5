"""The lexicon: a question in the knowledge's own words (typos fixed, synonyms and names mapped to
their terms), plus the job titles, places and task requests it contains.

The lexicon is built from the knowledge base itself (its words, `synonyms.yml`, and the names of
roles, levels and places), so editing the knowledge also teaches search the new words.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from api.knowledge.domain import Domain
from api.search.role_names import role_named
from api.text.places import Place, gazetteer, is_demonym, named_as_place
from api.text.words import (
    GENERIC,
    NUMBER_WORDS,
    STOPWORDS,
    english_frequency,
    index_terms,
    normalize,
    one_edit_away,
    singular,
    stem,
    tokenize,
)

# A question that opens with one of these asks the bot to do a job, not to advise: "write me a
# Python function", "book a flight". Leading politeness ("can you please") is skipped first.
TASK_VERBS = frozenset(
    """
    write code fix debug book order buy sell draw paint compose generate summarize summarise
    email send schedule implement refactor deploy install sing play translate
    """.split()
)
# Words before a title that are no part of it: pronouns ("an agency that lends us engineers")
# and words that share out ("how much more per engineer?", "every engineer").
_OBJECTS = frozenset("us me them him her you per every each".split())
# What someone may ask to be told that no knowledge holds: "tell me a joke".
TOLD = frozenset("joke jokes story stories poem poems riddle riddles limerick fun".split())
_POLITE = frozenset("can could would will you u please pls plz hey hi kindly just".split())

# Last words of job titles: "civil engineer", "data analyst". A title is one the knowledge covers
# when all its words are known ("AI engineer", "software developer").
ROLE_HEADS = frozenset(
    """
    engineer eng developer dev scientist programmer coder analyst architect designer manager
    specialist researcher consultant administrator admin technician tester
    """.split()
)
# Occupations outside tech, for noticing questions about another profession ("nurse salary").
OCCUPATIONS = frozenset(
    """
    nurse teacher professor tutor lawyer attorney paralegal judge doctor physician surgeon dentist
    pharmacist therapist psychologist psychiatrist veterinarian vet paramedic midwife optometrist
    chiropractor nutritionist dietitian caregiver nanny babysitter plumber electrician carpenter
    mechanic welder mason roofer painter gardener landscaper janitor cleaner housekeeper maid cook
    chef baker butcher barista bartender waiter waitress cashier clerk receptionist secretary
    accountant bookkeeper auditor banker broker trader actuary economist ceo cfo coo cmo pilot
    steward stewardess driver trucker chauffeur courier farmer fisherman miner soldier firefighter
    fireman policeman policewoman cop detective guard journalist reporter editor writer author
    translator interpreter actor actress musician singer dancer artist photographer illustrator
    athlete footballer coach influencer youtuber streamer salesman salesperson realtor recruiter
    marketer librarian optician tailor hairdresser barber beautician stylist florist jeweler
    locksmith mailman postman butler surveyor geologist chemist biologist physicist astronaut
    priest pastor rabbi imam monk nun lifeguard zookeeper comedian magician sommelier
    """.split()
)

US_COUNTRY = re.compile(
    r"\bU\.?S\b|(?i:\b(?:the|in|across|within|outside)\s+us\b|"
    r"\bus\s+(?:city|cities|states?|locations?|markets?|based|salar\w*|pay|wide|median|figures?|numbers?)\b)"
)

MIN_CORRECTION_LENGTH = 4
CORRECTION_CUTOFF = 80.0  # rapidfuzz ratio (0-100): one or two edits in a word of 5+ letters
NAME_CUTOFF = 90.0  # a name's word with one letter missing or extra (7+ letters)
LIKELIER = 10  # how much commoner an English word one edit away must be to keep a typo its own


@dataclass(frozen=True)
class QueryAnalysis:
    """What a query says once spelling and synonyms are resolved."""

    original: str
    tokens: tuple[str, ...]
    # The query rewritten in the knowledge's own words: typos fixed, variants replaced by terms.
    rewritten: str
    # What the embedding model reads: typos fixed, jargon replaced, plain words kept.
    dense: str = ""
    corrections: Mapping[str, str] = field(default_factory=dict)
    # Canonical synonym terms the query mentions ("salary", "New York").
    terms: tuple[str, ...] = ()
    # Content words that neither the knowledge nor the synonyms know.
    unknown: tuple[str, ...] = ()
    # Content words in all (known or not), for coverage measures.
    content: tuple[str, ...] = ()
    # Job titles the knowledge covers ("ai engineer") and others it does not ("civil engineer").
    roles: tuple[str, ...] = ()
    other_roles: tuple[str, ...] = ()
    # The profile roles the question names, by id, in the order named.
    role_ids: tuple[str, ...] = ()
    # Titles the knowledge mentions that are no role of the profile ("research scientist").
    loose_titles: tuple[str, ...] = ()
    # Titles the ladders lack, used as a job title ("staff" in "staff ML engineer").
    titles: tuple[str, ...] = ()
    # Where each term starts among the tokens, in order: (token index, term).
    spans: tuple[tuple[int, str], ...] = ()
    # Places the question names that are not terms of the knowledge ("Paris", "Texas").
    places: tuple[Place, ...] = ()
    # The verb when the query asks the bot to do a job ("write", "book"), else "".
    task: str = ""

    @property
    def search_terms(self) -> list[str]:
        """Stemmed BM25 terms of the original and the rewritten query, without repeats."""
        seen: dict[str, None] = {}
        for term in index_terms(" ".join(self.tokens)) + index_terms(self.rewritten):
            seen.setdefault(term, None)
        return list(seen)


@dataclass
class _Phrased:
    """A query in the knowledge's terms: its words for search and for the model, the terms
    found (and where), and the places it names."""

    rewritten: list[str] = field(default_factory=list)
    dense: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    spans: list[tuple[int, str]] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    # Where each term's words stand in `dense`: (start, end, term).
    dense_at: list[tuple[int, int, str]] = field(default_factory=list)


class Lexicon:
    """The vocabulary of the knowledge base, with its synonyms, for reading queries."""

    def __init__(self, texts: Iterable[str], synonyms: Mapping[str, Iterable[str]],
                 domain: Domain) -> None:
        self.domain = domain
        self._seniority = domain.seniority_words
        vocabulary: set[str] = set()
        # Pairs of words the knowledge writes together: a job title it mentions ("research
        # scientist") is one it speaks of, even when no role of the profile has that name.
        self._pairs: set[tuple[str, str]] = set()
        for text in texts:
            tokens = tokenize(text)
            vocabulary.update(tokens)
            self._pairs.update(zip(tokens, map(singular, tokens[1:]), strict=False))
        phrases: dict[tuple[str, ...], str] = {}
        for term, variants in synonyms.items():
            term_tokens = tuple(tokenize(term))
            vocabulary.update(term_tokens)
            for variant in variants:
                variant_tokens = tuple(tokenize(variant))
                if variant_tokens and variant_tokens != term_tokens:
                    phrases[variant_tokens] = term
                    vocabulary.update(variant_tokens)
        self.vocabulary = frozenset(vocabulary)
        self._stems = frozenset(stem(w) for w in vocabulary)
        self._choices = sorted(w for w in vocabulary if len(w) >= MIN_CORRECTION_LENGTH - 1)
        # The words of the names of roles, levels and places (for names misspelt).
        self._names = sorted({w for name in domain.synonyms() for w in tokenize(name)
                              if len(w) >= MIN_CORRECTION_LENGTH and w in vocabulary})
        for modifier, role in _role_modifiers(domain).items():
            for noun in PEOPLE_NOUNS:  # "AI folks", "the prompt person"
                phrases.setdefault((*modifier, noun), role)
        self._phrases = phrases
        self._terms = {tuple(tokenize(t)): t for t in synonyms}
        # Names of roles of two words or more also match in another form of their words:
        # "data engineering" is the data engineer, "platform engineering" the platform one.
        self._role_stems = {
            tuple(stem(t) for t in words): role.name
            for role in domain.profile.roles
            for name in (role.name, role.plural, *role.aliases)
            if len(words := tuple(tokenize(name))) > 1
        }
        # Terms are matched as phrases too ("bureau of labor statistics" is 4 words).
        self._max_phrase = max((len(p) for p in (*phrases, *self._terms)), default=1)
        self._remembered = functools.lru_cache(maxsize=256)(self._analyze)

    def known(self, word: str) -> bool:
        """Whether the knowledge uses this word in some form ('interviewing' ~ 'interviews')."""
        if word in self.vocabulary:
            return True
        root = stem(word)  # short roots match too much: "itly" -> "it"
        return len(root) >= 4 and root in self._stems

    @functools.lru_cache(maxsize=8192)  # noqa: B019 - one lexicon per loaded index, lives as long
    def correct(self, word: str) -> str | None:
        """The knowledge's word that `word` is a typo of, or None if it is not a typo of one."""
        if (
            word in self.vocabulary
            or len(word) < MIN_CORRECTION_LENGTH
            or not word.isalpha()
            or _english(word)  # a real word, just not one the knowledge uses
        ):
            return None
        if self.known(word):
            # A form of a word the knowledge uses ("interviewing"), unless it is a name of its
            # with a letter missing that only looks like a form of it ("bellevu", "enginer").
            match = process.extractOne(word, self._names, scorer=fuzz.ratio,
                                       score_cutoff=NAME_CUTOFF)
        else:
            match = process.extractOne(
                word, self._choices, scorer=fuzz.ratio, score_cutoff=CORRECTION_CUTOFF)
        if not match:
            return None
        # Not a knowledge word when a far commoner English word is as near ("coud" is "could",
        # not "cloud").
        english = one_edit_away(word)
        frequency = english_frequency()
        return None if english and english != match[0] and frequency[english] > \
            LIKELIER * max(frequency[match[0]], 1000) else match[0]

    def term_of(self, words: str) -> str | None:
        """The knowledge's term that `words` are a way of writing ('Gehalt' -> 'salary'), or
        None when they are none of synonyms.yml's terms or variants, nor a name's."""
        return self._term(tuple(tokenize(words))) if words.strip() else None

    def variants_of(self, terms: Collection[str], *, several: bool = False) -> frozenset[str]:
        """The ways people write these terms (synonyms.yml's variants): of one word, as tokens;
        `several`: of more ("set us back"), their tokens joined by spaces."""
        return frozenset(" ".join(variant) for variant, term in self._phrases.items()
                         if (len(variant) > 1) == several and term in terms)

    def analyze(self, query: str) -> QueryAnalysis:
        """Tokenise, correct typos and map synonyms to the knowledge's terms. A turn reads its
        message and searches it: the second reading of the same text is remembered."""
        return self._remembered(query)

    def _analyze(self, query: str) -> QueryAnalysis:
        tokens = tokenize(query)
        named = {start: (end, place) for start, end, place in gazetteer().find(tokens)
                 if self.domain.lookup(tokens[start]) or named_as_place(query, tokens, start,
                                                                         end, place)}
        place_words = {t for start, (end, _) in named.items() for t in tokens[start:end]}
        corrections: dict[str, str] = {}
        fixed: list[str] = []
        for token in tokens:
            better = None if token in place_words else self.correct(token)
            if better:
                corrections[token] = better
            fixed.append(better or token)
        phrased = self._phrase(query, fixed, named, self._modifiers(query, fixed))
        content = tuple(t for t in fixed if t not in STOPWORDS)
        unknown = tuple(
            t
            for t in content
            if not self.known(t)
            and t not in self._seniority
            and t not in GENERIC
            and t not in place_words
            and not t.isdigit()
        )
        roles, other_roles, loose = self._roles(fixed)
        role_ids = [t.id for term in phrased.terms for t in self.domain.lookup(term)
                    if t.kind == "role"]
        dense = role_named(self.domain, query, phrased.dense, phrased.dense_at,
                           other_roles or loose)
        return QueryAnalysis(
            original=query,
            tokens=tuple(fixed),
            rewritten=" ".join(phrased.rewritten),
            dense=" ".join(dense),
            corrections=corrections,
            terms=tuple(dict.fromkeys(phrased.terms)),
            unknown=unknown,
            content=content,
            roles=roles,
            other_roles=other_roles,
            places=tuple(phrased.places),
            task="" if self.domain.cues.starts("compare_rank", query)  # "order them"
            else _task_verb(tokens),
            role_ids=tuple(dict.fromkeys(role_ids)),
            loose_titles=loose,
            titles=tuple(self._titles(fixed)),
            spans=tuple(phrased.spans),
        )

    def _modifiers(self, query: str, tokens: list[str]) -> set[int]:
        """Where a level's word only begins a hyphenated word: "mid-market", not "mid-level"."""
        text = normalize(query)
        return {i for i, (word, after) in enumerate(itertools.pairwise(tokens))
                if word in self._seniority and after not in self._seniority
                and singular(after) != "level" and f"{word}-{after}" in text}

    def _phrase(self, query: str, fixed: list[str], named: dict[int, tuple[int, Place]],
                modifiers: Collection[int] = ()) -> _Phrased:
        """The query in the knowledge's terms, longest phrase first, with the places named."""
        out = _Phrased()
        i = 0
        while i < len(fixed):
            for size in range(min(self._max_phrase, len(fixed) - i), 0, -1):
                chunk = tuple(fixed[i : i + size])
                term = None if size == 1 and i in modifiers else self._term(chunk)
                # "us" is the country when written so ("US") or placed so ("in us", "us
                # cities"), not the pronoun ("help us").
                if term and chunk == ("us",) and not US_COUNTRY.search(query):
                    term = None
                if term:
                    out.rewritten.append(term.lower())
                    # The model understands plain words better than our canonical term
                    # ("fresh" vs "date", "ML engineer"); it gets the term only for jargon
                    # written as one short word ("yoe", "mle").
                    plain = _plain_words(chunk) or len(chunk) > 1
                    start = len(out.dense)
                    out.dense.extend(chunk if plain else [term.lower()])
                    out.dense_at.append((start, len(out.dense), term))
                    out.terms.append(term)
                    out.spans.append((i, term))
                    i += size
                    break
            else:
                if i in named:
                    end, place = named[i]
                    out.places.append(place)
                    out.rewritten.extend(fixed[i:end])
                    out.dense.extend(fixed[i:end])
                    i = end
                    continue
                out.rewritten.append(fixed[i])
                out.dense.append(fixed[i])
                i += 1
        return out

    def _term(self, chunk: tuple[str, ...]) -> str | None:
        """The knowledge term a run of tokens stands for, also in the plural ("engineers")."""
        for form in (chunk, (*chunk[:-1], singular(chunk[-1]))):
            term = self._phrases.get(form) or self._terms.get(form)
            if term:
                return term
        if len(chunk) > 1:
            return self._role_stems.get(tuple(stem(t) for t in chunk))
        return None

    def _roles(self, tokens: list[str]
               ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """Split the job titles a query names into covered, not covered and loose ones.

        A title is covered when it names a role of the profile ("ML engineer"), is a bare head
        ("an engineer"), or says how someone works ("a remote designer"). A title the
        knowledge mentions without a role of its own ("research scientist") is covered but
        loose: there is content about it, but no figures. Any other title ("civil engineer")
        is another profession.
        """
        roles: list[str] = []
        others: list[str] = []
        loose: list[str] = []
        for i, token in enumerate(tokens):
            word = singular(token)
            if word in ROLE_HEADS:
                named = self._role_title(tokens, i)
                j = i - 1
                while j >= 0 and tokens[j] in self._seniority:
                    j -= 1
                # Not a kind of engineer: "non-technical", a count or an amount ("€150k, engineers")
                modifier = j >= 0 and tokens[j] not in STOPWORDS and not tokens[j].startswith(
                    "non") and not any(c.isdigit() for c in tokens[j]) \
                    and tokens[j] not in NUMBER_WORDS \
                    and tokens[j] not in _OBJECTS  # "lends us engineers"
                title = named or (tokens[j : i + 1] if modifier else [token])
                start = i - len(title) + 1
                if _describes_asker(tokens, start) or (not named and _addressed(tokens, start)):
                    continue  # "I'm a hiring manager": who asks, not what is asked about
                # ("an older engineer": who the person is, not a profession; the cue
                # protected_trait of knowledge/phrasings.yml)
                if named or not modifier or self._term(tuple(title)) or _describes_kind(
                        title[0]) or self.domain.cues.search("protected_trait", title[0]):
                    roles.append(" ".join(title))
                elif (title[-2], word) in self._pairs:
                    roles.append(" ".join(title))
                    loose.append(" ".join(title))
                else:
                    others.append(" ".join(title))
            elif word in OCCUPATIONS and not self.known(token) and not self.known(word):
                if not _describes_asker(tokens, i):
                    others.append(token)
        return tuple(roles), tuple(others), tuple(loose)

    def _role_title(self, tokens: list[str], head: int) -> list[str]:
        """The longest run of words ending at `head` that names a role, or []."""
        for size in range(min(self._max_phrase, head + 1), 1, -1):
            span = tokens[head - size + 1 : head + 1]
            term = self._term(tuple(span))
            if term and any(t.kind == "role" for t in self.domain.lookup(term)):
                return span
        return []

    def _titles(self, tokens: list[str]) -> list[str]:
        """Titles the ladders lack used as a job title: 'staff' in "staff ML engineer" or "a
        staff one", not in "staff up the team"."""
        found = []
        for i, token in enumerate(tokens):
            if token not in self.domain.title_words:
                continue
            following = [singular(t) for t in tokens[i + 1 : i + 4]]
            titled = any(t in ROLE_HEADS or t in ("one", "level", "role") for t in following)
            alone = len(tokens) <= 2  # "intern?", "and staff?"
            if titled or alone or (i > 0 and tokens[i - 1] in ("a", "an", "for", "at")):
                found.append(token)
        return list(dict.fromkeys(found))


# People, when named by what they work on: "the AI folks", "a prompt person".
PEOPLE_NOUNS = ("person", "people", "folk", "folks", "guy", "guys", "team", "hire", "hires",
                "talent", "candidate", "candidates", "specialist", "specialists", "expert",
                "experts", "one", "ones")


def _role_modifiers(domain: Domain) -> dict[tuple[str, ...], str]:
    """The words before the head of each role's names ("AI" of "AI engineer"), when they point
    at that role only (not "data", shared by data engineers and data scientists)."""
    seen: dict[tuple[str, ...], set[str]] = {}
    for role in domain.profile.roles:
        for name in (role.name, *role.aliases):
            words = tuple(tokenize(name))
            if len(words) > 1 and singular(words[-1]) in ROLE_HEADS:
                seen.setdefault(words[:-1], set()).add(role.name)
    return {words: roles.pop() for words, roles in seen.items() if len(roles) == 1}


PLAIN_WORD = 1_000  # corpus frequency from which a word counts as everyday English


# British spellings the word list knows in their American form: "specialise", "colour".
_BRITISH = ((r"is(e|ed|es|ing|ation|ations)$", r"iz\1"), (r"our$", "or"), (r"yse$", "yze"),
            (r"tre$", "ter"), (r"ence$", "ense"))


def _english(word: str) -> bool:
    """Whether a word is everyday English, in British or American spelling."""
    frequency = english_frequency()
    return word in frequency or any(
        re.sub(pattern, american, word) in frequency for pattern, american in _BRITISH
        if re.search(pattern, word))


def _plain_words(chunk: tuple[str, ...]) -> bool:
    frequency = english_frequency()
    return all(len(t) > 3 and frequency[t] >= PLAIN_WORD for t in chunk)


# Words before a job title that say how or how well someone works, not which profession:
# "a remote designer", "an outstaffed engineer", "a strong developer".
EMPLOYMENT_WORDS = frozenset(
    """
    freelance freelancer contract contractor remote offshore nearshore outsourced outstaffed
    external internal inhouse in house fulltime parttime full part time permanent temporary temp
    local foreign good great strong talented skilled qualified certified new first typical
    average ordinary regular top best solid decent hybrid onsite general generic standard
    """.split()
)


def _describes_kind(word: str) -> bool:
    """Whether a word before a title qualifies the person rather than naming a profession:
    how they work, how good they are, or where they are ("a French engineer", "a UK dev")."""
    return word in EMPLOYMENT_WORDS or word in GENERIC or (word.endswith("ed") and len(word) > 4) \
        or is_demonym(word) or any(start == 0 for start, _, _ in gazetteer().find([word]))


def _task_verb(tokens: list[str]) -> str:
    """The imperative verb a query opens with, after politeness, if it is a task verb; or
    "tell" for something made up to be told ("tell me a joke about recruiters")."""
    rest = list(tokens)
    while rest and (rest[0] in _POLITE or rest[:2] in (["help", "me"], ["help", "us"])):
        rest = rest[2:] if rest[0] == "help" else rest[1:]  # ("can you help me write ...")
    if rest[:1] == ["tell"] and set(rest[1:5]) & TOLD:
        return "tell"
    return rest[0] if rest and rest[0] in TASK_VERBS else ""


def _addressed(tokens: list[str], start: int) -> bool:
    """Whether a title (not one of the knowledge's roles) at `start` is someone the asker deals
    with: "pass it on to the hiring manager", "check with the recruiter"."""
    before = tokens[max(0, start - 2) : start]
    return len(before) == 2 and before[1] == "the" and before[0] in ("to", "with", "by", "from")


def _describes_asker(tokens: list[str], start: int) -> bool:
    """Whether the title at `start` is the asker or someone around them, not what is asked
    about: "I'm a hiring manager", "as a recruiter", "our CFO wants to know"."""
    before = tokens[max(0, start - 3) : start]
    if before and before[-1] in ("my", "our", "your"):
        return True
    if before and before[-1] in ("a", "an"):
        before = before[:-1]
    return bool(before) and before[-1] in ("i'm", "im", "am", "as", "we're", "are")
