"""A made-up domain for unit tests: testers and release managers on a g1-g4 grade ladder, paid
in CHF and JPY, with a quality-analyst median as the reference figure.

Everything here is invented (the Edelweiss Pay Survey does not exist); nothing comes from the
shipped knowledge, so a test passes only because the code reads the records it is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

from api.knowledge.domain import Domain
from api.knowledge.phrasings import Phrasings, parse_phrasings
from api.knowledge.profile import Assistant, Ladder, Level, Profile, Role
from api.knowledge.records import SalaryRecord
from api.search.lexicon import Lexicon


def _shipped_phrasings() -> Phrasings:
    """The English phrasings of the shipped knowledge: the made-up domain speaks English too."""
    path = Path(__file__).resolve().parents[2] / "knowledge/phrasings.yml"
    problems: list = []
    found = parse_phrasings(path.read_text(encoding="utf-8"), str(path), problems)
    assert found is not None and not problems, problems
    return found


PHRASINGS = _shipped_phrasings()
SURVEY = "Edelweiss Pay Survey"
SURVEY_DAY = date(2025, 3, 1)
OFFICE = "Fictional Statistics Office"
OFFICE_DAY = date(2024, 6, 30)
MEMO = "Test Desk Memo"

PROFILE = Profile(
    assistant=Assistant(
        name="Test desk",
        scope="I answer questions about testers and release managers, from made-up data.",
        greeting="Hello from the test desk.",
        placeholder="Ask the test desk",
        starters=("What does a G2 tester earn?",),
    ),
    roles=(
        Role("tester", "tester", "testers", ("QA engineer", "quality engineer"), "grades"),
        Role("release-manager", "release manager", "release managers", ("release captain",),
             "grades"),
        Role("quality-analyst", "quality analyst", "quality analysts", (), "grades"),
        Role("test-coach", "test coach", "test coaches", (), "grades"),
    ),
    ladders=(
        Ladder("grades", (
            Level("g1", "G1", ("beginner", "starter")),
            Level("g2", "G2", ("practitioner",)),
            Level("g3", "G3", ("expert",)),
            Level("g4", "G4", ("master",)),
        ), {"principal": "g4", "intern": "g1"}),
    ),
)


def record(id: str, role: str, amount: float, currency: str = "CHF", *, level: str = "",
           location: str = "", region: str = "", period: str = "year", source: str = SURVEY,
           as_of: date = SURVEY_DAY, **more: object) -> SalaryRecord:
    """One made-up salary row (path and line as if read from a table)."""
    return SalaryRecord(id=id, role=role, amount=amount, currency=currency, period=period,
                        source=source, as_of=as_of, path="made-up.csv", line=2, level=level,
                        location=location, region=region, **more)  # type: ignore[arg-type]


RECORDS = (
    # Testers: by grade (no g3 figure), by city, and one grade in one city.
    record("tester-g1", "tester", 60_000, level="g1"),
    record("tester-g2", "tester", 80_000, level="g2"),
    record("tester-g4", "tester", 120_000, level="g4"),
    record("tester-zurich", "tester", 95_000, location="Zurich", region="Switzerland",
           aliases=("ZRH",)),
    record("tester-geneva", "tester", 90_000, location="Geneva", region="Switzerland"),
    record("tester-basel", "tester", 87_000, location="Basel", region="Switzerland"),
    record("tester-tokyo", "tester", 7_000_000, "JPY", location="Tokyo", region="Japan"),
    record("tester-osaka", "tester", 6_000_000, "JPY", location="Osaka", region="Japan"),
    record("tester-zurich-g2", "tester", 100_000, level="g2", location="Zurich",
           region="Switzerland"),
    # Release managers: two yearly grades and an hourly one.
    record("release-manager-g1", "release-manager", 90_000, level="g1"),
    record("release-manager-g2", "release-manager", 110_000, level="g2"),
    record("release-manager-g3", "release-manager", 75, level="g3", period="hour"),
    # A national median for a wider occupation: a reference, not pay for a role of its own.
    record("quality-analyst-median", "quality-analyst", 88_000, location="Switzerland",
           measure="median", baseline=True, source=OFFICE, as_of=OFFICE_DAY, cited_in=MEMO,
           note="Made up for the unit tests."),
)

# Snippet texts the lexicon learns its words from, and the ways people write the terms.
TEXTS = (
    "A tester designs test plans and reports defects before a release.",
    "A release manager plans each release train and signs off the go-live checklist.",
    "Testers at grade G3 and above coach others on exploratory testing.",
    "Pay for testers depends on the grade and the city.",
)
SYNONYMS = {
    "salary": ("pay", "paid", "earn", "earns", "make", "makes", "wage", "wages"),
    "Switzerland": ("swiss",),
    "Japan": ("japanese",),
}


def make_domain(records: Iterable[SalaryRecord] = RECORDS, profile: Profile = PROFILE) -> Domain:
    """A domain over the given records (the made-up ones by default)."""
    return Domain(profile, {r.id: r for r in records}, phrasings=PHRASINGS)


def make_lexicon(domain: Domain, texts: Iterable[str] = TEXTS,
                 synonyms: Mapping[str, tuple[str, ...]] = SYNONYMS) -> Lexicon:
    """A lexicon that knows the texts' words, the synonyms and every name of the domain."""
    table = dict(domain.synonyms())
    for term, variants in synonyms.items():
        table[term] = (*table.get(term, ()), *variants)
    return Lexicon(texts, table, domain)
