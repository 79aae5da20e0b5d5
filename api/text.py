"""Words: tokenising, stemming, spelling correction and synonyms for queries and snippets.

The lexicon is built from the knowledge base itself (its words plus `synonyms.yml`), so editing
the knowledge also teaches search the new words.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import Stemmer
from rapidfuzz import fuzz, process

from api.places import Place, gazetteer

# Function words that carry no topic. "us" is left out on purpose: it is also the country.
STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are aren't as at be because been before
    being below between both but by can can't cannot could couldn't did didn't do does doesn't
    doing don't down during each few for from further had hadn't has hasn't have haven't having he
    he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if
    in into is isn't it it's its itself let's me more most mustn't my myself no nor not of off on
    once only or other ought our ours ourselves out over own same shan't she she'd she'll she's
    should shouldn't so some such than that that's the their theirs them themselves then there
    there's these they they'd they'll they're they've this those through to too under until up
    very was wasn't we we'd we'll we're we've were weren't what what's when when's where where's
    which while who who's whom why why's with won't would wouldn't you you'd you'll you're you've
    your yours yourself yourselves
    whats hows whos im ive id youre dont doesnt isnt arent wont cant
    pls please plz hey hi hello thanks thank ok okay yeah yes also just really tell give show
    know need want wanna gonna like get got would much many kind sort bit lot lots
    r u ur y thx bc cuz tho lemme gimme kinda sorta btw imo fyi asap lol idk
    """.split()
)

# Everyday words of questions that never make one off-topic on their own: a question is not
# about something else because it says "fair", "person" or "actually".
GENERIC = frozenset(
    """
    actually really exactly basically generally usually typically typical normally normal
    average reasonable fair good bad best better great decent okay fine right wrong real true
    main key important big small large huge high higher highest low lower cheap cheaper
    expensive pricey pricier costly enough else anything something everything nothing stuff
    thing things way ways type types little several various different similar current
    currently now today nowadays days time times month months week weeks day person people
    someone somebody anyone anybody everyone folks folk guy guys gal candidate candidates
    applicant applicants employee employees worker workers firm firms org organisation
    organization job jobs position positions work working works worked look looking looks find
    finding found getting go going goes went come coming making made take taking use using used
    needs needed wants wanted might must able think thought mean means say says said ask asking
    expect expected expecting consider considering weigh weighing check checking keep keeping
    start starting begin plan planning wondering wonder curious quick question q ballpark
    roughly approximately approx around estimate idea sense takeaway takeaways lesson lessons
    gist summary summarise summarize tldr point points bottom line overall main
    """.split()
)

# A question that opens with one of these asks the bot to do a job, not to advise: "write me a
# Python function", "book a flight". Leading politeness ("can you please") is skipped first.
TASK_VERBS = frozenset(
    """
    write code fix debug book order buy sell draw paint compose generate summarize summarise
    email send schedule implement refactor deploy install sing play
    """.split()
)
_POLITE = frozenset("can could would will you u please pls plz hey hi kindly just".split())

# Last words of job titles: "civil engineer", "data analyst". A title is one the knowledge covers
# when all its words are known ("AI engineer", "software developer").
ROLE_HEADS = frozenset(
    """
    engineer eng developer dev scientist programmer coder analyst architect designer manager
    specialist researcher consultant administrator admin technician tester
    """.split()
)
# Words that qualify a title's seniority rather than its profession ("principal engineer").
SENIORITY = frozenset(
    """
    senior junior middle mid lead principal staff chief head intern trainee associate
    entry distinguished sr jr experienced new
    """.split()
)
# Seniority words the salary data has no level for, and the nearest level it has.
NEAREST_LEVEL = {
    "principal": "senior",
    "staff": "senior",
    "lead": "senior",
    "head": "senior",
    "chief": "senior",
    "distinguished": "senior",
    "intern": "junior",
    "trainee": "junior",
}
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
    r"\bus\s+(?:cities|states|locations|market|based|salar\w*|pay|wide|median|figures?)\b)"
)

TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
MIN_CORRECTION_LENGTH = 4
CORRECTION_CUTOFF = 80.0  # rapidfuzz ratio (0-100): one or two edits in a word of 5+ letters


def normalize(text: str) -> str:
    """Lower-case, Unicode-folded text with thousands separators removed ('151,000' -> '151000')."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("‘", "'")
    # "non-technical" is not "technical", a "non-AI programmer" not an AI one.
    text = re.sub(r"\bnon[-\s]+(?=tech|ai\b|ml\b)", "non", text)
    return re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)


def tokenize(text: str) -> list[str]:
    """Word tokens of normalised text, possessives dropped ("engineer's" -> 'engineer')."""
    return [t.removesuffix("'s") for t in TOKEN_RE.findall(normalize(text))]


_stemmer = Stemmer.Stemmer("english")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


def seniority_titles(tokens: Sequence[str]) -> list[str]:
    """Seniority words the salary data lacks, used in a job title: 'staff' in "staff ML
    engineer", not in "staff up the team"."""
    found = []
    for i, token in enumerate(tokens):
        following = [singular(t) for t in tokens[i + 1 : i + 4]]
        if token in NEAREST_LEVEL and any(t in ROLE_HEADS for t in following):
            found.append(token)
    return list(dict.fromkeys(found))


def singular(word: str) -> str:
    """Rough English singular, enough to match titles: 'nurses' -> 'nurse', 'men' -> 'man'."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("men") and len(word) > 4:
        return word[:-3] + "man"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def index_terms(text: str) -> list[str]:
    """Stemmed content tokens: what BM25 indexes and searches."""
    return [stem(t) for t in tokenize(text) if t not in STOPWORDS]


@functools.lru_cache(maxsize=1)
def english_frequency() -> Mapping[str, int]:
    """How common each English word is (pyspellchecker's corpus counts; 0 when unknown)."""
    from spellchecker import SpellChecker

    frequency: Mapping[str, int] = SpellChecker(language="en").word_frequency  # type: ignore[assignment]
    return frequency


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


class Lexicon:
    """The vocabulary of the knowledge base, with its synonyms, for reading queries."""

    def __init__(self, texts: Iterable[str], synonyms: Mapping[str, Iterable[str]]) -> None:
        vocabulary: set[str] = set()
        for text in texts:
            vocabulary.update(tokenize(text))
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
        self._phrases = phrases
        self._terms = {tuple(tokenize(t)): t for t in synonyms}
        # Terms are matched as phrases too ("bureau of labor statistics" is 4 words).
        self._max_phrase = max((len(p) for p in (*phrases, *self._terms)), default=1)

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
            self.known(word)
            or len(word) < MIN_CORRECTION_LENGTH
            or not word.isalpha()
            or word in english_frequency()  # a real word, just not one the knowledge uses
        ):
            return None
        match = process.extractOne(
            word, self._choices, scorer=fuzz.ratio, score_cutoff=CORRECTION_CUTOFF
        )
        return match[0] if match else None

    def analyze(self, query: str) -> QueryAnalysis:
        """Tokenise, correct typos and map synonyms to the knowledge's terms."""
        tokens = tokenize(query)
        spans = {start: (end, place) for start, end, place in gazetteer().find(tokens)}
        place_words = {t for start, (end, _) in spans.items() for t in tokens[start:end]}
        corrections: dict[str, str] = {}
        fixed: list[str] = []
        for token in tokens:
            better = None if token in place_words else self.correct(token)
            if better:
                corrections[token] = better
            fixed.append(better or token)
        rewritten: list[str] = []
        dense: list[str] = []
        terms: list[str] = []
        places: list[Place] = []
        i = 0
        while i < len(fixed):
            for size in range(min(self._max_phrase, len(fixed) - i), 0, -1):
                chunk = tuple(fixed[i : i + size])
                term = self._term(chunk)
                # "us" is the country when written so ("US") or placed so ("in us", "us
                # cities"), not the pronoun ("help us").
                if term and chunk == ("us",) and not US_COUNTRY.search(query):
                    term = None
                if term:
                    rewritten.append(term.lower())
                    # The model understands plain words better than our canonical term
                    # ("fresh" vs "date"); it gets the term only for jargon ("yoe", "mle").
                    dense.extend(chunk if _plain_words(chunk) else [term.lower()])
                    terms.append(term)
                    i += size
                    break
            else:
                if i in spans:
                    end, place = spans[i]
                    places.append(place)
                    rewritten.extend(fixed[i:end])
                    dense.extend(fixed[i:end])
                    i = end
                    continue
                rewritten.append(fixed[i])
                dense.append(fixed[i])
                i += 1
        content = tuple(t for t in fixed if t not in STOPWORDS)
        unknown = tuple(
            t
            for t in content
            if not self.known(t)
            and t not in SENIORITY
            and t not in GENERIC
            and t not in place_words
            and not t.isdigit()
        )
        roles, other_roles = self._roles(fixed)
        return QueryAnalysis(
            original=query,
            tokens=tuple(fixed),
            rewritten=" ".join(rewritten),
            dense=" ".join(dense),
            corrections=corrections,
            terms=tuple(dict.fromkeys(terms)),
            unknown=unknown,
            content=content,
            roles=roles,
            other_roles=other_roles,
            places=tuple(places),
            task=_task_verb(tokens),
        )

    def _term(self, chunk: tuple[str, ...]) -> str | None:
        """The knowledge term a run of tokens stands for, also in the plural ("engineers")."""
        for form in (chunk, (*chunk[:-1], singular(chunk[-1]))):
            term = self._phrases.get(form) or self._terms.get(form)
            if term:
                return term
        return None

    def _roles(self, tokens: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Split the job titles a query names into covered and not covered."""
        roles: list[str] = []
        others: list[str] = []
        for i, token in enumerate(tokens):
            word = singular(token)
            if word in ROLE_HEADS:
                j = i - 1
                while j >= 0 and tokens[j] in SENIORITY:
                    j -= 1
                modifier = j >= 0 and tokens[j] not in STOPWORDS and not tokens[j].startswith("non")
                title = tokens[j : i + 1] if modifier else [token]
                if _describes_asker(tokens, i - len(title) + 1):
                    continue  # "I'm a hiring manager": who asks, not what is asked about
                # The head must be a word the knowledge itself uses ("management" does not make
                # a "product manager" known); the other words may be known in any form.
                head = singular(title[-1])
                known = (head in self.vocabulary or title[-1] in self.vocabulary) and all(
                    self.known(t) for t in title[:-1]
                )
                (roles if known else others).append(" ".join(title))
            elif word in OCCUPATIONS and not self.known(token) and not self.known(word):
                if not _describes_asker(tokens, i):
                    others.append(token)
        return tuple(roles), tuple(others)


PLAIN_WORD = 1_000  # corpus frequency from which a word counts as everyday English


def _plain_words(chunk: tuple[str, ...]) -> bool:
    frequency = english_frequency()
    return all(len(t) > 3 and frequency[t] >= PLAIN_WORD for t in chunk)


def _task_verb(tokens: list[str]) -> str:
    """The imperative verb a query opens with, after politeness, if it is a task verb."""
    rest = list(tokens)
    while rest and rest[0] in _POLITE:
        rest.pop(0)
    return rest[0] if rest and rest[0] in TASK_VERBS else ""


def _describes_asker(tokens: list[str], start: int) -> bool:
    """Whether the title at `start` is the asker or someone around them, not what is asked
    about: "I'm a hiring manager", "as a recruiter", "our CFO wants to know"."""
    before = tokens[max(0, start - 3) : start]
    if before and before[-1] in ("my", "our", "your"):
        return True
    if before and before[-1] in ("a", "an"):
        before = before[:-1]
    return bool(before) and before[-1] in ("i'm", "im", "am", "as", "we're", "are")
