"""The company's own content, all optional: who it is and how it speaks (`company.yml`), its pay
bands (`pay-bands*.csv`) and the pay-transparency rules of places (`pay-transparency*.csv`).

Parsed and validated with `file:line` like the rest of the knowledge. Without any of these files
the assistant answers from the market references alone, as before; with them, salary answers,
offer checks and hiring kits show the company's band beside the reference
(`api.answer.bands`), and a job post takes the company's own lines.

`company.yml`:
- `company:` name, `about` (lines for "About us", in the company's voice) and `voice` (`we`: the
  company speaks of itself as "we"/"our"; `name`: by its name);
- `benefits:` and `how_we_work:` lines;
- `levels:` what the company expects at each level of a ladder (years, scope, autonomy);
- `zones:` places grouped into pay zones that bands name ("US tier 1": Bay Area, Boston...).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from api.errors import Problem
from api.knowledge.records import RECORD_ID_RE, amount_value, date_value, table_rows
from api.knowledge.yamldoc import (
    YamlDoc,
    id_field,
    mapping_items,
    read_yaml,
    text_field,
    text_list,
    unknown_keys,
)
from api.text.money import PERIODS, MoneyError, check_currency

COMPANY_FILE = "company.yml"
BANDS_PREFIX = "pay-bands"
RULES_PREFIX = "pay-transparency"
COMPANY_KEYS = ("company", "benefits", "how_we_work", "levels", "zones")
COMPANY_FIELDS = ("name", "about", "voice")
LEVEL_FIELDS = ("ladder", "level", "years", "scope", "autonomy")
ZONE_FIELDS = ("id", "name", "places")
VOICES = ("we", "name")
BAND_REQUIRED = ("role", "min", "max", "currency", "effective")
BAND_OPTIONAL = ("id", "level", "zone", "location", "period", "source", "note")
RULE_REQUIRED = ("place", "rule", "source", "as_of")
RULE_OPTIONAL = ("law", "note")
# What each kind of pay-transparency rule asks of an employer; a kind is data's to choose, what
# it means for a job post is the code's (`ads`: a post without a range breaks the rule).
RULE_KINDS = {
    "ads": "a pay range in every job ad",
    "interview": "pay information before the first interview",
    "request": "pay information when a candidate asks",
}


@dataclass(frozen=True)
class Line:
    """One line of the company's own text and where it is written."""

    text: str
    line: int


@dataclass(frozen=True)
class LevelExpectation:
    """What the company expects at one level of a ladder."""

    ladder: str
    level: str
    line: int
    years: str = ""  # "5+", "2-4": years of experience, as the company states them
    scope: str = ""
    autonomy: str = ""


@dataclass(frozen=True)
class Zone:
    """Places grouped into one pay zone; bands name the zone."""

    id: str
    name: str
    places: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Company:
    """Who the company is and how it speaks."""

    name: str
    path: str
    line: int
    about: tuple[Line, ...] = ()
    voice: str = "we"
    benefits: tuple[Line, ...] = ()
    how_we_work: tuple[Line, ...] = ()
    levels: tuple[LevelExpectation, ...] = ()
    zones: tuple[Zone, ...] = ()

    @property
    def possessive(self) -> str:
        """How the company says "its": "our", or "Northwind's"."""
        if self.voice == "we":
            return "our"
        return self.name + ("'" if self.name.endswith("s") else "'s")

    def expectation(self, ladder: str, level: str) -> LevelExpectation | None:
        return next((e for e in self.levels if e.ladder == ladder and e.level == level), None)

    def zone(self, zone_id: str) -> Zone | None:
        return next((z for z in self.zones if z.id == zone_id), None)


@dataclass(frozen=True)
class PayBand:
    """The company's pay band for a role at a level, in a zone or place (or anywhere)."""

    role: str
    low: float
    high: float
    currency: str
    effective: date
    path: str
    line: int
    id: str = ""
    level: str = ""
    zone: str = ""
    location: str = ""
    period: str = "year"
    source: str = ""  # whose band it is, as shown ("Northwind pay bands"); default: the company
    note: str = ""


@dataclass(frozen=True)
class PayRule:
    """A place's pay-transparency rule: what it asks of an employer, its law and source."""

    place: str
    rule: str  # a key of RULE_KINDS
    source: str
    as_of: date
    path: str
    line: int
    law: str = ""
    note: str = ""

    @property
    def requires(self) -> str:
        return RULE_KINDS[self.rule]


@dataclass(frozen=True)
class CompanyContent:
    """All of the company's content; empty when the knowledge has none."""

    company: Company | None = None
    bands: tuple[PayBand, ...] = ()
    rules: tuple[PayRule, ...] = ()
    lines: dict[str, int] = field(default_factory=dict, compare=False)

    def __bool__(self) -> bool:
        return self.company is not None or bool(self.bands) or bool(self.rules)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for band in data["bands"]:
            band["effective"] = band["effective"].isoformat()
        for rule in data["rules"]:
            rule["as_of"] = rule["as_of"].isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> CompanyContent:
        if not data:
            return cls()
        raw = data.get("company")
        company = None
        if raw:
            company = Company(
                raw["name"], raw["path"], raw["line"],
                about=tuple(Line(**x) for x in raw["about"]), voice=raw["voice"],
                benefits=tuple(Line(**x) for x in raw["benefits"]),
                how_we_work=tuple(Line(**x) for x in raw["how_we_work"]),
                levels=tuple(LevelExpectation(**x) for x in raw["levels"]),
                zones=tuple(Zone(**{**x, "places": tuple(x["places"])}) for x in raw["zones"]))
        bands = tuple(PayBand(**{**b, "effective": date.fromisoformat(b["effective"])})
                      for b in data.get("bands", ()))
        rules = tuple(PayRule(**{**r, "as_of": date.fromisoformat(r["as_of"])})
                      for r in data.get("rules", ()))
        return cls(company, bands, rules, dict(data.get("lines", {})))


def company_file(name: str) -> str | None:
    """Which kind of company file a file name is ("company", "bands", "rules"), or None."""
    if name == COMPANY_FILE:
        return "company"
    if name.endswith(".csv") and name.startswith(BANDS_PREFIX):
        return "bands"
    if name.endswith(".csv") and name.startswith(RULES_PREFIX):
        return "rules"
    return None


# --- company.yml ------------------------------------------------------------------------------


def parse_company(text: str, shown: str, problems: list[Problem]) -> Company | None:
    """The company's own lines, levels and zones; None (and problems) when it is unusable."""
    doc = read_yaml(text, shown, problems)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        problems.append(Problem(shown, 1, f"{COMPANY_FILE} must be a mapping with: "
                                f"{', '.join(COMPANY_KEYS)}"))
        return None
    count = len(problems)
    unknown_keys(doc, doc.data, COMPANY_KEYS, (), problems)
    raw = doc.data.get("company")
    if not isinstance(raw, dict):
        problems.append(doc.problem("'company' must be a mapping with name, about and voice",
                                    "company"))
        return None
    unknown_keys(doc, raw, COMPANY_FIELDS, ("company",), problems)
    name = text_field(doc, raw, "name", ("company",), problems)
    voice = raw.get("voice", "we")
    if voice not in VOICES:
        problems.append(doc.problem(f"'voice' must be one of {', '.join(VOICES)}, got {voice!r}",
                                    "company", "voice"))
    company = Company(
        name, shown, doc.line("company"),
        about=_lines(doc, raw, "about", ("company",), problems), voice=str(voice),
        benefits=_lines(doc, doc.data, "benefits", (), problems),
        how_we_work=_lines(doc, doc.data, "how_we_work", (), problems),
        levels=_levels(doc, problems), zones=_zones(doc, problems))
    return company if len(problems) == count else None


def _lines(doc: YamlDoc, data: dict, key: str, path: tuple, problems: list[Problem]
           ) -> tuple[Line, ...]:
    if key not in data:
        return ()
    values = text_list(data[key])
    if values is None:
        problems.append(doc.problem(f"'{key}' must be a list of lines", *path, key))
        return ()
    listed = isinstance(data[key], list)
    return tuple(Line(" ".join(v.split()),
                      doc.line(*path, key, i) if listed else doc.line(*path, key))
                 for i, v in enumerate(values))


def _levels(doc: YamlDoc, problems: list[Problem]) -> tuple[LevelExpectation, ...]:
    found = []
    for path, item in mapping_items(doc, "levels", "level and years, scope or autonomy",
                                    problems):
        unknown_keys(doc, item, LEVEL_FIELDS, path, problems)
        ladder = str(item.get("ladder", ""))
        level = id_field(doc, item.get("level"), "level", (*path, "level"), problems)
        years = item.get("years", "")
        if not isinstance(years, (str, int)) or isinstance(years, bool):
            problems.append(doc.problem("'years' must be a number or text like '5+' or '2-4'",
                                        *path, "years"))
            years = ""
        texts = {k: text_field(doc, item, k, path, problems, required=False)
                 for k in ("scope", "autonomy")}
        if not (str(years).strip() or any(texts.values())):
            problems.append(doc.problem(f"level '{level}': give years, scope or autonomy", *path))
        found.append(LevelExpectation(ladder, level, doc.line(*path), str(years).strip(),
                                      **texts))
    return tuple(found)


def _zones(doc: YamlDoc, problems: list[Problem]) -> tuple[Zone, ...]:
    zones: list[Zone] = []
    for path, item in mapping_items(doc, "zones", "id, name and places", problems):
        unknown_keys(doc, item, ZONE_FIELDS, path, problems)
        zone_id = id_field(doc, item.get("id"), "zone", (*path, "id"), problems)
        places = text_list(item.get("places"))
        if not places:
            problems.append(doc.problem(f"zone '{zone_id}': 'places' must list its places",
                                        *path, "places"))
            places = []
        if any(z.id == zone_id for z in zones):
            problems.append(doc.problem(f"duplicate zone '{zone_id}'", *path, "id"))
        zones.append(Zone(zone_id, text_field(doc, item, "name", path, problems) or zone_id,
                          tuple(places), doc.line(*path)))
    return tuple(zones)


# --- pay-bands*.csv, pay-transparency*.csv ----------------------------------------------------


def parse_bands(text: str, shown: str, problems: list[Problem]) -> list[PayBand]:
    """The company's pay bands, one per row; every bad row is a problem with its line."""
    bands = []
    for line, values in table_rows(text, shown, BAND_REQUIRED, BAND_OPTIONAL, problems):
        errors = [f"missing {c}" for c in BAND_REQUIRED if not values[c]]
        if values["id"] and not RECORD_ID_RE.match(values["id"]):
            errors.append(f"invalid id '{values['id']}': use lower-case letters, digits, '-'")
        if values["zone"] and values["location"]:
            errors.append("give a zone or a location, not both")
        low = amount_value(values["min"], errors, "min")
        high = amount_value(values["max"], errors, "max")
        if low and high and low > high:
            errors.append(f"min ({low:g}) is above max ({high:g})")
        _currency(values["currency"], errors)
        period = values["period"] or "year"
        if period not in PERIODS:
            errors.append(f"period must be one of {', '.join(PERIODS)}, got '{period}'")
        effective = date_value(values["effective"], errors, "effective")
        if errors:
            problems.append(Problem(shown, line, f"pay band: {'; '.join(errors)}"))
            continue
        assert effective is not None
        bands.append(PayBand(values["role"], low, high, values["currency"], effective, shown,
                             line, id=values["id"], level=values["level"], zone=values["zone"],
                             location=values["location"], period=period,
                             source=values["source"], note=values["note"]))
    return bands


def parse_rules(text: str, shown: str, problems: list[Problem]) -> list[PayRule]:
    """Places' pay-transparency rules, one per row; every bad row is a problem with its line."""
    rules = []
    for line, values in table_rows(text, shown, RULE_REQUIRED, RULE_OPTIONAL, problems):
        errors = [f"missing {c}" for c in RULE_REQUIRED if not values[c]]
        if values["rule"] and values["rule"] not in RULE_KINDS:
            errors.append(f"rule must be one of {', '.join(RULE_KINDS)}, got '{values['rule']}'")
        as_of = date_value(values["as_of"], errors)
        if errors:
            problems.append(Problem(shown, line, f"pay-transparency rule: {'; '.join(errors)}"))
            continue
        assert as_of is not None
        rules.append(PayRule(values["place"], values["rule"], values["source"], as_of, shown,
                             line, law=values["law"], note=values["note"]))
    return rules


def _currency(code: str, errors: list[str]) -> None:
    if code:
        try:
            check_currency(code)
        except MoneyError as exc:
            errors.append(str(exc))
