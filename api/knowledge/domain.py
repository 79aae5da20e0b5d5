"""The domain of one knowledge base: which roles, levels, places, regions and sources exist, how
people name them, and which salary records each has.

Built from the profile and the salary records, never from code: a new role, ladder or currency in
`knowledge/` is a new entry here after a rebuild. Query reading and salary reasoning both use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from api.knowledge.company import CompanyContent
from api.knowledge.naming import Naming
from api.knowledge.phrasings import Cues, Phrasings
from api.knowledge.profile import Ladder, Profile, Role
from api.knowledge.records import SalaryRecord
from api.text.places import Place, contains, gazetteer, nearest
from api.text.words import GENERIC, STOPWORDS, english_frequency, singular, tokenize

# A source's word this rare in English, and this long, names it on its own ("Glassdoor");
# other words ("bureau", "labor", "tech") must come two together.
RARE_WORD = 100
NAME_LENGTH = 6


@dataclass(frozen=True)
class Term:
    """What a name in a question stands for."""

    kind: str  # "role", "level", "location" or "region"
    id: str


class Domain:
    """Roles, levels, places and sources of one knowledge base, and how they are named."""

    def __init__(self, profile: Profile, records: Mapping[str, SalaryRecord],
                 company: CompanyContent | None = None, phrasings: Phrasings | None = None
                 ) -> None:
        """`company`: the company's own content (bands, zones, rules); none by default.
        `phrasings`: how people say what a message does; no cue is said without them."""
        self.profile = profile
        self.cues = Cues(phrasings)
        self.records = dict(records)
        self.company = company or CompanyContent()
        self.naming = Naming(profile, self.records.values())
        terms: dict[str, list[Term]] = {}

        def add(name: str, term: Term) -> None:
            key = " ".join(tokenize(name))
            if key and term not in terms.setdefault(key, []):
                terms[key].append(term)

        for role in profile.roles:
            for name in (role.id.replace("-", " "), role.name, role.plural, *role.aliases):
                add(name, Term("role", role.id))
        self._bare = {w: r for w, r in _bare_names(profile).items() if w not in terms}
        for word, role_id in self._bare.items():
            add(word, Term("role", role_id))
        # ...and those that are everyday words ("robotics"), which name the role only beside
        # its figures or a level (api.understand.reading)
        self.everyday_bare = {w: r for w, r in _bare_names(profile, everyday=True).items()
                              if w not in terms}
        for ladder in profile.ladders:
            for level in ladder.levels:
                for name in (level.id, level.name, *level.aliases):
                    add(name, Term("level", level.id))
        for record in self.records.values():
            if record.location:
                for name in (record.location, *record.aliases):
                    add(name, Term("location", record.location))
            if record.region:
                add(record.region, Term("region", record.region))
        self._terms = terms

    # --- names ----------------------------------------------------------------------------------

    def lookup(self, name: str) -> list[Term]:
        """What a name stands for ('NYC' -> the location 'New York'), by its words."""
        key = " ".join(tokenize(name))
        found = self._terms.get(key)
        if found is None and key:
            words = key.split()
            found = self._terms.get(" ".join((*words[:-1], singular(words[-1]))))
        return list(found or ())

    def synonyms(self) -> dict[str, tuple[str, ...]]:
        """Every name of a role, level or place mapped to its canonical name, for search."""
        table: dict[str, tuple[str, ...]] = {}

        def put(term: str, variants: Iterable[str]) -> None:
            table[term] = tuple(dict.fromkeys((*table.get(term, ()), *variants)))

        for role in self.profile.roles:
            bare = [w for w, r in self._bare.items() if r == role.id]  # "MLOps"
            put(role.name, (role.plural, *role.aliases, *bare))
        for ladder in self.profile.ladders:
            for level in ladder.levels:
                put(level.name, (level.id, *level.aliases))
        for record in self.records.values():
            if record.location:
                put(record.location, record.aliases)
        return table

    @cached_property
    def seniority_words(self) -> frozenset[str]:
        """Words that qualify a job title's level ('senior', 'L5', 'staff'), from the ladders."""
        words: set[str] = set()
        for ladder in self.profile.ladders:
            for level in ladder.levels:
                for name in (level.id, level.name, *level.aliases):
                    words.update(tokenize(name))
            words.update(ladder.nearest)
        return frozenset(words - STOPWORDS)

    @cached_property
    def name_words(self) -> frozenset[str]:
        """Every word of a name of a role, level or place (they say who or where, not what)."""
        words: set[str] = set()
        for key in self._terms:
            words.update(key.split())
        return frozenset(words | self.seniority_words)

    @cached_property
    def title_words(self) -> frozenset[str]:
        """Titles a ladder lacks and maps to a level it has ('staff', 'principal')."""
        return frozenset(w for ladder in self.profile.ladders for w in ladder.nearest)

    @cached_property
    def _source_words(self) -> list[tuple[str, list[str]]]:
        """Each source with the words that tell it from the others (not names, not shared)."""
        tokens = {source: tokenize(source) for source in self.sources}
        return [(source, [w for w in words if w not in STOPWORDS and w not in GENERIC
                          and w not in self.name_words and not w.isdigit()
                          and sum(w in other for other in tokens.values()) == 1])
                for source, words in tokens.items()]

    def sources_in(self, tokens: Iterable[str]) -> list[str]:
        """The record sources a question names ('Glassdoor'; 'labor statistics' for the BLS)."""
        said = set(tokens)
        frequency = english_frequency()
        found = []
        for source, words in self._source_words:
            hits = [w for w in words if w in said]
            if len(hits) >= 2 or (hits and len(hits) == len(words)) or any(
                    frequency[w] < RARE_WORD and len(w) >= NAME_LENGTH for w in hits):
                found.append(source)
        return found

    # --- roles and levels ---------------------------------------------------------------------

    @property
    def primary_role(self) -> Role:
        """The role a question means when it names none: the first of the profile."""
        return self.profile.roles[0]

    def role(self, role_id: str) -> Role | None:
        return self.profile.role(role_id)

    def role_name(self, role_id: str, *, plural: bool = False) -> str:
        return self.naming.role_name(role_id, plural=plural)

    def ladder(self, role_id: str) -> Ladder | None:
        return self.profile.ladder_of(role_id)

    def levels_of(self, role_id: str) -> list[str]:
        """The levels a role has figures for, lowest first."""
        ladder = self.ladder(role_id)
        have = {r.level for r in self.rows(role_id) if r.level}
        return [lv.id for lv in ladder.levels if lv.id in have] if ladder else sorted(have)

    def on_ladder(self, role_id: str, level_id: str) -> bool:
        ladder = self.ladder(role_id)
        return ladder is not None and ladder.level(level_id) is not None

    def level_for_title(self, role_id: str, word: str) -> str | None:
        """The level a ladder maps a title it lacks to ('staff' -> 'senior')."""
        ladder = self.ladder(role_id)
        return ladder.nearest.get(word) if ladder else None

    def nearest_level(self, role_id: str, level_id: str) -> str | None:
        """The level nearest to `level_id` on the role's ladder that has figures (the higher
        one on a tie)."""
        ladder = self.ladder(role_id)
        have = self.levels_of(role_id)
        if ladder is None or not have:
            return None
        rank = ladder.rank(level_id)
        return min(reversed(have), key=lambda lv: abs(ladder.rank(lv) - rank))

    # --- records --------------------------------------------------------------------------------

    def rows(self, role_id: str | None = None, *, baseline: bool | None = False
             ) -> list[SalaryRecord]:
        """Records of a role (all roles for None); `baseline` None keeps reference figures too."""
        return [
            r for r in self.records.values()
            if (role_id is None or r.role == role_id)
            and (baseline is None or r.baseline == baseline)
        ]

    @cached_property
    def roles_with_figures(self) -> list[str]:
        """Roles with pay figures of their own (not only reference baselines), profile order."""
        have = {r.role for r in self.records.values() if not r.baseline}
        return [r.id for r in self.profile.roles if r.id in have]

    @cached_property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(r.source for r in self.records.values()))

    @cached_property
    def regions(self) -> list[str]:
        return list(dict.fromkeys(r.region for r in self.records.values() if r.region))

    # --- places -------------------------------------------------------------------------------

    @cached_property
    def _places(self) -> dict[str, Place]:
        places = {}
        for record in self.records.values():
            if record.location and record.location not in places:
                place = gazetteer().lookup(record.location)
                if place is not None:
                    places[record.location] = place
        return places

    def place_of(self, location: str) -> Place | None:
        """Where a table's location is in the world ('Boston, MA' -> Boston, US)."""
        return self._places.get(location)

    def near(self, place: Place, role_id: str) -> tuple[list[str], str]:
        """The role's locations nearest to a place the tables do not name, and how they were
        chosen: 'country' (the place is in a country with a figure), 'state', 'in country'
        (locations in the same country), 'continent', or '' when nothing is near."""
        known = {
            r.location: self._places[r.location]
            for r in self.rows(role_id)
            if r.location and r.location in self._places
        }
        return nearest(place, known)

    def resolve_place(self, name: str) -> str | Place | None:
        """What a place name in the company's content stands for: a location of the tables
        ('Boston' -> 'Boston, MA'), else a place in the world, else None."""
        location = next((t.id for t in self.lookup(name) if t.kind == "location"), None)
        return location if location is not None else gazetteer().lookup(name)

    def in_place(self, name: str, location: str = "", place: Place | None = None) -> bool:
        """Whether a place asked about (a table's `location`, or a `place` in the world) lies
        within the place `name` of the company's content ('Massachusetts' holds Boston)."""
        found = self.resolve_place(name)
        if found is None:
            return False
        if isinstance(found, str):
            if location and found == location:
                return True
            # A location of the tables holds the places within it ('Germany' holds Berlin).
            outer = self.place_of(found)
            if outer is None:
                return False
            found = outer
        inner = place or (self.place_of(location) if location else None)
        return inner is not None and contains(found, inner)


# A role's name said without its last word stands for the role when that word is no English
# word, is long enough not to be an abbreviation, and no other role is named by it: "MLOps" for
# an MLOps engineer (not "AI" nor "data", nor "prompt").
_BARE_MIN_LETTERS = 4
_BARE_MAX_FREQUENCY = 100


def _bare_names(profile: Profile, *, everyday: bool = False) -> dict[str, str]:
    """The role names said without their last word, to the role each names alone (only the
    words of everyday English when `everyday`, else only the others; an everyday word only
    from the role's own name, not from its aliases: "robotics", not "typical")."""
    frequency = english_frequency()
    found: dict[str, set[str]] = {}
    own = {tokenize(role.name)[0] for role in profile.roles if len(tokenize(role.name)) == 2}
    for role in profile.roles:
        for name in (role.name, role.plural, *role.aliases):
            words = tokenize(name)
            if len(words) == 2:
                found.setdefault(words[0], set()).add(role.id)
    return {word: next(iter(ids)) for word, ids in found.items()
            if len(ids) == 1 and len(word) >= _BARE_MIN_LETTERS and word.isalpha()
            and (frequency[word] > _BARE_MAX_FREQUENCY) == everyday
            and (word in own or not everyday)}

